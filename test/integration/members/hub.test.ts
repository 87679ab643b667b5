import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { clubMemberships, entitlementLedger, events, loungeBookings, notifications, registrations } from '../../../db/schema';
import { DAY, HOUR } from '../../../src/lib/clock';
import { randomCode } from '../../../src/lib/codes';
import { zonedToInstant } from '../../../src/lib/time';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createEvent, createLounge, createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const TOMORROW_9 = zonedToInstant({ year: 2026, month: 11, day: 27, hour: 9, minute: 0 }, 'Asia/Shanghai');

async function signedInMember(tierCode = 'gold', name?: string) {
  const user = await createUser(ctx, { tierCode, ...(name ? { name } : {}) });
  const client = new TestClient(ctx);
  await client.signIn(user.phone);
  return { user, client };
}

async function addRegistration(eventId: number, userId: number, status: 'confirmed' | 'waitlisted', o: Partial<typeof registrations.$inferInsert> = {}) {
  const now = ctx.clock.now();
  const [row] = await ctx.deps.db
    .insert(registrations)
    .values({ code: randomCode(), eventId, userId, status, children: [], seats: 1, createdAt: now, queuedAt: now, confirmedAt: status === 'confirmed' ? now : null, ...o })
    .returning();
  return row!;
}

async function addMembership(clubId: number, userId: number, status: 'pending' | 'active' | 'waitlisted') {
  const now = ctx.clock.now();
  await ctx.deps.db.insert(clubMemberships).values({ clubId, userId, status, requestedAt: now, queuedAt: now, statusChangedAt: now, activeSince: status === 'active' ? now : null });
}

async function book(client: TestClient, loungeId: number, slot = TOMORROW_9) {
  const res = await client.post(`/lounges/${loungeId}/bookings`, { slot: String(slot), companions: '0', flight: '' });
  expect(res.status).toBe(303);
  return res.headers.get('location')!.replace('/lounges/passes/', '');
}

