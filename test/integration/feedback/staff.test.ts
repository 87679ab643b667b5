import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { auditLog, feedbackMessages, feedbackTickets, notifications } from '../../../db/schema';
import { openTicket, type NewTicket } from '../../../src/feedback/service';
import { HOUR, MINUTE } from '../../../src/lib/clock';
import { formatCode } from '../../../src/lib/codes';
import { createTestContext, FIXED_NOW, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createUser } from '../../helpers/factories';
import { addMembership, h1 } from './fixtures';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

async function signedIn(role: 'member' | 'coordinator' | 'admin', name?: string) {
  const user = await createUser(ctx, { role, ...(name ? { name } : {}) });
  const client = new TestClient(ctx);
  await client.signIn(user.phone);
  return { user, client };
}

/** A ticket opened by the member at the clock's current time. */
async function ticket(memberId: number, o: Partial<NewTicket> = {}) {
  const r = await openTicket(ctx.deps, { id: memberId, role: 'member' }, { category: 'complaint', subject: '投诉', body: '内容', about: null, ...o });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const ticketRow = async (id: number) => (await ctx.deps.db.select().from(feedbackTickets).where(eq(feedbackTickets.id, id)))[0]!;

/** The queue's rows in page order: [subject, SLA badge text, clock text]. */
function queueRows(html: string): string[][] {
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  return body
    .split('<tr')
    .slice(1)
    .map((row) => {
      const subject = /<th scope="row"><a href="[^"]+">([^<]*)<\/a>/.exec(row)?.[1] ?? '';
      const badge = /<span class="sla-badge">(?:<span aria-hidden="true">⚠ <\/span>)?([^<]*)<\/span>/.exec(row)?.[1] ?? '';
      const clock = /<span class="sla-clock"> ([^<]*)<\/span>/.exec(row)?.[1] ?? '';
      return [subject, badge, clock];
    });
}

