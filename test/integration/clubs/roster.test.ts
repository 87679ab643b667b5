import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { auditLog, clubCoordinators, clubMemberships, clubs, notifications, outbox, users, type MembershipStatus } from '../../../db/schema';
import { deliverOutbox, dispatchNotifications } from '../../../src/notifications/outbox';
import type { OutgoingMessage } from '../../../src/notifications/transports';
import { MINUTE } from '../../../src/lib/clock';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const HTMX = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };
/** C0 (but LF) and C1 controls, DEL, and the bidi embeddings, overrides, isolates and marks. */
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** A member with a membership row written directly; times are minutes before the fixed clock. */
async function enrol(clubId: number, status: MembershipStatus, o: { name?: string; phone?: string; tierCode?: string; ago?: number; queuedAgo?: number } = {}) {
  const user = await createUser(ctx, { name: o.name ?? '会员', tierCode: o.tierCode ?? 'gold', ...(o.phone ? { phone: o.phone } : {}) });
  const at = ctx.clock.now() - (o.ago ?? 60) * MINUTE;
  const [row] = await ctx.deps.db
    .insert(clubMemberships)
    .values({ clubId, userId: user.id, status, requestedAt: at, queuedAt: ctx.clock.now() - (o.queuedAgo ?? o.ago ?? 60) * MINUTE, activeSince: status === 'active' ? at : null, statusChangedAt: at })
    .returning();
  return { user, id: row!.id };
}

/** A coordinator (signed in) running one club. */
async function coordinatedClub(o: { capacity?: number } = {}) {
  const coordinator = await createUser(ctx, { role: 'coordinator', name: '林协调' });
  const club = await createClub(ctx, { capacity: o.capacity ?? 10, coordinatorIds: [coordinator.id] });
  const client = new TestClient(ctx);
  await client.signIn(coordinator.phone);
  return { coordinator, club, client };
}

const membershipsOf = (clubId: number) => ctx.deps.db.select().from(clubMemberships).where(eq(clubMemberships.clubId, clubId)).orderBy(asc(clubMemberships.id));
const membership = async (id: number) => (await ctx.deps.db.select().from(clubMemberships).where(eq(clubMemberships.id, id)))[0]!;
const allNotifications = () => ctx.deps.db.select().from(notifications).orderBy(asc(notifications.id));
const allAudit = () => ctx.deps.db.select().from(auditLog).orderBy(asc(auditLog.id));

/** "name status" for each roster row, in page order. */
function rosterRows(html: string): string[] {
  const section = html.slice(html.indexOf('<section id="roster"'));
  return [...section.matchAll(/<tr id="m-\d+"><th scope="row">([^<]*)<\/th>.*?<span class="status-pill status-[a-z]+">([^<]*)<\/span>/g)].map((m) => `${m[1]} ${m[2]}`);
}
/** The body as sent: Response.text() would drop a leading byte-order mark. */
const csvText = async (res: Response) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
const flashIn = (html: string) => html.match(/<p class="flash flash-(\w+)" role="\w+">([^<]*)<\/p>/)?.slice(1, 3);

async function roster(client: TestClient, clubId: number, qs = '') {
  const res = await client.get(`/coordinator/clubs/${clubId}${qs ? `?${qs}` : ''}`);
  expect(res.status).toBe(200);
  return res.text();
}

/** Posts a roster action without htmx, checks the redirect back to the roster and returns the flash shown there. */
async function act(client: TestClient, clubId: number, id: number, action: string, form: Record<string, string> = {}) {
  const res = await client.post(`/coordinator/clubs/${clubId}/members/${id}/${action}`, { back: '', ...form });
  expect(res.status).toBe(303);
  const location = res.headers.get('location')!;
  expect(location).toMatch(new RegExp(`^/coordinator/clubs/${clubId}(\\?[^#]*)?#roster$`));
  return { location, flash: flashIn(await roster(client, clubId, location.split('#')[0]!.split('?')[1] ?? '')) };
}

describe('the coordinator home', () => {
  it('lists the coordinator’s own clubs with active / capacity, pending and waitlisted; admins see every open club', async () => {
    const { club, client, coordinator } = await coordinatedClub({ capacity: 4 });
    const second = await createClub(ctx, { capacity: 6, coordinatorIds: [coordinator.id] });
    const foreign = await createClub(ctx);
    const archived = await createClub(ctx);
    await ctx.deps.db.update(clubs).set({ archivedAt: ctx.clock.now() - MINUTE }).where(eq(clubs.id, archived.id));
    for (const status of ['active', 'active', 'active', 'pending', 'waitlisted', 'waitlisted', 'left', 'removed', 'declined'] as const) await enrol(club.id, status);
    await enrol(foreign.id, 'active');
    const html = await (await client.get('/coordinator')).text();
    expect(html).toContain(
      `<a href="/coordinator/clubs/${club.id}">${club.nameZh}</a></th><td data-label="城市">海口</td><td class="num" data-label="会员 / 名额">3 / 4</td><td class="num" data-label="待审核"><a href="/coordinator/clubs/${club.id}?status=pending">1</a></td><td class="num" data-label="候补">2</td>`,
    );
    expect(html).toContain(`<a href="/coordinator/clubs/${second.id}">${second.nameZh}</a></th><td data-label="城市">海口</td><td class="num" data-label="会员 / 名额">0 / 6</td><td class="num" data-label="待审核">0</td><td class="num" data-label="候补">0</td>`);
    expect(html).not.toContain(`/coordinator/clubs/${foreign.id}"`);
    const admin = await createUser(ctx, { role: 'admin' });
    const adminClient = new TestClient(ctx);
    await adminClient.signIn(admin.phone);
    const all = await (await adminClient.get('/coordinator')).text();
    for (const c of [club, second, foreign]) expect(all).toContain(`<a href="/coordinator/clubs/${c.id}">`);
    expect(all).toContain(`<a href="/coordinator/clubs/${foreign.id}">${foreign.nameZh}</a></th><td data-label="城市">海口</td><td class="num" data-label="会员 / 名额">1 / 10</td>`);
    expect(all).not.toContain(`/coordinator/clubs/${archived.id}"`);
  });
});

