import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { clubMemberships, clubs, notifications } from '../../../db/schema';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

async function member(opts: { tierCode?: string; name?: string } = {}) {
  const user = await createUser(ctx, { tierCode: opts.tierCode ?? 'gold', ...(opts.name ? { name: opts.name } : {}) });
  const client = new TestClient(ctx);
  await client.signIn(user.phone);
  return { user, client };
}

const membershipsOf = (clubId: number) => ctx.deps.db.select().from(clubMemberships).where(eq(clubMemberships.clubId, clubId)).orderBy(clubMemberships.id);
const flashOf = async (client: TestClient, path: string) => (await (await client.get(path)).text()).match(/<p class="flash flash-\w+" role="\w+">([^<]*)<\/p>/)?.[1];

describe('the club list', () => {
  it('shows places left, waitlists, approval, tier rules and the member’s own status, and filters by city and category', async () => {
    const open = await createClub(ctx, { capacity: 3, category: 'fitness' });
    const full = await createClub(ctx, { capacity: 1, category: 'golf', minTier: 'platinum' });
    await ctx.deps.db.update(clubs).set({ city: 'sanya' }).where(eq(clubs.id, full.id));
    const { client } = await member({ tierCode: 'gold' });
    const other = await member({ tierCode: 'diamond' });
    await other.client.post(`/clubs/${full.id}/join`, {});
    await client.post(`/clubs/${open.id}/join`, {});

    const html = await (await client.get('/clubs')).text();
    expect(html).toContain('剩余 2 个名额');
    expect(html).toContain('已满，可排候补');
    expect(html).toContain('白金卡及以上');
    expect(html).toContain('您的等级暂不符合');
    expect(html).toMatch(/正式会员（2026年11月26日周四 加入）/);

    const sanya = await (await client.get('/clubs?city=sanya')).text();
    expect(sanya).toContain(`/clubs/${full.id}"`);
    expect(sanya).not.toContain(`/clubs/${open.id}"`);
    const fitness = await (await client.get('/clubs?category=fitness')).text();
    expect(fitness).toContain(`/clubs/${open.id}"`);
    expect(fitness).not.toContain(`/clubs/${full.id}"`);
    // unknown filter values are ignored rather than failing
    expect((await client.get('/clubs?city=atlantis&category=%3Cx%3E')).status).toBe(200);
  });
});