describe('the queue and its 48-hour clock', () => {
  it('sorts by due time, flags overdue and due-soon tickets in words, and counts them', async () => {
    const { client } = await signedIn('admin');
    const m = await createUser(ctx, { name: '李雷' });
    // opened 50 h, 45 h and 10 h before now; one answered; one closed
    ctx.clock.set(FIXED_NOW - 50 * HOUR);
    await ticket(m.id, { subject: '最早' });
    ctx.clock.set(FIXED_NOW - 45 * HOUR);
    await ticket(m.id, { subject: '快到期', category: 'feedback' });
    ctx.clock.set(FIXED_NOW - 10 * HOUR);
    await ticket(m.id, { subject: '新的' });
    ctx.clock.set(FIXED_NOW - 60 * HOUR);
    const answered = await ticket(m.id, { subject: '已回复的' });
    await ctx.deps.db.update(feedbackTickets).set({ status: 'answered', firstResponseAt: FIXED_NOW - 59 * HOUR }).where(eq(feedbackTickets.id, answered.id));
    const closed = await ticket(m.id, { subject: '已关闭的' });
    await ctx.deps.db.update(feedbackTickets).set({ status: 'closed', closedAt: FIXED_NOW - HOUR }).where(eq(feedbackTickets.id, closed.id));
    ctx.clock.set(FIXED_NOW);

    const res = await client.get('/admin/feedback');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(h1(html)).toBe('反馈与投诉');
    expect(html).toContain('<p class="fb-summary fb-summary-alert" role="status"><span aria-hidden="true">⚠ </span>已超时 1 条，即将到期 1 条，共 3 条待首次回复。</p>');
    expect(queueRows(html)).toEqual([
      ['最早', '已超时', '已超时 2 小时'],
      ['快到期', '即将到期', '还剩 3 小时'],
      ['新的', '待首次回复', '还剩 38 小时'],
      ['已回复的', '已按时回复', ''],
    ]);
    expect(html).toContain('<tr class="fb-row-overdue">');
    expect(html).toContain('<small>共 4 条</small>');
    expect(html).toContain('<td data-label="会员">李雷</td>');
    expect(html).not.toContain('已关闭的');

    const closedOnly = await (await client.get('/admin/feedback?status=closed')).text();
    expect(queueRows(closedOnly)).toEqual([['已关闭的', '未回复即关闭', '']]);
    const all = await (await client.get('/admin/feedback?status=all')).text();
    expect(queueRows(all).map((r) => r[0])).toEqual(['最早', '快到期', '新的', '已回复的', '已关闭的']);
    const answeredOnly = await (await client.get('/admin/feedback?status=answered')).text();
    expect(queueRows(answeredOnly).map((r) => r[0])).toEqual(['已回复的']);
    const feedbackOnly = await (await client.get('/admin/feedback?category=feedback')).text();
    expect(queueRows(feedbackOnly).map((r) => r[0])).toEqual(['快到期']);
    expect(feedbackOnly).toContain('<option value="feedback" selected="">意见建议</option>');
    // the summary is about everything waiting, whatever the filter
    expect(feedbackOnly).toContain('已超时 1 条，即将到期 1 条，共 3 条待首次回复。');
    // unknown filters fall back to the default view
    expect(queueRows(await (await client.get('/admin/feedback?status=nope&category=x&page=-3')).text())).toHaveLength(4);

    // 3 h 20 min later the due-soon one is overdue too, counted in minutes in its first hour
    ctx.clock.advance(3 * HOUR + 20 * MINUTE);
    const later = await (await client.get('/admin/feedback')).text();
    expect(queueRows(later).slice(0, 2)).toEqual([
      ['最早', '已超时', '已超时 5 小时'],
      ['快到期', '已超时', '已超时 20 分钟'],
    ]);
    const en = await (await client.get('/admin/feedback?lang=en')).text();
    expect(queueRows(en).slice(0, 3)).toEqual([
      ['最早', 'Overdue', 'Overdue by 5 hours'],
      ['快到期', 'Overdue', 'Overdue by 20 minutes'],
      ['新的', 'Awaiting first reply', '34 hours left'],
    ]);
    expect(en).toContain('2 overdue, 0 due soon, 3 awaiting a first reply.');
  });

  it('pages 50 at a time', async () => {
    const { client } = await signedIn('admin');
    const m = await createUser(ctx);
    for (let i = 0; i < 52; i++) {
      ctx.clock.set(FIXED_NOW - (60 - i) * MINUTE);
      await ticket(m.id, { subject: `第${i + 1}条` });
    }
    ctx.clock.set(FIXED_NOW);
    const first = await (await client.get('/admin/feedback')).text();
    expect(queueRows(first)).toHaveLength(50);
    expect(queueRows(first)[0]![0]).toBe('第1条');
    expect(first).toContain('<a href="/admin/feedback?page=2">下一页</a>');
    expect(first).toContain('第 1 / 2 页');
    const second = await (await client.get('/admin/feedback?page=2')).text();
    expect(queueRows(second).map((r) => r[0])).toEqual(['第51条', '第52条']);
    expect(second).toContain('<a href="/admin/feedback">上一页</a>');
    // past the last page: the last page
    expect(queueRows(await (await client.get('/admin/feedback?page=9')).text())).toHaveLength(2);
  });

  it('shows a coordinator only their clubs’ tickets, under a third tab', async () => {
    const { user: coordinator, client } = await signedIn('coordinator');
    const mine = await createClub(ctx, { coordinatorIds: [coordinator.id] });
    const theirs = await createClub(ctx);
    const m = await createUser(ctx);
    await addMembership(ctx, mine.id, m.id);
    await addMembership(ctx, theirs.id, m.id);
    await ticket(m.id, { subject: '我的俱乐部', about: { type: 'club', id: mine.id } });
    await ticket(m.id, { subject: '别的俱乐部', about: { type: 'club', id: theirs.id } });
    await ticket(m.id, { subject: '一般反馈' });
    const html = await (await client.get('/coordinator/feedback')).text();
    expect(html).toContain('<a href="/coordinator/feedback" aria-current="page">会员反馈</a>');
    expect(queueRows(html).map((r) => r[0])).toEqual(['我的俱乐部']);
    expect(html).toContain('已超时 0 条，即将到期 0 条，共 1 条待首次回复。');
    expect(html).toContain(`<td data-label="俱乐部">${mine.nameZh}</td>`);
    // the other tabs link here too
    expect(await (await client.get('/coordinator/events')).text()).toContain('<a href="/coordinator/feedback">会员反馈</a>');
  });
});