describe('the roster page', () => {
  it('searches on part of a name or part of a phone number', async () => {
    const { club, client } = await coordinatedClub();
    await enrol(club.id, 'active', { name: '王海燕', phone: '13912340001' });
    await enrol(club.id, 'active', { name: '李海', phone: '13955550002' });
    await enrol(club.id, 'pending', { name: '陈晨', phone: '13912345555' });
    await enrol(club.id, 'left', { name: '海伦', phone: '13900000003' });
    expect(rosterRows(await roster(client, club.id, 'q=海&sort=name'))).toEqual(['李海 会员', '王海燕 会员']);
    expect(rosterRows(await roster(client, club.id, 'q=5555&sort=name'))).toEqual(['李海 会员', '陈晨 待审核']);
    expect(rosterRows(await roster(client, club.id, 'q=%20%201234%20&sort=name'))).toEqual(['王海燕 会员', '陈晨 待审核']);
    const none = await roster(client, club.id, 'q=赵');
    expect(rosterRows(none)).toEqual([]);
    expect(none).toContain('没有符合条件的会员。');
    // a former member is found once the filter includes them
    expect(rosterRows(await roster(client, club.id, 'q=海&status=all&sort=name'))).toEqual(['李海 会员', '海伦 已退出', '王海燕 会员']);
  });

  it('treats % and _ in a search as the characters themselves', async () => {
    const { club, client } = await coordinatedClub();
    await enrol(club.id, 'active', { name: '满意100%会员' });
    await enrol(club.id, 'active', { name: '满意1000会员' });
    await enrol(club.id, 'active', { name: 'A_B' });
    await enrol(club.id, 'active', { name: 'AxB' });
    await enrol(club.id, 'active', { name: 'C\\D' });
    expect(rosterRows(await roster(client, club.id, 'q=%25'))).toEqual(['满意100%会员 会员']);
    expect(rosterRows(await roster(client, club.id, 'q=100%25会'))).toEqual(['满意100%会员 会员']);
    expect(rosterRows(await roster(client, club.id, 'q=_'))).toEqual(['A_B 会员']);
    expect(rosterRows(await roster(client, club.id, 'q=A_B'))).toEqual(['A_B 会员']);
    expect(rosterRows(await roster(client, club.id, 'q=%5C'))).toEqual(['C\\D 会员']);
    const markup = await roster(client, club.id, `q=${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(markup).toContain('<input id="f-q" name="q" type="search" value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(markup).not.toContain('<script>alert(1)</script>');
  });

  it('filters by status and by tier', async () => {
    const { club, client } = await coordinatedClub();
    await enrol(club.id, 'active', { name: '甲', tierCode: 'gold', ago: 50 });
    await enrol(club.id, 'active', { name: '乙', tierCode: 'diamond', ago: 40 });
    await enrol(club.id, 'pending', { name: '丙', tierCode: 'gold', ago: 30 });
    await enrol(club.id, 'waitlisted', { name: '丁', tierCode: 'diamond', ago: 20 });
    await enrol(club.id, 'left', { name: '戊', tierCode: 'gold', ago: 10 });
    await enrol(club.id, 'removed', { name: '己', tierCode: 'silver', ago: 5 });
    await enrol(club.id, 'declined', { name: '庚', tierCode: 'gold', ago: 4 });
    // the default view is "current", most recent first
    expect(rosterRows(await roster(client, club.id))).toEqual(['丁 候补 #1', '丙 待审核', '乙 会员', '甲 会员']);
    expect(rosterRows(await roster(client, club.id, 'status=active'))).toEqual(['乙 会员', '甲 会员']);
    expect(rosterRows(await roster(client, club.id, 'status=pending'))).toEqual(['丙 待审核']);
    expect(rosterRows(await roster(client, club.id, 'status=waitlisted'))).toEqual(['丁 候补 #1']);
    expect(rosterRows(await roster(client, club.id, 'status=former'))).toEqual(['庚 未通过', '己 已移出', '戊 已退出']);
    expect(rosterRows(await roster(client, club.id, 'status=all'))).toHaveLength(7);
    expect(rosterRows(await roster(client, club.id, 'tier=diamond'))).toEqual(['丁 候补 #1', '乙 会员']);
    expect(rosterRows(await roster(client, club.id, 'tier=gold&status=all'))).toEqual(['庚 未通过', '戊 已退出', '丙 待审核', '甲 会员']);
    expect(rosterRows(await roster(client, club.id, 'tier=platinum'))).toEqual([]);
    // unknown values fall back to the default view instead of failing
    expect(rosterRows(await roster(client, club.id, 'status=everything&tier=%3Cx%3E&sort=random&page=-3'))).toEqual(['丁 候补 #1', '丙 待审核', '乙 会员', '甲 会员']);
  });

  it('sorts by name, and by waitlist order with the queue first and positions shown', async () => {
    const { club, client } = await coordinatedClub();
    await enrol(club.id, 'active', { name: '王', ago: 90 });
    await enrol(club.id, 'waitlisted', { name: '赵', ago: 80, queuedAgo: 10 });
    await enrol(club.id, 'waitlisted', { name: '张', ago: 70, queuedAgo: 30 });
    await enrol(club.id, 'pending', { name: '李', ago: 60 });
    await enrol(club.id, 'waitlisted', { name: '钱', ago: 50, queuedAgo: 30 });
    // code-point order: 张 U+5F20, 李 U+674E, 王 U+738B, 赵 U+8D75, 钱 U+94B1
    expect(rosterRows(await roster(client, club.id, 'sort=name'))).toEqual(['张 候补 #1', '李 待审核', '王 会员', '赵 候补 #3', '钱 候补 #2']);
    expect(rosterRows(await roster(client, club.id, 'sort=queue'))).toEqual(['张 候补 #1', '钱 候补 #2', '赵 候补 #3', '王 会员', '李 待审核']);
    // the waitlist filter sorts by queue unless told otherwise
    expect(rosterRows(await roster(client, club.id, 'status=waitlisted'))).toEqual(['张 候补 #1', '钱 候补 #2', '赵 候补 #3']);
  });

  it('shows 50 people per page, and a page past the end shows the last page', async () => {
    const { club, client } = await coordinatedClub({ capacity: 200 });
    for (let i = 1; i <= 120; i++) await enrol(club.id, 'active', { name: `会员${String(i).padStart(3, '0')}`, ago: i });
    const names = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => `会员${String(from + k).padStart(3, '0')} 会员`);
    const first = await roster(client, club.id, 'sort=name');
    expect(rosterRows(first)).toEqual(names(1, 50));
    expect(first).toContain('共 120 人');
    expect(first).toContain('<span>第 1 / 3 页</span>');
    expect(first).toContain(`<a href="/coordinator/clubs/${club.id}?sort=name&amp;page=2">下一页</a>`);
    const second = await roster(client, club.id, 'sort=name&page=2');
    expect(rosterRows(second)).toEqual(names(51, 100));
    expect(second).toContain('<span>第 2 / 3 页</span>');
    expect(second).toContain(`<a href="/coordinator/clubs/${club.id}?sort=name">上一页</a>`);
    expect(second).toContain(`<a href="/coordinator/clubs/${club.id}?sort=name&amp;page=3">下一页</a>`);
    for (const page of ['3', '99', '9007199254740991']) {
      const last = await roster(client, club.id, `sort=name&page=${page}`);
      expect(rosterRows(last), page).toEqual(names(101, 120));
      expect(last).toContain('<span>第 3 / 3 页</span>');
      expect(last).not.toContain('下一页</a>');
    }
    // the default sort (most recent first) pages the same way
    expect(rosterRows(await roster(client, club.id, 'page=2'))).toEqual(names(51, 100));
  });
});

describe('approving and declining requests', () => {
  it('approves a request into a free place, tells the member and records it', async () => {
    const { club, client, coordinator } = await coordinatedClub({ capacity: 2 });
    await enrol(club.id, 'active');
    const { user, id } = await enrol(club.id, 'pending', { name: '周文' });
    const { location, flash } = await act(client, club.id, id, 'approve', { back: 'status=pending&q=周' });
    expect(location).toBe(`/coordinator/clubs/${club.id}?status=pending&q=%E5%91%A8#roster`);
    expect(flash).toEqual(['success', '已通过周文的申请。']);
    expect(await membership(id)).toMatchObject({ status: 'active', activeSince: ctx.clock.now(), statusChangedAt: ctx.clock.now(), decidedBy: coordinator.id });
    expect((await allNotifications()).map((n) => [n.userId, n.kind, n.params, n.link, n.readAt])).toEqual([[user.id, 'club.approved', { clubZh: club.nameZh, clubEn: club.nameEn }, `/clubs/${club.id}`, null]]);
    expect((await allAudit()).map((a) => [a.action, a.actorId, a.targetType, a.targetId, a.detail, a.ip])).toEqual([
      ['club.member.approved', coordinator.id, 'club_membership', String(id), { clubId: club.id, userId: user.id, from: 'pending', to: 'active' }, '198.51.100.7'],
    ]);
  });

  it('puts an approved request on the waitlist when the club is full, with its position', async () => {
    const { club, client } = await coordinatedClub({ capacity: 1 });
    await enrol(club.id, 'active');
    await enrol(club.id, 'waitlisted', { ago: 30 });
    const { user, id } = await enrol(club.id, 'pending', { name: '吴迪' });
    const { flash } = await act(client, club.id, id, 'approve');
    expect(flash).toEqual(['success', '已通过吴迪的申请；俱乐部已满，已排入候补第 2 位。']);
    expect(await membership(id)).toMatchObject({ status: 'waitlisted', activeSince: null });
    expect(rosterRows(await roster(client, club.id, 'status=waitlisted'))).toEqual(['会员 候补 #1', '吴迪 候补 #2']);
    const inbox = await allNotifications();
    expect(inbox.map((n) => [n.userId, n.kind, n.params])).toEqual([[user.id, 'club.approvedWaitlisted', { clubZh: club.nameZh, clubEn: club.nameEn, position: 2 }]]);
    expect((await allAudit()).map((a) => [a.action, a.detail])).toEqual([['club.member.approved', { clubId: club.id, userId: user.id, from: 'pending', to: 'waitlisted' }]]);
  });

  it('answers a second approval of the same request with “no longer applies” and changes nothing', async () => {
    const { club, client } = await coordinatedClub();
    const { id } = await enrol(club.id, 'pending', { name: '郑好' });
    expect((await act(client, club.id, id, 'approve')).flash).toEqual(['success', '已通过郑好的申请。']);
    const [rows, inbox, audit] = [await membershipsOf(club.id), await allNotifications(), await allAudit()];
    const again = await act(client, club.id, id, 'approve');
    expect(again.flash).toEqual(['info', '此操作已不适用（可能已被其他协调员处理），名册已刷新。']);
    for (const action of ['decline', 'prioritize']) {
      const res = await client.post(`/coordinator/clubs/${club.id}/members/${id}/${action}`, { back: '' }, { headers: HTMX });
      expect(res.status, action).toBe(200);
      expect(await res.text()).toContain('<p class="flash flash-info" role="status">此操作已不适用（可能已被其他协调员处理），名册已刷新。</p>');
    }
    expect([await membershipsOf(club.id), await allNotifications(), await allAudit()]).toEqual([rows, inbox, audit]);
  });

  it('lets exactly one of two coordinators decide the same request at the same moment', async () => {
    const { club, client, coordinator } = await coordinatedClub();
    const second = await createUser(ctx, { role: 'coordinator' });
    await ctx.deps.db.insert(clubCoordinators).values({ clubId: club.id, userId: second.id });
    const other = new TestClient(ctx);
    await other.signIn(second.phone);
    const { id } = await enrol(club.id, 'pending');
    const path = (action: string) => `/coordinator/clubs/${club.id}/members/${id}/${action}`;
    const answers = await Promise.all([client.post(path('approve'), { back: '' }, { headers: HTMX }), other.post(path('decline'), { back: '' }, { headers: HTMX })]);
    const texts = await Promise.all(answers.map((r) => r.text()));
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect(texts.filter((t) => t.includes('flash-info')).length).toBe(1);
    const audit = await allAudit();
    expect(audit).toHaveLength(1);
    expect((await membership(id)).status).toBe(audit[0]!.actorId === coordinator.id ? 'active' : 'declined');
    expect(await allNotifications()).toHaveLength(1);
  });

  it('declines with a reason the member sees, and without one', async () => {
    const { club, client, coordinator } = await coordinatedClub();
    const a = await enrol(club.id, 'pending', { name: '孙悦' });
    const b = await enrol(club.id, 'pending', { name: '冯雪' });
    expect((await act(client, club.id, a.id, 'decline', { reason: '  本期名额已满，请下季度再申请。 ' })).flash).toEqual(['success', '已拒绝孙悦的申请。']);
    expect((await act(client, club.id, b.id, 'decline', { reason: '' })).flash).toEqual(['success', '已拒绝冯雪的申请。']);
    expect(await membership(a.id)).toMatchObject({ status: 'declined', reason: '本期名额已满，请下季度再申请。', decidedBy: coordinator.id, activeSince: null });
    expect(await membership(b.id)).toMatchObject({ status: 'declined', reason: null });
    expect((await allNotifications()).map((n) => [n.userId, n.kind, n.params])).toEqual([
      [a.user.id, 'club.declined', { clubZh: club.nameZh, clubEn: club.nameEn, reason: '本期名额已满，请下季度再申请。' }],
      [b.user.id, 'club.declined', { clubZh: club.nameZh, clubEn: club.nameEn, reason: '' }],
    ]);
    expect((await allAudit()).map((x) => [x.action, x.targetId, x.detail])).toEqual([
      ['club.member.declined', String(a.id), { clubId: club.id, userId: a.user.id, from: 'pending', to: 'declined', reason: '本期名额已满，请下季度再申请。' }],
      ['club.member.declined', String(b.id), { clubId: club.id, userId: b.user.id, from: 'pending', to: 'declined' }],
    ]);
    expect(rosterRows(await roster(client, club.id, 'status=former&sort=name'))).toEqual(['冯雪 未通过', '孙悦 未通过']);
    expect(await roster(client, club.id, 'status=former')).toContain('<small>本期名额已满，请下季度再申请。</small>');
  });
});

describe('the reason forms use the app’s inline messages (issue 13)', () => {
  it('every roster action form is novalidate, and a refused decline reason shows at the decline form, kept, with it open', async () => {
    const { club, client } = await coordinatedClub();
    const a = await enrol(club.id, 'pending', { name: '孙悦' });
    const b = await enrol(club.id, 'active', { name: '甲' });
    const page = await roster(client, club.id);
    const forms = [...page.matchAll(/<form method="post" action="\/coordinator\/clubs\/\d+\/members\/\d+\/\w+"[^>]*>/g)].map((m) => m[0]);
    expect(forms.length).toBeGreaterThanOrEqual(3);
    for (const form of forms) expect(form).toContain(' novalidate=""');
    const before = await membershipsOf(club.id);
    for (const headers of [{}, HTMX]) {
      const res = await client.post(`/coordinator/clubs/${club.id}/members/${a.id}/decline`, { back: '', reason: '因'.repeat(201) }, { headers });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(`<details class="row-detail" open=""><summary>不通过</summary><form method="post" action="/coordinator/clubs/${club.id}/members/${a.id}/decline"`);
      expect(html).toContain(
        `<input id="d-reason-${a.id}" name="reason" type="text" value="${'因'.repeat(201)}" maxlength="200" aria-invalid="true" aria-describedby="d-reason-${a.id}-hint d-reason-${a.id}-error"/><small id="d-reason-${a.id}-hint">最多 200 个字符。</small><small id="d-reason-${a.id}-error" class="field-error">最多 200 个字符，现在有 201 个。</small>`,
      );
      // the other rows' forms are untouched
      expect(html).not.toContain(`id="reason-${b.id}-error"`);
    }
    expect([await membershipsOf(club.id), await allNotifications(), await allAudit()]).toEqual([before, [], []]);
  });
});

describe('removing members and the waitlist', () => {
  it('requires a reason to remove (422, form kept, nothing changed), then removes and promotes the first in the queue', async () => {
    const { club, client, coordinator } = await coordinatedClub({ capacity: 2 });
    const keep = await enrol(club.id, 'active', { name: '留下', ago: 100 });
    const gone = await enrol(club.id, 'active', { name: '被移出', ago: 90 });
    // queue order is queuedAt, then id: 先排 (queued 30 min ago, lower id) before 后排 (same time, higher id) before 最早申请 (queued 10 min ago)
    const late = await enrol(club.id, 'waitlisted', { name: '最早申请', ago: 80, queuedAgo: 10 });
    const first = await enrol(club.id, 'waitlisted', { name: '先排', ago: 70, queuedAgo: 30 });
    const second = await enrol(club.id, 'waitlisted', { name: '后排', ago: 60, queuedAgo: 30 });
    const before = await membershipsOf(club.id);
    for (const reason of [undefined, '', '   ']) {
      const res = await client.post(`/coordinator/clubs/${club.id}/members/${gone.id}/remove`, { back: 'sort=name', ...(reason === undefined ? {} : { reason }) });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain('<html');
      expect(html).toContain(`<small id="reason-${gone.id}-error" class="field-error">请填写移出原因，会员会看到这条说明。</small>`);
      expect(html).toContain(`<details class="row-detail" open=""><summary>移出…</summary><form method="post" action="/coordinator/clubs/${club.id}/members/${gone.id}/remove"`);
      expect(html).toContain('<input type="hidden" name="back" value="sort=name"/>');
      expect(html).toContain(`<input id="reason-${gone.id}" name="reason" type="text" value="${reason?.trim() ?? ''}" required="" maxlength="200" aria-invalid="true" aria-describedby="reason-${gone.id}-hint reason-${gone.id}-error"/>`);
    }
    const partial = await client.post(`/coordinator/clubs/${club.id}/members/${gone.id}/remove`, { back: '', reason: ' ' }, { headers: HTMX });
    expect(partial.status).toBe(422);
    const fragment = await partial.text();
    expect(fragment).toMatch(/^<section id="roster"(?:(?!<html)[\s\S])*<\/section>$/);
    expect(fragment).toContain(`aria-invalid="true" aria-describedby="reason-${gone.id}-hint reason-${gone.id}-error"/><small id="reason-${gone.id}-hint">最多 200 个字符。</small><small id="reason-${gone.id}-error" class="field-error">请填写移出原因，会员会看到这条说明。</small>`);
    expect([await membershipsOf(club.id), await allNotifications(), await allAudit()]).toEqual([before, [], []]);
    const { flash } = await act(client, club.id, gone.id, 'remove', { reason: '连续三次活动缺席' });
    expect(flash).toEqual(['success', '已将 被移出 移出俱乐部。']);
    const byId = new Map((await membershipsOf(club.id)).map((m) => [m.id, m]));
    expect(byId.get(keep.id)).toMatchObject({ status: 'active' });
    expect(byId.get(gone.id)).toMatchObject({ status: 'removed', reason: '连续三次活动缺席', decidedBy: coordinator.id, statusChangedAt: ctx.clock.now() });
    expect(byId.get(first.id)).toMatchObject({ status: 'active', activeSince: ctx.clock.now(), statusChangedAt: ctx.clock.now() });
    expect(byId.get(second.id)).toMatchObject({ status: 'waitlisted', activeSince: null });
    expect(byId.get(late.id)).toMatchObject({ status: 'waitlisted', activeSince: null });
    expect(rosterRows(await roster(client, club.id, 'sort=queue'))).toEqual(['后排 候补 #1', '最早申请 候补 #2', '留下 会员', '先排 会员']);
    const names = { clubZh: club.nameZh, clubEn: club.nameEn };
    expect((await allNotifications()).map((n) => [n.userId, n.kind, n.params, n.link])).toEqual([
      [gone.user.id, 'club.removed', { ...names, reason: '连续三次活动缺席' }, `/clubs/${club.id}`],
      [first.user.id, 'club.promoted', names, `/clubs/${club.id}`],
    ]);
    expect((await allAudit()).map((a) => [a.action, a.actorId, a.targetType, a.targetId, a.detail])).toEqual([
      ['club.member.removed', coordinator.id, 'club_membership', String(gone.id), { clubId: club.id, userId: gone.user.id, from: 'active', to: 'removed', reason: '连续三次活动缺席' }],
    ]);
  });

  it('keeps a reason of 200 characters and refuses a longer one, or an unknown field, writing nothing', async () => {
    const { club, client } = await coordinatedClub();
    const a = await enrol(club.id, 'active', { name: '甲' });
    const b = await enrol(club.id, 'active', { name: '乙' });
    const before = await membershipsOf(club.id);
    for (const form of [{ reason: '因'.repeat(201) }, { reason: '理由', extra: '1' }] as Array<Record<string, string>>) {
      const res = await client.post(`/coordinator/clubs/${club.id}/members/${a.id}/remove`, { back: '', ...form });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(`id="reason-${a.id}-error" class="field-error">${form.extra ? '表单包含无法识别的内容，请刷新页面后重试。' : '最多 200 个字符，现在有 201 个。'}`);
      expect(html).toContain(`value="${form.reason}"`);
    }
    expect([await membershipsOf(club.id), await allNotifications(), await allAudit()]).toEqual([before, [], []]);
    expect((await act(client, club.id, b.id, 'remove', { reason: '因'.repeat(200) })).flash).toEqual(['success', '已将 乙 移出俱乐部。']);
    expect(await membership(b.id)).toMatchObject({ status: 'removed', reason: '因'.repeat(200) });
  });

  it('removes NUL, ESC, BEL and bidi controls from a reason and makes CRLF one line, before it reaches the inbox, the SMS and the e-mail', async () => {
    const { club, client } = await coordinatedClub();
    const gone = await enrol(club.id, 'active', { name: '被移出' });
    await ctx.deps.db.update(users).set({ notifySms: true, notifyEmail: true, email: 'member@example.com' }).where(eq(users.id, gone.user.id));
    const typed = '\u0000连续三次\u001b[2J缺席\u0007\u202e（见签到记录）\r\n请谅解\u2066。\u2069\r\n';
    const clean = '连续三次[2J缺席（见签到记录） 请谅解。';
    expect((await act(client, club.id, gone.id, 'remove', { reason: typed })).flash).toEqual(['success', '已将 被移出 移出俱乐部。']);
    // stored, notified and audited clean
    expect((await membership(gone.id)).reason).toBe(clean);
    expect((await allNotifications()).map((n) => [n.kind, n.params])).toEqual([['club.removed', { clubZh: club.nameZh, clubEn: club.nameEn, reason: clean }]]);
    expect((await allAudit()).at(-1)!.detail).toMatchObject({ reason: clean });
    // the member's inbox
    const reader = new TestClient(ctx);
    await reader.signIn(gone.user.phone);
    const inbox = await (await reader.get('/inbox')).text();
    expect(inbox).toContain(`原因：${clean}`);
    expect(inbox).not.toMatch(CONTROLS);
    // the outbox: one SMS and one e-mail, both clean
    expect(await dispatchNotifications(ctx.deps)).toBe(1);
    const queued = await ctx.deps.db.select().from(outbox).where(eq(outbox.userId, gone.user.id));
    expect(queued.map((r) => r.channel).sort()).toEqual(['email', 'sms']);
    const sent: OutgoingMessage[] = [];
    await deliverOutbox(ctx.deps, { send: async (m) => void sent.push(m) });
    expect(sent.map((m) => m.channel).sort()).toEqual(['email', 'sms']);
    for (const m of sent) {
      expect(m.text, m.channel).toContain(clean);
      for (const part of [m.subject, m.text, m.html ?? '']) expect(part, m.channel).not.toMatch(CONTROLS);
    }
  });

  it('refuses a reason over 200 characters once normalised, and keeps one that is 200 only after its controls are removed', async () => {
    const { club, client } = await coordinatedClub();
    const a = await enrol(club.id, 'active', { name: '甲' });
    expect((await client.post(`/coordinator/clubs/${club.id}/members/${a.id}/remove`, { back: '', reason: `${'因'.repeat(201)}\u0000` })).status).toBe(422);
    expect((await act(client, club.id, a.id, 'remove', { reason: `\u202e${'因'.repeat(200)}\u0000\r\n` })).flash).toEqual(['success', '已将 甲 移出俱乐部。']);
    expect((await membership(a.id)).reason).toBe('因'.repeat(200));
  });

  it('moves a waitlisted member to the front of the queue', async () => {
    const { club, client, coordinator } = await coordinatedClub({ capacity: 1 });
    const active = await enrol(club.id, 'active', { name: '正式' });
    await enrol(club.id, 'waitlisted', { name: '甲', queuedAgo: 30 });
    await enrol(club.id, 'waitlisted', { name: '乙', queuedAgo: 20 });
    const c = await enrol(club.id, 'waitlisted', { name: '丙', queuedAgo: 10 });
    expect(rosterRows(await roster(client, club.id, 'status=waitlisted'))).toEqual(['甲 候补 #1', '乙 候补 #2', '丙 候补 #3']);
    const { flash } = await act(client, club.id, c.id, 'prioritize', { back: 'status=waitlisted' });
    expect(flash).toEqual(['success', '丙 已移至候补首位。']);
    expect(rosterRows(await roster(client, club.id, 'status=waitlisted'))).toEqual(['丙 候补 #1', '甲 候补 #2', '乙 候补 #3']);
    expect(await membership(c.id)).toMatchObject({ status: 'waitlisted', decidedBy: coordinator.id });
    expect(await allNotifications()).toEqual([]);
    expect((await allAudit()).map((a) => [a.action, a.targetType, a.targetId, a.detail])).toEqual([
      ['club.waitlist.prioritized', 'club_membership', String(c.id), { clubId: club.id, userId: c.user.id, from: 'waitlisted', to: 'waitlisted' }],
    ]);
    // the next free place now goes to 丙
    await act(client, club.id, active.id, 'remove', { reason: '退会' });
    expect(await membership(c.id)).toMatchObject({ status: 'active' });
    expect(rosterRows(await roster(client, club.id, 'status=waitlisted'))).toEqual(['甲 候补 #1', '乙 候补 #2']);
  });

  it('answers htmx with the roster section alone, carrying the result message and the same view', async () => {
    const { club, client } = await coordinatedClub({ capacity: 1 });
    await enrol(club.id, 'active', { name: '正式' });
    const w = await enrol(club.id, 'waitlisted', { name: '候补甲', queuedAgo: 30 });
    const w2 = await enrol(club.id, 'waitlisted', { name: '候补乙', queuedAgo: 20 });
    const p = await enrol(club.id, 'pending', { name: '申请人' });
    const res = await client.post(`/coordinator/clubs/${club.id}/members/${p.id}/approve`, { back: 'status=waitlisted' }, { headers: HTMX });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    const html = await res.text();
    expect(html).toMatch(/^<section id="roster" aria-labelledby="roster-title">(?:(?!<html)[\s\S])*<\/section>$/);
    expect(html).toContain('<p class="roster-summary">会员 1 / 1 · 待审核 0 · 候补 3</p>');
    expect(html).toContain('<p class="flash flash-success" role="status">已通过申请人的申请；俱乐部已满，已排入候补第 3 位。</p>');
    expect(rosterRows(html)).toEqual(['候补甲 候补 #1', '候补乙 候补 #2', '申请人 候补 #3']);
    expect(html).toContain('<input type="hidden" name="back" value="status=waitlisted&amp;sort=queue"/>');
    const prio = await client.post(`/coordinator/clubs/${club.id}/members/${w2.id}/prioritize`, { back: 'status=waitlisted' }, { headers: HTMX });
    const prioHtml = await prio.text();
    expect(prioHtml).toContain('<p class="flash flash-success" role="status">候补乙 已移至候补首位。</p>');
    expect(rosterRows(prioHtml)).toEqual(['候补乙 候补 #1', '候补甲 候补 #2', '申请人 候补 #3']);
    const removed = await client.post(`/coordinator/clubs/${club.id}/members/${w.id}/remove`, { back: 'status=waitlisted', reason: '联系不上' }, { headers: HTMX });
    expect(removed.status).toBe(200);
    const removedHtml = await removed.text();
    expect(removedHtml).toContain('<p class="flash flash-success" role="status">已将 候补甲 移出俱乐部。</p>');
    expect(rosterRows(removedHtml)).toEqual(['候补乙 候补 #1', '申请人 候补 #2']);
    // removing someone who only waited frees no place: nobody is promoted
    expect((await membershipsOf(club.id)).map((m) => m.status)).toEqual(['active', 'removed', 'waitlisted', 'waitlisted']);
    expect((await allNotifications()).map((n) => [n.userId, n.kind])).toEqual([[p.user.id, 'club.approvedWaitlisted'], [w.user.id, 'club.removed']]);
    expect((await allAudit()).at(-1)!.detail).toEqual({ clubId: club.id, userId: w.user.id, from: 'waitlisted', to: 'removed', reason: '联系不上' });
    // no flash cookie is left behind for the next page
    expect(flashIn(await roster(client, club.id))).toBeUndefined();
  });
});

describe('the CSV export', () => {
  it('sends the filtered roster as UTF-8 CSV with a BOM, CRLF, the chosen columns and formulas neutralised, and records the export', async () => {
    const { club, client, coordinator } = await coordinatedClub({ capacity: 3 });
    await enrol(club.id, 'active', { name: '<script>alert(1)</script>', phone: '13911110001' });
    await enrol(club.id, 'active', { name: '=HYPERLINK("http://x.example","点我")', phone: '13911110002' });
    await enrol(club.id, 'pending', { name: '+86 会员', phone: '13911110003' });
    await enrol(club.id, 'waitlisted', { name: '-5', phone: '13911110004' });
    await enrol(club.id, 'left', { name: '@SUM(A1)', phone: '13911110005' });
    await enrol(club.id, 'active', { name: '王小明', phone: '13911110006', tierCode: 'diamond' });
    const res = await client.get(`/coordinator/clubs/${club.id}/roster.csv?columns=name&columns=phone&columns=status&columns=position&columns=name&columns=password&status=all&sort=name`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="roster-${club.slug}.csv"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = ['姓名,手机号,状态,候补顺位', "'+86 会员,13911110003,待审核,", "'-5,13911110004,候补 #1,1", '<script>alert(1)</script>,13911110001,会员,'];
    lines.push(`"'=HYPERLINK(""http://x.example"",""点我"")",13911110002,会员,`, "'@SUM(A1),13911110005,已退出,", '王小明,13911110006,会员,');
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe(`\uFEFF${lines.join('\r\n')}\r\n`);
    expect((await allAudit()).map((a) => [a.action, a.actorId, a.targetType, a.targetId, a.detail, a.ip])).toEqual([
      ['club.roster.exported', coordinator.id, 'club', String(club.id), { rows: 6, columns: ['name', 'phone', 'status', 'position'], status: 'all' }, '198.51.100.7'],
    ]);
    expect(await allNotifications()).toEqual([]);
  });

  it('exports only what the filters match, headed in the page language, and every column when none is chosen', async () => {
    const { club, client } = await coordinatedClub();
    await enrol(club.id, 'active', { name: 'Chen Yu', phone: '13922220001', tierCode: 'diamond' });
    await enrol(club.id, 'active', { name: 'Li Na', phone: '13922220002', tierCode: 'silver' });
    await enrol(club.id, 'pending', { name: 'Zhou Li', phone: '13922220003', tierCode: 'diamond' });
    const en = await client.get(`/coordinator/clubs/${club.id}/roster.csv?lang=en&columns=name&columns=tier&columns=status&tier=diamond&sort=name`);
    expect(await csvText(en)).toBe('\uFEFFName,Tier,Status\r\nChen Yu,Diamond,Member\r\nZhou Li,Diamond,Pending\r\n');
    const searched = await client.get(`/coordinator/clubs/${club.id}/roster.csv?lang=zh&columns=phone&q=Li&status=active`);
    expect(await csvText(searched)).toBe('\uFEFF手机号\r\n13922220002\r\n');
    const all = await csvText(await client.get(`/coordinator/clubs/${club.id}/roster.csv?status=pending`));
    const lines = all.split('\r\n');
    expect(lines[0]).toBe('\uFEFF姓名,手机号,等级,状态,加入日期,申请日期,候补顺位,报名活动数,到场次数,缺席次数');
    expect(lines[1]).toMatch(/^Zhou Li,13922220003,钻石卡,待审核,,2026年11月26日周四,,0,0,0$/);
    expect(lines.slice(2)).toEqual(['']);
    expect((await allAudit()).map((a) => a.detail)).toEqual([
      { rows: 2, columns: ['name', 'tier', 'status'], status: 'current', tier: 'diamond' },
      { rows: 1, columns: ['phone'], status: 'active', q: 'Li' },
      { rows: 1, columns: ['name', 'phone', 'tier', 'status', 'joined', 'requested', 'position', 'registered', 'attended', 'noShows'], status: 'pending' },
    ]);
  });
});

describe('notices to members', () => {
  it('sends one inbox message per active member only, and records it', async () => {
    const { club, client, coordinator } = await coordinatedClub({ capacity: 2 });
    const a = await enrol(club.id, 'active', { name: '甲' });
    const b = await enrol(club.id, 'active', { name: '乙' });
    for (const status of ['pending', 'waitlisted', 'left', 'removed', 'declined'] as const) await enrol(club.id, status);
    const otherClub = await createClub(ctx);
    await enrol(otherClub.id, 'active');
    const body = '因台风影响，\n本周六的活动改至下周六。<b>请互相转告</b>';
    const res = await client.post(`/coordinator/clubs/${club.id}/notices`, { title: '  活动改期  ', body });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/coordinator/clubs/${club.id}`);
    expect(flashIn(await roster(client, club.id))).toEqual(['success', '通知已发送给 2 位会员。']);
    const inbox = await allNotifications();
    expect(inbox.map((n) => n.userId)).toEqual([a.user.id, b.user.id]);
    for (const n of inbox) expect(n).toMatchObject({ kind: 'club.notice', title: '活动改期', body, link: `/clubs/${club.id}`, params: { clubZh: club.nameZh, clubEn: club.nameEn }, createdAt: ctx.clock.now(), readAt: null });
    expect((await allAudit()).map((x) => [x.action, x.actorId, x.targetType, x.targetId, x.detail])).toEqual([['club.notice.posted', coordinator.id, 'club', String(club.id), { title: '活动改期', recipients: 2 }]]);
    // the member reads it as text, not markup
    const reader = new TestClient(ctx);
    await reader.signIn(a.user.phone);
    const page = await (await reader.get('/inbox')).text();
    expect(page).toContain('活动改期');
    expect(page).toContain('&lt;b&gt;请互相转告&lt;/b&gt;');
    expect(page).not.toContain('<b>请互相转告</b>');
    // the limits themselves are allowed
    expect((await client.post(`/coordinator/clubs/${club.id}/notices`, { title: '题'.repeat(60), body: '字'.repeat(1000) })).status).toBe(303);
    expect((await allAudit()).map((x) => x.detail)).toEqual([{ title: '活动改期', recipients: 2 }, { title: '题'.repeat(60), recipients: 2 }]);
  });

  const bad: Array<[string, Record<string, string>, string]> = [
    ['an empty title', { title: '', body: '内容' }, '此项必填。'],
    ['a blank title', { title: '   ', body: '内容' }, '此项必填。'],
    ['a title over 60 characters', { title: '题'.repeat(61), body: '内容' }, '最多 60 个字符，现在有 61 个。'],
    ['a missing body', { title: '标题' }, '此项必填。'],
    ['an empty body', { title: '标题', body: '  \n ' }, '此项必填。'],
    ['a body over 1000 characters', { title: '标题', body: '字'.repeat(1001) }, '最多 1000 个字符，现在有 1001 个。'],
    ['an unknown extra field', { title: '标题', body: '内容', audience: 'everyone' }, '表单包含无法识别的内容，请刷新页面后重试。'],
  ];
  for (const [name, form, message] of bad) {
    it(`refuses ${name} with 422, the message and the input kept, writing nothing`, async () => {
      const { club, client } = await coordinatedClub();
      await enrol(club.id, 'active');
      const res = await client.post(`/coordinator/clubs/${club.id}/notices`, form);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain('<section id="roster"');
      // what was typed comes back whole (trimmed), the over-long included
      if (form.title?.trim()) expect(html).toContain(`value="${form.title}"`);
      if (form.body?.trim()) expect(html).toContain(`>${form.body}</textarea>`);
      expect([await allNotifications(), await allAudit()]).toEqual([[], []]);
    });
  }

  it('sends a title typed over two lines as one line, and a body with its line breaks as LF, without control characters', async () => {
    const { club, client } = await coordinatedClub();
    await enrol(club.id, 'active');
    const res = await client.post(`/coordinator/clubs/${club.id}/notices`, { title: '第一行\r\n第二行\u0007', body: '\u202e第一段\r\n\r\n第二段\u001b[2J' });
    expect(res.status).toBe(303);
    expect((await allNotifications()).map((n) => [n.title, n.body])).toEqual([['第一行 第二行', '第一段\n\n第二段[2J']]);
  });
});

describe('an admin who is not assigned to the club', () => {
  it('can use the roster, every action, the export and notices', async () => {
    const coordinator = await createUser(ctx, { role: 'coordinator' });
    const club = await createClub(ctx, { capacity: 1, coordinatorIds: [coordinator.id] });
    const adminUser = await createUser(ctx, { role: 'admin' });
    const admin = new TestClient(ctx);
    await admin.signIn(adminUser.phone);
    const active = await enrol(club.id, 'active', { name: '正式' });
    const w1 = await enrol(club.id, 'waitlisted', { name: '候一', queuedAgo: 30 });
    const w2 = await enrol(club.id, 'waitlisted', { name: '候二', queuedAgo: 20 });
    const p1 = await enrol(club.id, 'pending', { name: '申一' });
    const p2 = await enrol(club.id, 'pending', { name: '申二' });
    expect(rosterRows(await roster(admin, club.id, 'sort=queue'))).toEqual(['候一 候补 #1', '候二 候补 #2', '正式 会员', '申一 待审核', '申二 待审核']);
    expect((await act(admin, club.id, p1.id, 'approve')).flash).toEqual(['success', '已通过申一的申请；俱乐部已满，已排入候补第 3 位。']);
    expect((await act(admin, club.id, p2.id, 'decline', { reason: '资料不全' })).flash).toEqual(['success', '已拒绝申二的申请。']);
    expect((await act(admin, club.id, w2.id, 'prioritize')).flash).toEqual(['success', '候二 已移至候补首位。']);
    expect((await act(admin, club.id, active.id, 'remove', { reason: '本人要求' })).flash).toEqual(['success', '已将 正式 移出俱乐部。']);
    expect(rosterRows(await roster(admin, club.id, 'sort=queue&status=all'))).toEqual(['候一 候补 #1', '申一 候补 #2', '正式 已移出', '申二 未通过', '候二 会员']);
    expect(await membership(w1.id)).toMatchObject({ status: 'waitlisted' });
    const csv = await admin.get(`/coordinator/clubs/${club.id}/roster.csv?columns=name&status=active`);
    expect(await csvText(csv)).toBe('\uFEFF姓名\r\n候二\r\n');
    expect((await admin.post(`/coordinator/clubs/${club.id}/notices`, { title: '通知', body: '内容' })).status).toBe(303);
    expect((await allNotifications()).filter((n) => n.kind === 'club.notice').map((n) => n.userId)).toEqual([w2.user.id]);
    const audit = await allAudit();
    expect(audit.map((a) => a.action)).toEqual(['club.member.approved', 'club.member.declined', 'club.waitlist.prioritized', 'club.member.removed', 'club.roster.exported', 'club.notice.posted']);
    expect(audit.every((a) => a.actorId === adminUser.id)).toBe(true);
  });
});