describe('joining', () => {
  it('asks for confirmation first, saying exactly what joining means, and writes nothing until confirmed', async () => {
    const club = await createClub(ctx, { capacity: 5 });
    await ctx.deps.db.update(clubs).set({ termsZh: '每月会费 200 元', termsEn: 'Monthly fee CNY 200' }).where(eq(clubs.id, club.id));
    const { client } = await member({ tierCode: 'silver' });
    const page = await client.get(`/clubs/${club.id}/join`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('等级要求：所有等级。您是银卡会员，符合要求。');
    expect(html).toContain('目前还有 5 个名额，确认后您立即成为正式会员。');
    expect(html).toContain('入会须知：每月会费 200 元');
    expect(html).toContain(`action="/clubs/${club.id}/join"`);
    expect(await membershipsOf(club.id)).toHaveLength(0);
    const en = await (await client.get(`/clubs/${club.id}/join?lang=en`)).text();
    expect(en).toContain('There are 5 places left: you become a member as soon as you confirm.');
    expect(en).toContain('What joining involves: Monthly fee CNY 200');
  });

  it('makes the member active at once when a place is free', async () => {
    const club = await createClub(ctx, { capacity: 2 });
    const { user, client } = await member();
    const res = await client.post(`/clubs/${club.id}/join`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/clubs/${club.id}`);
    const [row] = await membershipsOf(club.id);
    expect(row).toMatchObject({ userId: user.id, status: 'active', activeSince: ctx.clock.now() });
    expect(await flashOf(client, `/clubs/${club.id}`)).toBe(`欢迎加入「${club.nameZh}」！`);
  });

  it('puts the member on the waitlist with their position when the club is full', async () => {
    const club = await createClub(ctx, { capacity: 1 });
    await (await member()).client.post(`/clubs/${club.id}/join`, {});
    await (await member()).client.post(`/clubs/${club.id}/join`, {});
    const third = await member();
    const confirm = await (await third.client.get(`/clubs/${club.id}/join`)).text();
    expect(confirm).toContain('俱乐部已满（1 个名额）。确认后您将排在候补第 2 位');
    await third.client.post(`/clubs/${club.id}/join`, {});
    expect((await membershipsOf(club.id)).map((m) => m.status)).toEqual(['active', 'waitlisted', 'waitlisted']);
    expect(await flashOf(third.client, `/clubs/${club.id}`)).toBe(`「${club.nameZh}」已满，您在候补第 2 位。`);
    expect(await (await third.client.get(`/clubs/${club.id}`)).text()).toContain('候补第 2 位');
  });

  it('sends a request to the coordinators when the club requires approval', async () => {
    const coordinator = await createUser(ctx, { role: 'coordinator' });
    const club = await createClub(ctx, { capacity: 5, coordinatorIds: [coordinator.id] });
    await ctx.deps.db.update(clubs).set({ requiresApproval: true }).where(eq(clubs.id, club.id));
    const { client } = await member({ name: '申请人' });
    expect(await (await client.get(`/clubs/${club.id}/join`)).text()).toContain('此俱乐部需要协调员审核');
    await client.post(`/clubs/${club.id}/join`, {});
    expect((await membershipsOf(club.id))[0]!.status).toBe('pending');
    const [n] = await ctx.deps.db.select().from(notifications).where(eq(notifications.userId, coordinator.id));
    expect(n).toMatchObject({ kind: 'club.request', link: `/coordinator/clubs/${club.id}?status=pending` });
    expect(n!.params).toMatchObject({ member: '申请人', clubZh: club.nameZh });
  });

  it('counts a repeated submit once (double click, second tab)', async () => {
    const club = await createClub(ctx, { capacity: 5 });
    const { client } = await member();
    const [a, b] = await Promise.all([client.post(`/clubs/${club.id}/join`, {}), client.post(`/clubs/${club.id}/join`, {})]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(await membershipsOf(club.id)).toHaveLength(1);
    const again = await client.post(`/clubs/${club.id}/join`, {});
    expect(again.status).toBe(303);
    expect(await flashOf(client, `/clubs/${club.id}`)).toBe('您已经是此俱乐部的会员，或申请/候补仍在进行中。');
    expect(await membershipsOf(club.id)).toHaveLength(1);
  });

  it('refuses a member whose tier is too low, with an explanation and no record', async () => {
    const club = await createClub(ctx, { minTier: 'platinum' });
    const { client } = await member({ tierCode: 'gold' });
    const page = await client.get(`/clubs/${club.id}/join`);
    expect(page.status).toBe(403);
    expect(await page.text()).toContain('此俱乐部仅限白金卡及以上会员加入，您当前为金卡会员。');
    const post = await client.post(`/clubs/${club.id}/join`, {});
    expect(post.status).toBe(403);
    expect(await membershipsOf(club.id)).toHaveLength(0);
    expect(await (await client.get(`/clubs/${club.id}`)).text()).toContain('此俱乐部仅限白金卡及以上会员加入');
  });

  it('refuses staff, archived clubs and unknown clubs', async () => {
    const club = await createClub(ctx);
    const coordinator = await createUser(ctx, { role: 'coordinator' });
    const staff = new TestClient(ctx);
    await staff.signIn(coordinator.phone);
    expect((await staff.post(`/clubs/${club.id}/join`, {})).status).toBe(403);
    const { client } = await member();
    await ctx.deps.db.update(clubs).set({ archivedAt: ctx.clock.now() }).where(eq(clubs.id, club.id));
    expect((await client.post(`/clubs/${club.id}/join`, {})).status).toBe(409);
    expect((await client.get(`/clubs/${club.id}`)).status).toBe(404);
    expect((await client.post('/clubs/999999/join', {})).status).toBe(404);
    expect(await membershipsOf(club.id)).toHaveLength(0);
  });

  it('asks for approval when a removed member comes back, even in an open club', async () => {
    const club = await createClub(ctx, { capacity: 5 });
    const { user, client } = await member();
    await ctx.deps.db.insert(clubMemberships).values({ clubId: club.id, userId: user.id, status: 'removed', requestedAt: 1, queuedAt: 1, statusChangedAt: 1, reason: '多次缺席' });
    expect(await (await client.get(`/clubs/${club.id}/join`)).text()).toContain('您曾被移出此俱乐部，再次加入需要协调员审核。');
    await client.post(`/clubs/${club.id}/join`, {});
    const rows = await membershipsOf(club.id);
    expect(rows.map((r) => r.status)).toEqual(['removed', 'pending']);
  });
});

describe('leaving', () => {
  it('takes one step, asks no reason, frees the place and promotes the first on the waitlist, who is told', async () => {
    const club = await createClub(ctx, { capacity: 1 });
    const first = await member();
    const second = await member();
    const third = await member();
    for (const m of [first, second, third]) await m.client.post(`/clubs/${club.id}/join`, {});
    const res = await first.client.post(`/clubs/${club.id}/leave`, {});
    expect(res.status).toBe(303);
    const rows = await membershipsOf(club.id);
    expect(rows.map((r) => [r.userId, r.status])).toEqual([
      [first.user.id, 'left'],
      [second.user.id, 'active'],
      [third.user.id, 'waitlisted'],
    ]);
    const told = await ctx.deps.db.select().from(notifications).where(and(eq(notifications.userId, second.user.id), eq(notifications.kind, 'club.promoted')));
    expect(told).toHaveLength(1);
    expect(await flashOf(first.client, `/clubs/${club.id}`)).toBe(`您已退出「${club.nameZh}」。`);
    // the third member moved up
    expect(await (await third.client.get(`/clubs/${club.id}`)).text()).toContain('候补第 1 位');
    // and the promoted member sees it in the header and the inbox
    const inbox = await (await second.client.get('/inbox')).text();
    expect(inbox).toContain(`候补转正：您已成为「${club.nameZh}」的正式会员。`);
    expect(inbox).toContain('<span class="count-badge" aria-hidden="true">1</span>');
  });

  it('withdraws a request or a waitlist place without promoting anyone', async () => {
    const club = await createClub(ctx, { capacity: 1 });
    const a = await member();
    const b = await member();
    const c = await member();
    for (const m of [a, b, c]) await m.client.post(`/clubs/${club.id}/join`, {});
    await b.client.post(`/clubs/${club.id}/leave`, {});
    expect((await membershipsOf(club.id)).map((r) => r.status)).toEqual(['active', 'left', 'waitlisted']);
    expect(await flashOf(b.client, `/clubs/${club.id}`)).toBe(`您已退出「${club.nameZh}」的候补。`);
    expect(await (await c.client.get(`/clubs/${club.id}`)).text()).toContain('候补第 1 位');
  });

  it('works from /me and comes back there', async () => {
    const club = await createClub(ctx, { capacity: 3 });
    const { client } = await member();
    await client.post(`/clubs/${club.id}/join`, {});
    const me = await (await client.get('/me')).text();
    expect(me).toContain(`action="/clubs/${club.id}/leave"`);
    expect(me).toContain('<input type="hidden" name="back" value="/me"/>');
    const res = await client.post(`/clubs/${club.id}/leave`, { back: '/me' });
    expect(res.headers.get('location')).toBe('/me');
    expect(await (await client.get('/me')).text()).not.toContain(`action="/clubs/${club.id}/leave"`);
    // a foreign "back" is ignored
    await client.post(`/clubs/${club.id}/join`, {});
    const evil = await client.post(`/clubs/${club.id}/leave`, { back: 'https://evil.example/' });
    expect(evil.headers.get('location')).toBe(`/clubs/${club.id}`);
  });

  it('tells a non-member so instead of failing', async () => {
    const club = await createClub(ctx);
    const { client } = await member();
    const res = await client.post(`/clubs/${club.id}/leave`, {});
    expect(res.status).toBe(303);
    expect(await flashOf(client, `/clubs/${club.id}`)).toBe('您目前不是此俱乐部的会员。');
  });
});

describe('the club page', () => {
  it('shows description, coordinator contact, count against capacity, upcoming events and the member’s status', async () => {
    const coordinator = await createUser(ctx, { role: 'coordinator', name: '陈协调', phone: '13800009999' });
    const club = await createClub(ctx, { capacity: 4, coordinatorIds: [coordinator.id] });
    const { client } = await member();
    await client.post(`/clubs/${club.id}/join`, {});
    const html = await (await client.get(`/clubs/${club.id}`)).text();
    expect(html).toContain('测试用俱乐部');
    expect(html).toContain('陈协调 <a href="tel:13800009999">13800009999</a>');
    expect(html).toContain('1 / 4 名会员');
    expect(html).toContain('剩余 3 个名额');
    expect(html).toContain('退出俱乐部');
    expect(html).toContain('一步退出，无需说明原因');
  });
});