describe('working a ticket', () => {
  async function world() {
    const { user: admin, client } = await signedIn('admin', '赵管理');
    const member = await createUser(ctx, { name: '韩梅梅', phone: '13912345678' });
    const t = await ticket(member.id, { subject: '活动签到排队太久', body: '排了四十分钟。' });
    return { admin, client, member, t };
  }

  it('shows the thread, the member with a masked phone, and the clock', async () => {
    const { client, t } = await world();
    ctx.clock.advance(43 * HOUR);
    const html = await (await client.get(`/admin/feedback/${t.id}`)).text();
    expect(h1(html)).toBe('活动签到排队太久');
    expect(html).toContain('<dd>韩梅梅 · <span>手机</span> 139****5678</dd>');
    expect(html).not.toContain('13912345678');
    expect(html).toContain('<span class="sla sla-due_soon"><span class="sla-badge">即将到期</span><span class="sla-clock"> 还剩 5 小时</span></span>');
    expect(html).toContain(`<code>${formatCode(t.reference)}</code> · 投诉`);
    expect(html).toContain('<strong>韩梅梅 · 会员</strong>');
    expect(html).toContain('<p class="fb-body">排了四十分钟。</p>');
    expect(html).toContain(`<form method="post" action="/admin/feedback/${t.id}/reply" data-hx-post="/admin/feedback/${t.id}/reply" data-hx-target="#ticket" data-hx-swap="outerHTML" class="fb-reply" novalidate="">`);
    ctx.clock.advance(8 * HOUR);
    expect(await (await client.get(`/admin/feedback/${t.id}`)).text()).toContain('<span class="sla sla-overdue"><span class="sla-badge"><span aria-hidden="true">⚠ </span>已超时</span><span class="sla-clock"> 已超时 3 小时</span></span>');
  });

  it('records the first reply, tells the member in the same step, and audits it', async () => {
    const { admin, client, member, t } = await world();
    ctx.clock.advance(5 * HOUR);
    const res = await client.post(`/admin/feedback/${t.id}/reply`, { body: '非常抱歉，我们已增加签到人手。' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/feedback/${t.id}`);
    const replyAt = FIXED_NOW + 5 * HOUR;
    expect(await ticketRow(t.id)).toMatchObject({ status: 'answered', firstResponseAt: replyAt, updatedAt: replyAt, closedAt: null });
    const msgs = await ctx.deps.db.select().from(feedbackMessages).where(eq(feedbackMessages.ticketId, t.id)).orderBy(asc(feedbackMessages.id));
    expect(msgs.map((m) => [m.fromStaff, m.authorId, m.body])).toEqual([
      [false, member.id, '排了四十分钟。'],
      [true, admin.id, '非常抱歉，我们已增加签到人手。'],
    ]);
    const inbox = await ctx.deps.db.select().from(notifications).where(eq(notifications.userId, member.id));
    expect(inbox).toEqual([expect.objectContaining({ kind: 'feedback.answered', params: { reference: formatCode(t.reference) }, link: `/me/feedback/${t.reference}`, createdAt: replyAt, readAt: null })]);
    const [entry] = await ctx.deps.db.select().from(auditLog).where(eq(auditLog.action, 'feedback.replied'));
    expect(entry).toMatchObject({ actorId: admin.id, targetType: 'feedback_ticket', targetId: String(t.id), at: replyAt, detail: { reference: t.reference, first: true, late: false } });

    const page = await (await client.get(`/admin/feedback/${t.id}`)).text();
    expect(page).toContain('<p class="flash flash-success" role="status">已回复，会员已收到通知。</p>');
    expect(page).toContain('<span class="sla sla-met"><span class="sla-badge">已按时回复</span></span>');
    expect(page).toContain('<strong>赵管理 · 管理员</strong>');

    // the member sees the reply (by role only) and the message in their inbox
    const memberClient = new TestClient(ctx);
    await memberClient.signIn(member.phone);
    const mine = await (await memberClient.get(`/me/feedback/${t.reference}`)).text();
    expect(mine).toContain('<span class="status-pill fb-status-answered">已回复</span>');
    expect(mine).toContain('<strong>管理员</strong>');
    expect(mine).not.toContain('赵管理');
    expect(mine).toContain('<p class="fb-body">非常抱歉，我们已增加签到人手。</p>');
    expect(mine).toContain('<dd>已于 2026年11月26日周四 15:00 首次回复</dd>');
    const inboxPage = await (await memberClient.get('/inbox')).text();
    expect(inboxPage).toContain(`您的反馈 ${formatCode(t.reference)} 有了新回复。`);
    expect(inboxPage).toContain(`href="/me/feedback/${t.reference}"`);
    expect(await (await memberClient.get('/inbox?lang=en')).text()).toContain(`There is a reply to your feedback ${formatCode(t.reference)}.`);

    // a second reply keeps the first-response time; the member writing again reopens the ticket
    ctx.clock.advance(HOUR);
    expect((await client.post(`/admin/feedback/${t.id}/reply`, { body: '补充说明。' })).status).toBe(303);
    expect(await ticketRow(t.id)).toMatchObject({ status: 'answered', firstResponseAt: replyAt });
    expect((await ctx.deps.db.select().from(auditLog).where(eq(auditLog.action, 'feedback.replied')))[1]!.detail).toEqual({ reference: t.reference, first: false, late: false });
    ctx.clock.advance(HOUR);
    expect((await memberClient.post(`/me/feedback/${t.reference}/messages`, { body: '还是有问题。' })).status).toBe(303);
    expect(await ticketRow(t.id)).toMatchObject({ status: 'open', firstResponseAt: replyAt });
    const queue = await (await client.get('/admin/feedback')).text();
    expect(queueRows(queue)).toEqual([['活动签到排队太久', '已按时回复', '']]);
    expect(queue).toContain('<span class="status-pill fb-status-open">待回复</span>');
  });

  it('marks a first reply after the due time as late', async () => {
    const { client, t } = await world();
    ctx.clock.advance(49 * HOUR);
    await client.post(`/admin/feedback/${t.id}/reply`, { body: '抱歉回复晚了。' });
    expect((await ctx.deps.db.select().from(auditLog).where(eq(auditLog.action, 'feedback.replied')))[0]!.detail).toMatchObject({ first: true, late: true });
    expect(await (await client.get(`/admin/feedback/${t.id}`)).text()).toContain('<span class="sla-badge">超时后回复</span>');
  });

  it('refuses an empty reply with 422 and the typed text kept, writing nothing', async () => {
    const { client, member, t } = await world();
    for (const body of ['', '   ', 'x'.repeat(4001)]) {
      const res = await client.post(`/admin/feedback/${t.id}/reply`, { body });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(body.length > 10 ? 'class="field-error">最多 4000 个字符，现在有 4001 个。' : 'class="field-error">此项必填。');
      expect(html).toContain('<small id="f-reply-hint">会员会在站内消息中收到通知。 · 最多 4000 个字符。</small>');
      if (body.length > 10) expect(html).toContain(`${body}</textarea>`);
    }
    expect((await client.post(`/admin/feedback/${t.id}/reply`, { body: 'ok', extra: '1' })).status).toBe(422);
    expect(await ticketRow(t.id)).toMatchObject({ status: 'open', firstResponseAt: null });
    expect(await ctx.deps.db.select().from(notifications).where(eq(notifications.userId, member.id))).toEqual([]);
    expect(await ctx.deps.db.select().from(auditLog)).toEqual([]);
  });

  it('closes a ticket once, audited; a closed ticket takes no more replies', async () => {
    const { admin, client, member, t } = await world();
    ctx.clock.advance(HOUR);
    const res = await client.post(`/admin/feedback/${t.id}/close`, {});
    expect(res.status).toBe(303);
    expect(await ticketRow(t.id)).toMatchObject({ status: 'closed', closedAt: FIXED_NOW + HOUR, firstResponseAt: null });
    const page = await (await client.get(`/admin/feedback/${t.id}`)).text();
    expect(page).toContain('<p class="flash flash-success" role="status">已关闭。</p>');
    expect(page).toContain('<span class="status-pill fb-status-closed">已关闭</span>');
    expect(page).not.toContain('<textarea');
    expect(page).not.toContain('关闭此反馈');
    const again = await client.post(`/admin/feedback/${t.id}/close`, {});
    expect(again.status).toBe(303);
    expect(await (await client.get(`/admin/feedback/${t.id}`)).text()).toContain('<p class="flash flash-info" role="status">此反馈已关闭，不能再回复。</p>');
    const reply = await client.post(`/admin/feedback/${t.id}/reply`, { body: '晚了' });
    expect(reply.status).toBe(409);
    expect(await reply.text()).toContain('此反馈已关闭，不能再回复。');
    const audits = await ctx.deps.db.select().from(auditLog).orderBy(asc(auditLog.id));
    expect(audits.map((a) => [a.action, a.actorId, a.targetId])).toEqual([['feedback.closed', admin.id, String(t.id)]]);
    expect(await ctx.deps.db.select().from(notifications).where(eq(notifications.userId, member.id))).toEqual([]);
    expect((await client.post(`/admin/feedback/${t.id}/close`, { extra: '1' })).status).toBe(400);
  });

  it('replies and closes in place for htmx', async () => {
    const { client, t } = await world();
    const htmx = { headers: { 'HX-Request': 'true', 'HX-Request-Type': 'partial' } };
    const res = await client.post(`/admin/feedback/${t.id}/reply`, { body: '已处理。' }, htmx);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<section id="ticket"')).toBe(true);
    expect(html).toContain('<p class="flash flash-success" role="status">已回复，会员已收到通知。</p>');
    expect(html).toContain('<p class="fb-body">已处理。</p>');
    expect(html).toContain('<span class="status-pill fb-status-answered">已回复</span>');
    const bad = await client.post(`/admin/feedback/${t.id}/reply`, { body: '' }, htmx);
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/^<section id="ticket"[\s\S]*<small id="f-reply-error" class="field-error">此项必填。<\/small>/);
    const closed = await client.post(`/admin/feedback/${t.id}/close`, {}, htmx);
    expect(closed.status).toBe(200);
    expect(await closed.text()).toMatch(/^<section id="ticket"[\s\S]*已关闭。[\s\S]*fb-status-closed/);
    // no flash is left behind for the next page
    expect(await (await client.get(`/admin/feedback/${t.id}`)).text()).not.toContain('class="flash');
  });

  it('lets a coordinator work their club’s ticket, linked to the roster', async () => {
    const { user: coordinator, client } = await signedIn('coordinator', '钱协调');
    const club = await createClub(ctx, { coordinatorIds: [coordinator.id] });
    const member = await createUser(ctx);
    await addMembership(ctx, club.id, member.id);
    const t = await ticket(member.id, { about: { type: 'club', id: club.id } });
    const page = await (await client.get(`/coordinator/feedback/${t.id}`)).text();
    expect(page).toContain(`<a href="/coordinator/clubs/${club.id}">俱乐部：${club.nameZh}</a>`);
    const res = await client.post(`/coordinator/feedback/${t.id}/reply`, { body: '收到，我们会改进。' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/coordinator/feedback/${t.id}`);
    expect(await ticketRow(t.id)).toMatchObject({ status: 'answered', firstResponseAt: FIXED_NOW });
    expect(await ctx.deps.db.select({ kind: notifications.kind }).from(notifications).where(eq(notifications.userId, member.id))).toEqual([{ kind: 'feedback.answered' }]);
    expect((await ctx.deps.db.select().from(auditLog))[0]).toMatchObject({ action: 'feedback.replied', actorId: coordinator.id });
  });
});
