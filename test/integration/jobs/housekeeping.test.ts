import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loginThrottles, sessions } from '../../../db/schema';
import { runHousekeeping } from '../../../src/jobs/housekeeping';
import { DAY } from '../../../src/lib/clock';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

describe('housekeeping', () => {
  it('removes expired sessions and stale throttle buckets, and keeps live ones', async () => {
    const member = await createUser(ctx);
    await new TestClient(ctx).signIn(member.phone);
    await new TestClient(ctx, { address: '203.0.113.1' }).post('/login', { phone: '13111112222', password: 'wrong-wrong' });
    ctx.clock.advance(31 * DAY);
    const fresh = new TestClient(ctx);
    await fresh.signIn(member.phone);
    await new TestClient(ctx, { address: '203.0.113.2' }).post('/login', { phone: '13111113333', password: 'wrong-wrong' });

    // 27 December: the member's unused lounge visits lapse in five days, so they are reminded once
    expect(await runHousekeeping(ctx.deps)).toEqual({ sessions: 1, noShows: 0, loungeNoShows: 0, loungeReminders: 0, eventReminders: 0, lapseReminders: 1, overdueFeedback: 0, outboxPruned: 0, submissionsPruned: 0 });
    expect(await ctx.deps.db.select().from(sessions)).toHaveLength(1);
    expect((await fresh.get('/me')).status).toBe(200);
    const buckets = (await ctx.deps.db.select({ key: loginThrottles.key }).from(loginThrottles)).map((b) => b.key).sort();
    expect(buckets).toEqual(['ip:203.0.113.2', 'pair:13111113333@203.0.113.2', 'phone:13111113333']);
    // running it again (or on a second instance) finds nothing more to do
    expect(await runHousekeeping(ctx.deps)).toEqual({ sessions: 0, noShows: 0, loungeNoShows: 0, loungeReminders: 0, eventReminders: 0, lapseReminders: 0, overdueFeedback: 0, outboxPruned: 0, submissionsPruned: 0 });
  });

  it('removes a session past the 90-day cap even if its expiry says otherwise', async () => {
    const member = await createUser(ctx);
    await new TestClient(ctx).signIn(member.phone);
    await ctx.deps.db.update(sessions).set({ expiresAt: ctx.clock.now() + 200 * DAY });
    ctx.clock.advance(90 * DAY);
    expect(await runHousekeeping(ctx.deps)).toEqual({ sessions: 1, noShows: 0, loungeNoShows: 0, loungeReminders: 0, eventReminders: 0, lapseReminders: 0, overdueFeedback: 0, outboxPruned: 0, submissionsPruned: 0 });
  });
});
