import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clubMemberships, registrations } from '../../../db/schema';
import { randomCode } from '../../../src/lib/codes';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createEvent, createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

describe('a member on the roster with their record at this club’s events', () => {
  it('counts registrations, attendance and no-shows at this club only', async () => {
    const coordinator = await createUser(ctx, { role: 'coordinator' });
    const club = await createClub(ctx, { coordinatorIds: [coordinator.id] });
    const other = await createClub(ctx);
    const member = await createUser(ctx, { name: '记录会员' });
    const now = ctx.clock.now();
    await ctx.deps.db.insert(clubMemberships).values({ clubId: club.id, userId: member.id, status: 'active', requestedAt: now, queuedAt: now, activeSince: now, statusChangedAt: now });
    const register = async (eventId: number, extra: Partial<typeof registrations.$inferInsert> = {}) =>
      ctx.deps.db.insert(registrations).values({ code: randomCode(), eventId, userId: member.id, status: 'confirmed', guests: 0, children: [], seats: 1, createdAt: now, queuedAt: now, confirmedAt: now, ...extra });
    await register((await createEvent(ctx, { clubId: club.id })).id, { checkedInSeats: 1, checkedInAt: now });
    await register((await createEvent(ctx, { clubId: club.id })).id, { noShowAt: now });
    await register((await createEvent(ctx, { clubId: club.id })).id);
    await register((await createEvent(ctx, { clubId: club.id })).id, { status: 'cancelled', cancelledAt: now });
    await register((await createEvent(ctx, { clubId: other.id })).id, { checkedInSeats: 1, checkedInAt: now });

    const client = new TestClient(ctx);
    await client.signIn(coordinator.phone);
    const html = await (await client.get(`/coordinator/clubs/${club.id}`)).text();
    expect(html).toContain('报名 3 · 到场 1 · 缺席 1');
    const res = await client.get(`/coordinator/clubs/${club.id}/roster.csv?columns=name&columns=registered&columns=attended&columns=noShows`);
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(csv).toBe('\uFEFF姓名,报名活动数,到场次数,缺席次数\r\n记录会员,3,1,1\r\n');
  });
});
