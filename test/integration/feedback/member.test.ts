import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { feedbackMessages, feedbackTickets } from '../../../db/schema';
import { HOUR, MINUTE } from '../../../src/lib/clock';
import { formatCode } from '../../../src/lib/codes';
import { createTestContext, FIXED_NOW, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createEvent, createLounge, createUser } from '../../helpers/factories';
import { addBooking, addMembership, addRegistration, feedbackSnapshot, h1 } from './fixtures';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

async function member(name = '王芳') {
  const user = await createUser(ctx, { name });
  const client = new TestClient(ctx);
  await client.signIn(user.phone);
  return { user, client };
}

const tickets = () => ctx.deps.db.select().from(feedbackTickets).orderBy(asc(feedbackTickets.id));
const messagesOf = (ticketId: number) => ctx.deps.db.select().from(feedbackMessages).where(eq(feedbackMessages.ticketId, ticketId)).orderBy(asc(feedbackMessages.id));
const form = (o: Record<string, string> = {}) => ({ category: 'complaint', subject: '贵宾厅空调太冷', body: '11月26日上午在海口贵宾厅，空调温度过低。', ...o });

describe('sending feedback', () => {
  it('shows an empty list and a form with both types, the subject and the message', async () => {
    const { client } = await member();
    const list = await client.get('/me/feedback');
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(h1(html)).toBe('我的反馈与投诉');
    expect(html).toContain('<p class="empty">您还没有提交过反馈或投诉。</p>');
    expect(html).toContain('<a href="/me/feedback/new" role="button">提交反馈或投诉</a>');
    const page = await (await client.get('/me/feedback/new')).text();
    expect(page).toContain('<form method="post" action="/me/feedback" class="fb-form" novalidate="">');
    expect(page).toContain('<legend>类型</legend>');
    expect(page).toContain('<input type="radio" id="f-category-feedback" name="category" value="feedback" required=""/>意见建议');
    expect(page).toContain('<input type="radio" id="f-category-complaint" name="category" value="complaint" required=""/>投诉');
    expect(page).toContain('<label for="f-subject">主题<input id="f-subject" name="subject" type="text" required="" maxlength="120" aria-describedby="f-subject-hint"/><small id="f-subject-hint">最多 120 个字符。</small>');
    // the limit is said beside the box; the box itself has no maxlength (a browser would cut a pasted text silently)
    expect(page).toContain('<textarea id="f-body" name="body" rows="8" required="" aria-describedby="f-body-hint"></textarea><small id="f-body-hint">请写明时间、地点和经过。 · 最多 4000 个字符。</small>');
    expect(page).not.toContain('name="about"');
  });

  it('opens a ticket with a reference and a first reply due 48 hours later, and says so', async () => {
    const { user, client } = await member();
    const res = await client.post('/me/feedback', form());
    expect(res.status).toBe(303);
    const [ticket] = await tickets();
    expect(ticket).toMatchObject({ userId: user.id, category: 'complaint', subject: '贵宾厅空调太冷', status: 'open', aboutType: null, aboutId: null, clubId: null, createdAt: FIXED_NOW, dueAt: FIXED_NOW + 48 * HOUR, firstResponseAt: null, closedAt: null });
    expect(ticket!.reference).toMatch(/^[2-9A-HJKMNP-TV-Z]{8}$/);
    expect(res.headers.get('location')).toBe(`/me/feedback/${ticket!.reference}`);
    expect(await messagesOf(ticket!.id)).toEqual([{ id: expect.any(Number), ticketId: ticket!.id, authorId: user.id, fromStaff: false, body: '11月26日上午在海口贵宾厅，空调温度过低。', createdAt: FIXED_NOW }]);

    const page = await (await client.get(res.headers.get('location')!)).text();
    expect(page).toContain(`<p class="flash flash-success" role="status">已收到，编号 ${formatCode(ticket!.reference)}。我们将在 2026年11月28日周六 10:00 前首次回复。</p>`);
    expect(h1(page)).toBe('贵宾厅空调太冷');
    expect(page).toContain(`<code>${formatCode(ticket!.reference)}</code>`);
    expect(page).toContain('<span class="status-pill fb-status-open">待回复</span>');
    expect(page).toContain('<dd>我们将在 2026年11月28日周六 10:00 前首次回复。</dd>');
    expect(page).toContain('<strong>您</strong> · <time datetime="2026-11-26T10:00:00+08:00">2026年11月26日周四 10:00</time>');
    expect(page).toContain('<p class="fb-body">11月26日上午在海口贵宾厅，空调温度过低。</p>');
    // the flash is shown once
    expect(await (await client.get(res.headers.get('location')!)).text()).not.toContain('已收到，编号');

    const list = await (await client.get('/me/feedback')).text();
    expect(list).toContain(`<a href="/me/feedback/${ticket!.reference}">贵宾厅空调太冷</a>`);
    expect(list).toContain('<td data-label="类型">投诉</td>');
  });

  it('words the confirmation in English too', async () => {
    const { client } = await member();
    await client.get('/me/feedback?lang=en');
    const res = await client.post('/me/feedback', form({ category: 'feedback', subject: 'Lovely staff', body: 'Thank you.' }));
    const [ticket] = await tickets();
    const page = await (await client.get(res.headers.get('location')!)).text();
    expect(page).toContain(`Received. Your reference is ${formatCode(ticket!.reference)}. We will reply by Sat, 28 Nov 2026, 10:00.`);
    expect(page).toContain('<dd>Feedback</dd>');
    expect(page).toContain('<span class="status-pill fb-status-open">Awaiting reply</span>');
  });

  it('lists the newest first', async () => {
    const { client } = await member();
    await client.post('/me/feedback', form({ subject: '第一条' }));
    ctx.clock.advance(10 * MINUTE);
    await client.post('/me/feedback', form({ subject: '第二条' }));
    const html = await (await client.get('/me/feedback')).text();
    expect(html.indexOf('第二条')).toBeLessThan(html.indexOf('第一条'));
  });

  it('re-shows the form with 422, the problems and the input kept, and writes nothing', async () => {
    const { client } = await member();
    const before = await feedbackSnapshot(ctx);
    const cases: Array<[Record<string, string>, string[]]> = [
      [{ category: '', subject: '', body: '' }, ['请选择类型。', '此项必填。']],
      [form({ category: 'praise' }), ['请选择类型。']],
      [form({ subject: 'x'.repeat(121) }), ['最多 120 个字符，现在有 121 个。']],
      [form({ body: '字'.repeat(4001) }), ['最多 4000 个字符，现在有 4001 个。']],
      [form({ body: '   \n  ' }), ['此项必填。']],
      [form({ body: '\u0000\u202e\r\n' }), ['此项必填。']],
    ];
    for (const [values, problems] of cases) {
      const res = await client.post('/me/feedback', values);
      expect(res.status, JSON.stringify(values).slice(0, 80)).toBe(422);
      const html = await res.text();
      for (const p of problems) expect(html).toContain(p);
      if (values.subject) expect(html).toContain(`value="${values.subject}"`);
    }
    const kept = await (await client.post('/me/feedback', form({ subject: '', body: '保留的内容 <b>' }))).text();
    expect(kept).toContain('保留的内容 &lt;b&gt;</textarea>');
    expect(kept).toContain('<input type="radio" id="f-category-complaint" name="category" value="complaint" checked="" required=""/>');
    const unexpected = await client.post('/me/feedback', { ...form(), extra: '1' });
    expect(unexpected.status).toBe(422);
    expect(await unexpected.text()).toContain('表单包含无法识别的内容');
    expect(await feedbackSnapshot(ctx)).toEqual(before);
  });

  it('refuses a message of 4001 characters with 422, the message at the box and every character kept, writing nothing', async () => {
    const { client } = await member();
    const before = await feedbackSnapshot(ctx);
    const body = `${'字'.repeat(3000)}\r\n${'文'.repeat(1000)}`;
    const res = await client.post('/me/feedback', form({ body }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(
      `<textarea id="f-body" name="body" rows="8" required="" aria-invalid="true" aria-describedby="f-body-hint f-body-error">${'字'.repeat(3000)}\n${'文'.repeat(1000)}</textarea><small id="f-body-hint">请写明时间、地点和经过。 · 最多 4000 个字符。</small><small id="f-body-error" class="field-error">最多 4000 个字符，现在有 4001 个。</small>`,
    );
    expect(html).toContain('value="贵宾厅空调太冷"');
    expect(await feedbackSnapshot(ctx)).toEqual(before);
    await client.get('/me/feedback?lang=en');
    const en = await client.post('/me/feedback', form({ body: '字'.repeat(4001) }));
    expect(en.status).toBe(422);
    expect(await en.text()).toContain('<small id="f-body-hint">Say when, where and what happened. · Up to 4000 characters.</small><small id="f-body-error" class="field-error">At most 4000 characters; this has 4001.</small>');
  });

  it('counts a line break once: 4000 characters typed with CRLF breaks are accepted, stored with LF', async () => {
    const { client } = await member();
    const body = Array.from({ length: 10 }, () => '文'.repeat(399)).join('\r\n');
    expect(body.length).toBe(4008);
    expect((await client.post('/me/feedback', form({ body }))).status).toBe(303);
    const [ticket] = await tickets();
    expect((await messagesOf(ticket!.id))[0]!.body).toBe(Array.from({ length: 10 }, () => '文'.repeat(399)).join('\n'));
  });

  it('stores a subject typed over two lines as one line, and the message without control characters', async () => {
    const { client } = await member();
    expect((await client.post('/me/feedback', form({ subject: '空调\r\n太冷\u0007', body: '\u202e上午\u0000\r\n很冷\u001b[0m' }))).status).toBe(303);
    const [ticket] = await tickets();
    expect(ticket!.subject).toBe('空调 太冷');
    expect((await messagesOf(ticket!.id))[0]!.body).toBe('上午\n很冷[0m');
  });

  it('accepts exactly 120 characters of subject and 4000 of message', async () => {
    const { client } = await member();
    const res = await client.post('/me/feedback', form({ subject: '题'.repeat(120), body: '文'.repeat(4000) }));
    expect(res.status).toBe(303);
    const [ticket] = await tickets();
    expect(ticket!.subject).toHaveLength(120);
    expect((await messagesOf(ticket!.id))[0]!.body).toHaveLength(4000);
  });
});

describe('what a ticket is about', () => {
  async function world() {
    const { user, client } = await member();
    const club = await createClub(ctx);
    const clubEvent = await createEvent(ctx, { clubId: club.id, inDays: -2, opensInHours: -24 * 5 });
    const forum = await createEvent(ctx, { clubId: null });
    const lounge = await createLounge(ctx);
    return {
      user,
      client,
      club,
      clubEvent,
      clubReg: await addRegistration(ctx, { eventId: clubEvent.id, userId: user.id, checkedInAt: clubEvent.startsAt }),
      forumReg: await addRegistration(ctx, { eventId: forum.id, userId: user.id }),
      booking: await addBooking(ctx, { loungeId: lounge.id, userId: user.id, slotStart: FIXED_NOW + 3 * HOUR }),
      lounge,
    };
  }

  it('names the event, lounge visit or club read-only and sets the club the ticket concerns', async () => {
    const w = await world();
    await addMembership(ctx, w.club.id, w.user.id, 'left');
    const cases: Array<[string, string, number | null]> = [
      [`registration:${w.clubReg.id}`, `活动：${w.clubEvent.titleZh}（2026年11月24日周二 10:00）`, w.club.id],
      [`registration:${w.forumReg.id}`, '活动：测试活动', null],
      [`booking:${w.booking.id}`, `贵宾厅到访：${w.lounge.nameZh}（2026年11月26日周四 13:00）`, null],
      [`club:${w.club.id}`, `俱乐部：${w.club.nameZh}`, w.club.id],
    ];
    for (const [about, text, clubId] of cases) {
      const page = await (await w.client.get(`/me/feedback/new?about=${about}`)).text();
      expect(page).toContain(`<input type="hidden" name="about" value="${about}"/>`);
      expect(page).toContain(text);
      const res = await w.client.post('/me/feedback', form({ about }));
      expect(res.status, about).toBe(303);
      const ticket = (await tickets()).at(-1)!;
      expect(ticket.aboutType + ':' + ticket.aboutId).toBe(about);
      expect(ticket.clubId, about).toBe(clubId);
    }
    const forumTicket = (await tickets())[1]!;
    const page = await (await w.client.get(`/me/feedback/${forumTicket.reference}`)).text();
    expect(page).toContain(`<a href="/tickets/${w.forumReg.code}">活动：`);
    const bookingTicket = (await tickets())[2]!;
    expect(await (await w.client.get(`/me/feedback/${bookingTicket.reference}`)).text()).toContain(`<a href="/lounges/passes/${w.booking.code}">贵宾厅到访：`);
  });

  it('answers 404 for someone else’s registration, booking or club, a missing one or nonsense, and writes nothing', async () => {
    const w = await world();
    const other = await createUser(ctx);
    const theirClub = await createClub(ctx);
    await addMembership(ctx, theirClub.id, other.id);
    const theirReg = await addRegistration(ctx, { eventId: w.clubEvent.id, userId: other.id });
    const theirBooking = await addBooking(ctx, { loungeId: w.lounge.id, userId: other.id, slotStart: FIXED_NOW + 3 * HOUR });
    const before = await feedbackSnapshot(ctx);
    for (const about of [`registration:${theirReg.id}`, `booking:${theirBooking.id}`, `club:${theirClub.id}`, `club:${w.club.id}`, 'club:99999', 'registration:0', 'event:1', 'club:abc']) {
      expect((await w.client.get(`/me/feedback/new?about=${about}`)).status, about).toBe(404);
      expect((await w.client.post('/me/feedback', form({ about }))).status, about).toBe(404);
    }
    expect(await feedbackSnapshot(ctx)).toEqual(before);
  });
});

describe('the thread', () => {
  it('lets the member add to it until it is closed', async () => {
    const { user, client } = await member();
    await client.post('/me/feedback', form());
    const [ticket] = await tickets();
    ctx.clock.advance(HOUR);
    const res = await client.post(`/me/feedback/${ticket!.reference}/messages`, { body: '补充：是T2航站楼。' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/me/feedback/${ticket!.reference}`);
    expect((await messagesOf(ticket!.id)).map((m) => [m.body, m.fromStaff, m.authorId])).toEqual([
      ['11月26日上午在海口贵宾厅，空调温度过低。', false, user.id],
      ['补充：是T2航站楼。', false, user.id],
    ]);
    const page = await (await client.get(`/me/feedback/${ticket!.reference}`)).text();
    expect(page).toContain('<p class="flash flash-success" role="status">已发送。</p>');
    expect(page.indexOf('空调温度过低')).toBeLessThan(page.indexOf('补充：是T2航站楼。'));
    // lower case and a dash are accepted, as typed from the reference shown
    expect((await client.get(`/me/feedback/${formatCode(ticket!.reference).toLowerCase()}`)).status).toBe(200);

    const empty = await client.post(`/me/feedback/${ticket!.reference}/messages`, { body: '  ' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('<small id="f-reply-error" class="field-error">此项必填。</small>');

    await ctx.deps.db.update(feedbackTickets).set({ status: 'closed', closedAt: ctx.clock.now() }).where(eq(feedbackTickets.id, ticket!.id));
    const closed = await client.post(`/me/feedback/${ticket!.reference}/messages`, { body: '还有一件事' });
    expect(closed.status).toBe(409);
    const closedHtml = await closed.text();
    expect(closedHtml).toContain('此反馈已关闭，不能再回复。');
    expect(closedHtml).not.toContain('还有一件事</textarea>');
    expect(await messagesOf(ticket!.id)).toHaveLength(2);
    const page2 = await (await client.get(`/me/feedback/${ticket!.reference}`)).text();
    expect(page2).toContain('此反馈已关闭。如有新的问题，请重新提交。');
    expect(page2).not.toContain('<textarea');
  });

  it('updates the thread in place for htmx', async () => {
    const { client } = await member();
    await client.post('/me/feedback', form());
    const [ticket] = await tickets();
    const page = await (await client.get(`/me/feedback/${ticket!.reference}`)).text();
    expect(page).toContain(`<form method="post" action="/me/feedback/${ticket!.reference}/messages" data-hx-post="/me/feedback/${ticket!.reference}/messages" data-hx-target="#ticket" data-hx-swap="outerHTML" class="fb-reply" novalidate="">`);
    const htmx = { headers: { 'HX-Request': 'true', 'HX-Request-Type': 'partial' } };
    const res = await client.post(`/me/feedback/${ticket!.reference}/messages`, { body: '补充说明' }, htmx);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<section id="ticket"')).toBe(true);
    expect(html).not.toContain('<html');
    expect(html).toContain('<p class="flash flash-success" role="status">已发送。</p>');
    expect(html).toContain('<p class="fb-body">补充说明</p>');
    const bad = await client.post(`/me/feedback/${ticket!.reference}/messages`, { body: '' }, htmx);
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/^<section id="ticket"[\s\S]*此项必填。/);
  });
});