const flashOf = (html: string) => html.match(/<p class="flash flash-(\w+)" role="\w+">([^<]*)<\/p>/)?.slice(1, 3);
/** The hidden inputs of the confirmation form, as the browser would post them. */
const confirmationForm = (html: string) => new URLSearchParams([...html.matchAll(/<input type="hidden" name="(registration|booking|club)" value="(\d+)"\/>/g)].map((m): [string, string] => [m[1]!, m[2]!]));
const postForm = (client: TestClient, path: string, form: URLSearchParams) =>
  client.request(path, { method: 'POST', body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
const kindsOf = async (userId: number) => (await ctx.deps.db.select({ kind: notifications.kind }).from(notifications).where(eq(notifications.userId, userId)).orderBy(asc(notifications.id))).map((n) => n.kind);

/** An event that took place two days ago. */
async function pastEvent() {
  const event = await createEvent(ctx, { inDays: 2 });
  const startsAt = ctx.clock.now() - 2 * DAY;
  const [row] = await ctx.deps.db.update(events).set({ startsAt, endsAt: startsAt + 2 * HOUR, opensAt: startsAt - 10 * DAY, closesAt: startsAt - HOUR }).where(eq(events.id, event.id)).returning();
  return row!;
}

/** A member with one of everything: the situation the "0000" promise is about. */
async function busyMember() {
  const li = await signedInMember('gold', '李雷');
  const zhao = await createUser(ctx, { tierCode: 'gold', name: '赵敏' });
  const concert = await createEvent(ctx, { inDays: 3, capacity: 1 });
  const forum = await createEvent(ctx, { inDays: 5, capacity: 1 });
  const past = await pastEvent();
  const golf = await createClub(ctx);
  const music = await createClub(ctx);
  const fitness = await createClub(ctx);
  const lounge = await createLounge(ctx);

  const concertSeat = await addRegistration(concert.id, li.user.id, 'confirmed');
  const zhaoWaiting = await addRegistration(concert.id, zhao.id, 'waitlisted', { queuedAt: ctx.clock.now() + 1 });
  const forumHolder = await createUser(ctx, { tierCode: 'gold' });
  await addRegistration(forum.id, forumHolder.id, 'confirmed');
  const forumWait = await addRegistration(forum.id, li.user.id, 'waitlisted', { queuedAt: ctx.clock.now() + 2 });
  const attended = await addRegistration(past.id, li.user.id, 'confirmed', { checkedInSeats: 1, checkedInAt: past.startsAt });
  await addMembership(golf.id, li.user.id, 'active');
  await addMembership(music.id, li.user.id, 'pending');
  await addMembership(fitness.id, li.user.id, 'waitlisted');
  const pass = await book(li.client, lounge.id);
  return { li, zhao, concert, forum, past, golf, music, fitness, lounge, concertSeat, zhaoWaiting, forumWait, attended, pass };
}

describe('/me, the member hub', () => {
  it('lists clubs with status, registrations with waitlist position, the lounge booking and the entitlement summary, upcoming first', async () => {
    const s = await busyMember();
    const html = await (await s.li.client.get('/me')).text();

    expect(html).toContain('<h2 id="my-upcoming">即将到来</h2>');
    expect(html).toContain('您有 5 项即将到来的活动报名、贵宾厅预约或俱乐部申请');
    expect(html).toContain('<a href="/me/cancel-all" role="button" class="secondary outline">全部取消…</a>');
    // events: the soonest first, with status; the waitlist shows the position
    const events = html.slice(html.indexOf('id="my-events"'), html.indexOf('id="my-lounges"'));
    expect(events.indexOf(s.concert.titleZh)).toBeLessThan(events.indexOf(s.forum.titleZh));
    expect(events).toContain('已确认 · 1 个座位');
    expect(events).toContain('候补第 1 位');
    // history: attended, with a way to rate it and to give feedback about it
    expect(events).toContain(`${s.past.titleZh} · 已确认 · 1 个座位 · 已签到`);
    expect(events).toContain(`<a href="/me/ratings/new?registration=${s.attended.id}">评价</a>`);
    expect(events).toContain(`<a href="/me/feedback/new?about=registration:${s.attended.id}">意见反馈</a>`);
    // the lounge booking, cancellable in place
    expect(html).toContain(`data-hx-post="/lounges/passes/${s.pass}/cancel" data-hx-target="#main" data-hx-select="#main" data-hx-swap="outerHTML" data-hx-select-oob="#inbox-link"`);
    // clubs with their status, each with its one-step action
    const clubsPart = html.slice(html.indexOf('id="my-clubs"'));
    for (const club of [s.golf, s.music, s.fitness]) expect(clubsPart).toContain(`data-hx-post="/clubs/${club.id}/leave"`);
    // entitlement summary: gold has 4 visits a year, one is reserved
    expect(html).toContain('<strong>2026 年剩余 3 次</strong>');
    expect(html).toContain('<a href="/me/feedback/new" role="button" class="secondary">提交意见或投诉</a>');
  });

  it('says so when nothing is coming up, and offers no cancel-all button', async () => {
    const { client } = await signedInMember();
    const html = await (await client.get('/me')).text();
    expect(html).toContain('目前没有即将到来的活动、预约或申请。');
    expect(html).not.toContain('href="/me/cancel-all"');
    const confirm = await (await client.get('/me/cancel-all')).text();
    expect(confirm).toContain('目前没有可以取消的安排。');
    expect(confirm).not.toContain('<form method="post" action="/me/cancel-all"');
  });

  it('shows the hub in English', async () => {
    const s = await busyMember();
    const html = await (await s.li.client.get('/me?lang=en')).text();
    expect(html).toContain('<h2 id="my-upcoming">Coming up</h2>');
    expect(html).toContain('You have 5 upcoming registrations, bookings and club requests.');
    expect(html).toContain('Cancel everything…');
  });

  it('cancels one item in one step and comes back to /me with the result', async () => {
    const s = await busyMember();
    const res = await s.li.client.post(`/events/${s.concert.id}/cancel`, { back: '/me' }, { headers: { 'HX-Request': 'true' } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/me');
    const html = await (await s.li.client.get('/me')).text();
    expect(flashOf(html)?.[0]).toBe('success');
    expect(html).toContain('您有 4 项即将到来');
  });
});

describe('cancel everything upcoming', () => {
  it('lists exactly what will be cancelled on one confirmation page', async () => {
    const s = await busyMember();
    const res = await s.li.client.get('/me/cancel-all');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('以下 5 项将被取消，请确认。');
    expect(html).toContain(s.concert.titleZh);
    expect(html).toContain(`${s.forum.titleZh}</strong>`);
    expect(html).toContain('候补第 1 位');
    expect(html).toContain(`${s.lounge.nameZh}</strong>`);
    expect(html).toContain(`${s.music.nameZh}</strong> · 待审核的申请`);
    expect(html).toContain(`${s.fitness.nameZh}</strong> · 候补中`);
    expect(html).not.toContain(s.golf.nameZh); // an active membership is not "upcoming"
    expect(html).not.toContain(s.past.titleZh);
    expect(html).toContain('<button type="submit">确认取消这 5 项</button>');
    expect([...confirmationForm(html)].sort()).toEqual(
      [
        ['registration', String(s.concertSeat.id)],
        ['registration', String(s.forumWait.id)],
        ['booking', String((await ctx.deps.db.select().from(loungeBookings).where(eq(loungeBookings.code, s.pass)))[0]!.id)],
        ['club', String(s.music.id)],
        ['club', String(s.fitness.id)],
      ].sort(),
    );
  });

  it('cancels them all: seats go to the waitlist, the visit is returned, requests are withdrawn, the member is told', async () => {
    const s = await busyMember();
    const form = confirmationForm(await (await s.li.client.get('/me/cancel-all')).text());
    const res = await postForm(s.li.client, '/me/cancel-all', form);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/me');

    const html = await (await s.li.client.get('/me')).text();
    expect(flashOf(html)).toEqual(['success', '已取消 5 项（活动 2，贵宾厅 1，俱乐部申请 2）。']);
    expect(html).toContain('目前没有即将到来的活动、预约或申请。');

    const regs = await ctx.deps.db.select().from(registrations).orderBy(asc(registrations.id));
    expect(regs.find((r) => r.id === s.concertSeat.id)!.status).toBe('cancelled');
    expect(regs.find((r) => r.id === s.forumWait.id)!.status).toBe('cancelled');
    expect(regs.find((r) => r.id === s.zhaoWaiting.id)!.status).toBe('confirmed'); // promoted into the freed seat
    expect(regs.find((r) => r.id === s.attended.id)!.status).toBe('confirmed'); // history is untouched
    const booking = (await ctx.deps.db.select().from(loungeBookings).where(eq(loungeBookings.code, s.pass)))[0]!;
    expect(booking.status).toBe('cancelled');
    const ledger = await ctx.deps.db.select().from(entitlementLedger).where(eq(entitlementLedger.userId, s.li.user.id)).orderBy(asc(entitlementLedger.id));
    expect(ledger.map((l) => l.type)).toEqual(['grant', 'reserve', 'release']);
    const memberships = await ctx.deps.db.select().from(clubMemberships).where(eq(clubMemberships.userId, s.li.user.id)).orderBy(asc(clubMemberships.id));
    expect(memberships.map((m) => m.status)).toEqual(['active', 'left', 'left']);

    expect(await kindsOf(s.li.user.id)).toEqual(['lounge.booked', 'event.registrationCancelled', 'event.registrationCancelled', 'lounge.cancelled']);
    expect(await kindsOf(s.zhao.id)).toEqual(['event.promoted']);
    // the unread count in the navigation follows
    expect(html).toContain('<span class="visually-hidden">4 条未读</span>');
  });

  it('leaves alone what was booked after the confirmation page was shown, and what is no longer cancellable', async () => {
    const s = await busyMember();
    const form = confirmationForm(await (await s.li.client.get('/me/cancel-all')).text());
    const later = await createEvent(ctx, { inDays: 9 });
    const laterSeat = await addRegistration(later.id, s.li.user.id, 'confirmed');
    await ctx.deps.db.update(clubMemberships).set({ status: 'active' }).where(and(eq(clubMemberships.clubId, s.fitness.id), eq(clubMemberships.userId, s.li.user.id)));

    await postForm(s.li.client, '/me/cancel-all', form);
    const html = await (await s.li.client.get('/me')).text();
    expect(flashOf(html)).toEqual(['info', '已取消 4 项（活动 2，贵宾厅 1，俱乐部申请 1）；另有 1 项已无法取消（可能刚刚开始或已有变化），请在下方查看。']);
    expect((await ctx.deps.db.select().from(registrations).where(eq(registrations.id, laterSeat.id)))[0]!.status).toBe('confirmed');
    const fitness = await ctx.deps.db.select().from(clubMemberships).where(and(eq(clubMemberships.clubId, s.fitness.id), eq(clubMemberships.userId, s.li.user.id)));
    expect(fitness[0]!.status).toBe('active'); // promoted meanwhile: leaving the club was not what was confirmed
  });

  it('ignores ids that are not the member’s own', async () => {
    const s = await busyMember();
    const other = await signedInMember('gold', '王芳');
    const form = confirmationForm(await (await s.li.client.get('/me/cancel-all')).text());
    const res = await postForm(other.client, '/me/cancel-all', form);
    expect(res.status).toBe(303);
    const html = await (await other.client.get('/me')).text();
    expect(flashOf(html)).toEqual(['info', '已取消 0 项（活动 0，贵宾厅 0，俱乐部申请 0）；另有 5 项已无法取消（可能刚刚开始或已有变化），请在下方查看。']);
    expect((await ctx.deps.db.select().from(registrations).where(eq(registrations.id, s.concertSeat.id)))[0]!.status).toBe('confirmed');
    expect((await ctx.deps.db.select().from(loungeBookings).where(eq(loungeBookings.code, s.pass)))[0]!.status).toBe('booked');
  });

  it('answers an empty selection with a message and a malformed one with 400, changing nothing', async () => {
    const s = await busyMember();
    const empty = await postForm(s.li.client, '/me/cancel-all', new URLSearchParams());
    expect(empty.status).toBe(303);
    expect(flashOf(await (await s.li.client.get('/me')).text())).toEqual(['info', '目前没有可以取消的安排。']);
    for (const body of ['registration=abc', 'registration=0', 'booking=1&extra=2', `club=${'9'.repeat(20)}`]) {
      const res = await s.li.client.request('/me/cancel-all', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(res.status, body).toBe(400);
    }
    expect((await ctx.deps.db.select().from(registrations).where(eq(registrations.id, s.concertSeat.id)))[0]!.status).toBe('confirmed');
  });

  it('is for members only', async () => {
    const signedOut = new TestClient(ctx);
    expect((await signedOut.get('/me/cancel-all')).headers.get('location')).toBe('/login?next=%2Fme%2Fcancel-all');
    expect((await signedOut.post('/me/cancel-all', { registration: '1' })).status).toBe(303);
    for (const role of ['coordinator', 'lounge_staff', 'admin'] as const) {
      const user = await createUser(ctx, { role });
      const client = new TestClient(ctx);
      await client.signIn(user.phone);
      expect((await client.get('/me/cancel-all')).status, role).toBe(403);
      expect((await client.post('/me/cancel-all', { registration: '1' })).status, role).toBe(403);
    }
  });

  it('does not list an event that starts in the past or was cancelled', async () => {
    const s = await busyMember();
    ctx.clock.set(s.concert.startsAt + 1);
    const html = await (await s.li.client.get('/me/cancel-all')).text();
    expect(html).not.toContain(s.concert.titleZh);
    expect(html).toContain(s.forum.titleZh);
    ctx.clock.advance(3 * DAY);
    const later = await (await s.li.client.get('/me/cancel-all')).text();
    expect(later).toContain('以下 2 项将被取消'); // only the two club requests remain
  });
});
