import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { clubMemberships, dependents, events, notifications, registrations } from '../../../db/schema';
import { HOUR } from '../../../src/lib/clock';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createEvent, createUser } from '../../helpers/factories';

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

async function staff(role: 'coordinator' | 'admin' | 'lounge_staff') {
  const user = await createUser(ctx, { role });
  const client = new TestClient(ctx);
  await client.signIn(user.phone);
  return { user, client };
}

type EventChanges = Partial<typeof events.$inferInsert>;
const setEvent = (id: number, values: EventChanges) => ctx.deps.db.update(events).set(values).where(eq(events.id, id));

async function addChild(userId: number, name: string, birthYear: number) {
  const [row] = await ctx.deps.db.insert(dependents).values({ userId, name, birthYear, createdAt: ctx.clock.now() }).returning();
  return row!;
}

const registrationsOf = (eventId: number) => ctx.deps.db.select().from(registrations).where(eq(registrations.eventId, eventId)).orderBy(registrations.id);
const registrationOf = async (eventId: number, userId: number) =>
  (await ctx.deps.db.select().from(registrations).where(and(eq(registrations.eventId, eventId), eq(registrations.userId, userId))).orderBy(registrations.id)).at(-1);
const notificationsOf = (userId: number, kind?: string) =>
  ctx.deps.db
    .select()
    .from(notifications)
    .where(kind ? and(eq(notifications.userId, userId), eq(notifications.kind, kind)) : eq(notifications.userId, userId))
    .orderBy(notifications.id);
const flashOf = async (client: TestClient, path: string) => (await (await client.get(path)).text()).match(/<p class="flash flash-\w+" role="\w+">([^<]*)<\/p>/)?.[1];
const statusOf = (html: string) => html.match(/<h2 id="reg-title">[^<]*<\/h2>([\s\S]*?)<\/article>/)?.[1] ?? '';
const confirmLine = (html: string) => html.match(/<ul class="confirm-list">([\s\S]*?)<\/ul>/)?.[1] ?? '';

/** Registers a party through the real routes (the confirmation page's form posts guests and children). */
async function registerParty(client: TestClient, eventId: number, guests = 0, childIds: number[] = []) {
  const body = new URLSearchParams({ guests: String(guests) });
  for (const id of childIds) body.append('children', String(id));
  return client.request(`/events/${eventId}/register`, { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

describe('the event list', () => {
  it('lists scheduled events that have not ended, soonest first, with seats left, full or the parties waiting', async () => {
    const roomy = await createEvent(ctx, { inDays: 3, capacity: 3 });
    const full = await createEvent(ctx, { inDays: 4, capacity: 1 });
    const waiting = await createEvent(ctx, { inDays: 5, capacity: 1 });
    const cancelled = await createEvent(ctx, { inDays: 6 });
    await setEvent(cancelled.id, { status: 'cancelled' });
    const ended = await createEvent(ctx, { inDays: -2, opensInHours: -24 * 5 });
    const ongoing = await createEvent(ctx, { inDays: 2, opensInHours: -24 * 5 });
    await setEvent(ongoing.id, { startsAt: ctx.clock.now() - HOUR, endsAt: ctx.clock.now() + HOUR, closesAt: ctx.clock.now() - 2 * HOUR });

    await registerParty((await member()).client, roomy.id);
    await registerParty((await member()).client, full.id);
    await registerParty((await member()).client, waiting.id);
    await registerParty((await member()).client, waiting.id);
    await registerParty((await member()).client, waiting.id, 1);

    const { client } = await member();
    const res = await client.get('/events');
    expect(res.status).toBe(200);
    const html = await res.text();
    const cards = [...html.matchAll(/<h2><a href="\/events\/(\d+)">/g)].map((m) => Number(m[1]));
    expect(cards).toEqual([ongoing.id, roomy.id, full.id, waiting.id]);
    expect(html).not.toContain(`/events/${cancelled.id}"`);
    expect(html).not.toContain(`/events/${ended.id}"`);
    expect(html).toContain('剩余 2 个名额');
    expect(html).toContain('已满，可排候补');
    expect(html).toContain('已满，2 组候补中');
    expect(html).toContain(roomy.titleZh);
  });

  it('filters by city, club and month, and ignores values it does not know', async () => {
    const club = await createClub(ctx);
    const november = await createEvent(ctx, { inDays: 2 }); // 28 Nov
    const december = await createEvent(ctx, { inDays: 10, clubId: club.id }); // 6 Dec
    const sanya = await createEvent(ctx, { inDays: 12 });
    await setEvent(sanya.id, { city: 'sanya' });
    const { client } = await member();
    const ids = async (query: string) => {
      const res = await client.get(`/events${query}`);
      expect(res.status).toBe(200);
      return [...(await res.text()).matchAll(/<h2><a href="\/events\/(\d+)">/g)].map((m) => Number(m[1]));
    };
    expect(await ids('')).toEqual([november.id, december.id, sanya.id]);
    expect(await ids('?city=sanya')).toEqual([sanya.id]);
    expect(await ids('?city=haikou')).toEqual([november.id, december.id]);
    expect(await ids(`?club=${club.id}`)).toEqual([december.id]);
    expect(await ids('?month=2026-12')).toEqual([december.id, sanya.id]);
    expect(await ids('?month=2026-11')).toEqual([november.id]);
    expect(await ids(`?month=2026-12&city=haikou&club=${club.id}`)).toEqual([december.id]);
    // months are Beijing-time months: 00:30 on 1 Dec in Shanghai is still 30 Nov in UTC
    const midnight = await createEvent(ctx, { inDays: 3 });
    const startsAt = Date.UTC(2026, 10, 30, 16, 30);
    await setEvent(midnight.id, { startsAt, endsAt: startsAt + HOUR, closesAt: startsAt - HOUR });
    expect(await ids('?month=2026-11')).toEqual([november.id]);
    expect(await ids('?month=2026-12')).toEqual([midnight.id, december.id, sanya.id]);
    await setEvent(midnight.id, { status: 'cancelled' });
    // unknown filter values are ignored rather than failing
    expect(await ids('?city=atlantis&club=abc&month=2026-13')).toEqual([november.id, december.id, sanya.id]);
    expect(await ids('?month=%3Cscript%3E&city=')).toEqual([november.id, december.id, sanya.id]);
  });

  it('tells a member when registration opens for their tier, or their own registration', async () => {
    const { client: other } = await member(); // (creates the tiers the events refer to)
    await createEvent(ctx, { inDays: 10, opensInHours: 48 }); // general opening 28 Nov 10:00
    await createEvent(ctx, { inDays: 11, minTier: 'platinum' });
    const mine = await createEvent(ctx, { inDays: 12, capacity: 1 });
    await registerParty(other, mine.id);

    const gold = await member({ tierCode: 'gold' });
    await registerParty(gold.client, mine.id);
    const goldList = await (await gold.client.get('/events')).text();
    expect(goldList).toContain('您的报名开放时间：2026年11月27日周五 10:00');
    expect(goldList).toContain('仅限白金卡及以上会员');
    expect(goldList).toContain('候补第 1 位');

    const silver = await member({ tierCode: 'silver' });
    expect(await (await silver.client.get('/events')).text()).toContain('您的报名开放时间：2026年11月28日周六 10:00');

    const diamond = await member({ tierCode: 'diamond' });
    const diamondList = await (await diamond.client.get('/events')).text();
    expect(diamondList).not.toContain('您的报名开放时间');
    expect(diamondList).toContain('报名进行中');

    expect(await (await other.get('/events')).text()).toContain('已确认 · 1 个座位');
    const en = await (await gold.client.get('/events?lang=en')).text();
    expect(en).toContain('Registration opens for you at Fri, 27 Nov 2026, 10:00');
    expect(en).toContain('Waitlist position 1');
  });

  it('shows 20 events a page, soonest first, with links to the next and previous pages that keep the filters', async () => {
    const made = [];
    for (let i = 0; i < 23; i++) made.push(await createEvent(ctx, { inDays: 2 + i * 0.5 }));
    const elsewhere = await createEvent(ctx, { inDays: 1 });
    await setEvent(elsewhere.id, { city: 'sanya' });
    const { client } = await member();
    const cardsOf = (html: string) => [...html.matchAll(/<h2><a href="\/events\/(\d+)">/g)].map((m) => Number(m[1]));

    const first = await (await client.get('/events?city=haikou')).text();
    expect(cardsOf(first)).toEqual(made.slice(0, 20).map((e) => e.id));
    expect(first).toContain('<a href="/events?city=haikou&amp;page=2" rel="next">更晚 →</a>');
    expect(first).not.toContain('rel="prev"');

    const second = await (await client.get('/events?city=haikou&page=2')).text();
    expect(cardsOf(second)).toEqual(made.slice(20).map((e) => e.id));
    expect(second).toContain('<a href="/events?city=haikou" rel="prev">← 较早</a>');
    expect(second).not.toContain('rel="next"');
    expect(second).toContain('<nav class="pager" aria-label="活动列表第 2 页">');
    expect(second).toContain('<span>第 2 页</span>');

    // without the city filter the Sanya event comes first and pushes one more onto page 2; a page past the end is empty
    const all2 = await (await client.get('/events?page=2&lang=en')).text();
    expect(cardsOf(all2)).toEqual(made.slice(19).map((e) => e.id));
    expect(all2).toContain('aria-label="Events, page 2"');
    expect(all2).toContain('<span>Page 2</span>');
    expect(cardsOf(await (await client.get('/events?page=9')).text())).toEqual([]);
    // a malformed page is page 1
    expect(cardsOf(await (await client.get('/events?page=0x2')).text())[0]).toBe(elsewhere.id);
  });
});

describe('the event page', () => {
  it('shows the details and a form with the guests allowed and only the member’s own children in the age range', async () => {
    const event = await createEvent(ctx, { inDays: 10, capacity: 12 });
    await setEvent(event.id, { maxGuests: 2, childMinAge: 6, childMaxAge: 12 });
    const { user, client } = await member();
    const fits = await addChild(user.id, '小明', 2020); // 6 in 2026
    const young = await addChild(user.id, '小红', 2022); // 4
    const older = await addChild(user.id, '大宝', 2013); // 13
    const { user: otherUser } = await member();
    const theirs = await addChild(otherUser.id, '别人家孩子', 2018);

    const res = await client.get(`/events/${event.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(event.titleZh);
    expect(html).toContain('2026年12月6日周日 10:00–12:00');
    expect(html).toContain('12 个名额 · 剩余 12 个名额');
    expect(html).toContain('最多可带 2 人');
    expect(html).toContain('可带 6–12 岁儿童');
    expect(html).toContain('您的报名开放时间：2026年11月24日周二 10:00'); // general opening 25 Nov 10:00, gold 24 h earlier
    expect(html).toContain('报名截止：2026年12月6日周日 09:00');
    expect(html).toContain(`action="/events/${event.id}/register"`);
    expect(html).toContain('<option value="2">本人 + 2 位同行人</option>');
    expect(html).not.toContain('<option value="3">');
    expect(html).toContain(`name="children" value="${fits.id}"`);
    expect(html).toContain('小明（2020 年出生）');
    for (const child of [young, older, theirs]) expect(html).not.toContain(`name="children" value="${child.id}"`);
    expect(html).not.toContain('别人家孩子');
  });

  it('offers no children for an event without an age range, and says so when none fit', async () => {
    const plain = await createEvent(ctx);
    const family = await createEvent(ctx);
    await setEvent(family.id, { childMinAge: 6, childMaxAge: 12 });
    const { user, client } = await member();
    await addChild(user.id, '小红', 2024);
    const plainHtml = await (await client.get(`/events/${plain.id}`)).text();
    expect(plainHtml).not.toContain('name="children"');
    expect(plainHtml).not.toContain('随行儿童');
    const familyHtml = await (await client.get(`/events/${family.id}`)).text();
    expect(familyHtml).toContain('没有符合年龄要求的孩子');
    expect(familyHtml).not.toContain('name="children"');
  });

  it('explains why a member cannot register, in place of the form', async () => {
    const club = await createClub(ctx);
    const tier = await createEvent(ctx, { minTier: 'platinum' });
    const clubOnly = await createEvent(ctx, { clubId: club.id });
    await setEvent(clubOnly.id, { requiresClubMembership: true });
    const notYet = await createEvent(ctx, { opensInHours: 48 });
    const closed = await createEvent(ctx, { inDays: 1 });
    await setEvent(closed.id, { closesAt: ctx.clock.now() - HOUR });
    const started = await createEvent(ctx, { inDays: 1, opensInHours: -72 });
    await setEvent(started.id, { startsAt: ctx.clock.now() - HOUR, endsAt: ctx.clock.now() + HOUR, closesAt: ctx.clock.now() - 2 * HOUR });
    const cancelled = await createEvent(ctx);
    await setEvent(cancelled.id, { status: 'cancelled' });

    const { client } = await member({ tierCode: 'gold' });
    const status = async (id: number) => statusOf(await (await client.get(`/events/${id}`)).text());
    expect(await status(tier.id)).toContain('此活动仅限白金卡及以上会员，您当前为金卡会员。');
    expect(await status(clubOnly.id)).toContain(`此活动仅限「${club.nameZh}」会员报名。`);
    expect(await status(notYet.id)).toContain('您的报名将于 2026年11月27日周五 10:00 开放。');
    expect(await status(closed.id)).toContain('报名已截止。');
    expect(await status(started.id)).toContain('活动已经开始，无法报名。');
    expect(await status(cancelled.id)).toContain('此活动已取消。');
    for (const id of [tier.id, clubOnly.id, notYet.id, closed.id, started.id, cancelled.id]) expect(await status(id)).not.toContain('<form');
  });

  it('lets an active club member register for a members-only event', async () => {
    const club = await createClub(ctx);
    const event = await createEvent(ctx, { clubId: club.id });
    await setEvent(event.id, { requiresClubMembership: true });
    const { user, client } = await member();
    await ctx.deps.db.insert(clubMemberships).values({ clubId: club.id, userId: user.id, status: 'active', requestedAt: 1, queuedAt: 1, activeSince: 1, statusChangedAt: 1 });
    expect(statusOf(await (await client.get(`/events/${event.id}`)).text())).toContain(`action="/events/${event.id}/register"`);
    expect((await client.get(`/events/${event.id}/register`)).status).toBe(200);
    expect((await registerParty(client, event.id)).status).toBe(303);
    expect(await registrationOf(event.id, user.id)).toMatchObject({ status: 'confirmed' });
  });

  it('answers 404 for an unknown event', async () => {
    const { client } = await member();
    expect((await client.get('/events/999999')).status).toBe(404);
    expect((await client.get('/events/abc')).status).toBe(404);
    expect((await client.get('/events/999999/register')).status).toBe(404);
    expect((await registerParty(client, 999999)).status).toBe(404);
  });

  it('counts a child’s age in the event’s year in Beijing time (an event at 00:30 on 1 January)', async () => {
    const event = await createEvent(ctx, { capacity: 5 });
    const startsAt = Date.UTC(2026, 11, 31, 16, 30); // 2027-01-01 00:30 in Shanghai
    await setEvent(event.id, { startsAt, endsAt: startsAt + 2 * HOUR, closesAt: startsAt - HOUR, childMinAge: 6, childMaxAge: 12 });
    const { user, client } = await member();
    const six = await addChild(user.id, '小明', 2021); // 6 in 2027, still 5 in 2026
    const thirteen = await addChild(user.id, '大宝', 2014); // 13 in 2027
    const html = await (await client.get(`/events/${event.id}`)).text();
    expect(html).toContain(`name="children" value="${six.id}"`);
    expect(html).not.toContain(`name="children" value="${thirteen.id}"`);
    expect((await client.get(`/events/${event.id}/register?children=${six.id}`)).status).toBe(200);
    expect((await client.get(`/events/${event.id}/register?children=${thirteen.id}`)).status).toBe(422);
  });
});

describe('the confirmation step', () => {
  it('says who is coming, the seats it takes and that the member will be confirmed, and writes nothing', async () => {
    const event = await createEvent(ctx, { capacity: 10 });
    await setEvent(event.id, { childMinAge: 6, childMaxAge: 12 });
    const { user, client } = await member();
    const child = await addChild(user.id, '小明', 2018);
    const res = await client.get(`/events/${event.id}/register?guests=1&children=${child.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`确认报名：${event.titleZh}`);
    const list = confirmLine(html);
    expect(list).toContain('报名人员：您本人、1 位同行人、小明');
    expect(list).toContain('共占用 3 个名额。');
    expect(list).toContain('目前剩余 10 个名额，确认后立即报名成功并生成电子票。');
    expect(html).toContain(`action="/events/${event.id}/register"`);
    expect(html).toContain('name="guests" value="1"');
    expect(html).toContain(`name="children" value="${child.id}"`);
    expect(html).toContain('>确认报名</button>');
    expect(await registrationsOf(event.id)).toHaveLength(0);
    expect(await notificationsOf(user.id)).toHaveLength(0);

    const en = await (await client.get(`/events/${event.id}/register?guests=1&children=${child.id}&lang=en`)).text();
    expect(en).toContain(`Confirm registration: ${event.titleEn}`);
    expect(en).toContain('Who is coming: you, 1 guest, 小明');
    expect(en).toContain('This takes 3 seats.');
    expect(en).toContain('10 seats are left: you are confirmed at once and get a ticket.');
    expect(await registrationsOf(event.id)).toHaveLength(0);
  });

  it('takes a party of one when nothing is chosen', async () => {
    const event = await createEvent(ctx, { capacity: 1 });
    const { client } = await member();
    const html = await (await client.get(`/events/${event.id}/register`)).text();
    expect(confirmLine(html)).toContain('报名人员：您本人</li>');
    expect(confirmLine(html)).toContain('共占用 1 个名额。');
    expect(confirmLine(html)).toContain('目前剩余 1 个名额');
  });

  it('says the seats left and the waitlist position when the party does not fit', async () => {
    const event = await createEvent(ctx, { capacity: 3 });
    await registerParty((await member()).client, event.id, 1); // 2 seats confirmed
    await registerParty((await member()).client, event.id, 1); // 2 seats: waitlisted
    const { client } = await member();
    const html = await (await client.get(`/events/${event.id}/register?guests=1`)).text();
    expect(confirmLine(html)).toContain('共占用 2 个名额。');
    expect(confirmLine(html)).toContain('名额不足（剩余 1 个）。确认后您将排在候补第 2 位；有足够名额时按顺序自动确认并通知您。');
    expect(html).toContain('>确认加入候补</button>');
    // a party of one still fits
    const single = await (await client.get(`/events/${event.id}/register?guests=0`)).text();
    expect(confirmLine(single)).toContain('目前剩余 1 个名额，确认后立即报名成功并生成电子票。');
    const en = await (await client.get(`/events/${event.id}/register?guests=1&lang=en`)).text();
    expect(en).toContain('Not enough seats (1 left). You would be number 2 on the waitlist');
    expect(en).toContain('>Confirm and join the waitlist</button>');
    expect(await registrationsOf(event.id)).toHaveLength(2);
  });

  it('refuses a party the event does not take with 422 and the reason on the event page, for the step and the submit', async () => {
    const event = await createEvent(ctx);
    await setEvent(event.id, { childMinAge: 6, childMaxAge: 12 });
    const plain = await createEvent(ctx);
    const { user, client } = await member();
    const fits = await addChild(user.id, '小明', 2018);
    const tooYoung = await addChild(user.id, '小红', 2023);
    const { user: other } = await member();
    const theirs = await addChild(other.id, '别人家孩子', 2018);

    const cases: Array<[number, string, string]> = [
      [event.id, 'guests=2', '同行人数超过了此活动的上限（1 人）。'],
      [event.id, 'guests=-1', '报名信息无效，请在活动页重新选择。'],
      [event.id, 'guests=abc', '报名信息无效，请在活动页重新选择。'],
      [event.id, `children=${theirs.id}`, '请从您登记的孩子中选择。'],
      [event.id, `children=${fits.id}&children=999999`, '请从您登记的孩子中选择。'],
      [event.id, `children=${tooYoung.id}`, '所选孩子不在此活动的年龄范围（6–12 岁）内。'],
      [plain.id, `children=${fits.id}`, '此活动不接受儿童报名。'],
    ];
    for (const [id, query, message] of cases) {
      const res = await client.get(`/events/${id}/register?${query}`);
      expect(res.status, query).toBe(422);
      const html = await res.text();
      expect(html).toContain(`<p class="flash flash-error" role="alert">${message}</p>`);
      expect(html).toContain(`<h1>${id === event.id ? event.titleZh : plain.titleZh}`);
      const post = await client.request(`/events/${id}/register`, { method: 'POST', body: query, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(post.status, query).toBe(422);
      expect(await post.text()).toContain(message);
    }
    const en = await client.get(`/events/${event.id}/register?children=${tooYoung.id}&lang=en`);
    expect(en.status).toBe(422);
    expect(await en.text()).toContain('A chosen child is outside the age range of this event (6–12).');
    expect(await registrationsOf(event.id)).toHaveLength(0);
    expect(await registrationsOf(plain.id)).toHaveLength(0);
  });

  it('refuses with 403 (tier, club, not yet open) or 409 (closed, started, cancelled, already registered) and writes nothing', async () => {
    const club = await createClub(ctx);
    const tier = await createEvent(ctx, { minTier: 'platinum' });
    const clubOnly = await createEvent(ctx, { clubId: club.id });
    await setEvent(clubOnly.id, { requiresClubMembership: true });
    const notYet = await createEvent(ctx, { opensInHours: 48 });
    const closed = await createEvent(ctx, { inDays: 1 });
    await setEvent(closed.id, { closesAt: ctx.clock.now() });
    const started = await createEvent(ctx, { inDays: 1, opensInHours: -72 });
    await setEvent(started.id, { startsAt: ctx.clock.now(), endsAt: ctx.clock.now() + HOUR, closesAt: ctx.clock.now() - HOUR });
    const cancelled = await createEvent(ctx);
    await setEvent(cancelled.id, { status: 'cancelled' });
    const { user, client } = await member({ tierCode: 'gold' });
    const already = await createEvent(ctx);
    await registerParty(client, already.id);

    const cases: Array<[number, number, string]> = [
      [tier.id, 403, '此活动仅限白金卡及以上会员，您当前为金卡会员。'],
      [clubOnly.id, 403, `此活动仅限「${club.nameZh}」会员报名。`],
      [notYet.id, 403, '您的报名将于 2026年11月27日周五 10:00 开放。'],
      [closed.id, 409, '报名已截止。'],
      [started.id, 409, '活动已经开始，无法报名。'],
      [cancelled.id, 409, '此活动已取消。'],
      [already.id, 409, '您已报名此活动（或在候补中）。'],
    ];
    for (const [id, status, message] of cases) {
      const res = await client.get(`/events/${id}/register`);
      expect(res.status, message).toBe(status);
      expect(await res.text()).toContain(`<p class="flash flash-error" role="alert">${message}</p>`);
      if (id === already.id) continue;
      const post = await registerParty(client, id);
      expect(post.status, message).toBe(status);
      expect(await registrationsOf(id)).toHaveLength(0);
    }
    expect(await ctx.deps.db.select().from(registrations).where(eq(registrations.userId, user.id))).toHaveLength(1);

    const en = await client.get(`/events/${tier.id}/register?lang=en`);
    expect(en.status).toBe(403);
    expect(await en.text()).toContain('This event is for Platinum and above members; you are a Gold member.');
    const enNotYet = await (await client.get(`/events/${notYet.id}/register?lang=en`)).text();
    expect(enNotYet).toContain('Registration opens for you at Fri, 27 Nov 2026, 10:00.');
  });

  it('opens early for higher tiers: the same event is open for diamond, not yet for gold', async () => {
    const event = await createEvent(ctx, { opensInHours: 48 });
    const diamond = await member({ tierCode: 'diamond' });
    const gold = await member({ tierCode: 'gold' });
    expect((await diamond.client.get(`/events/${event.id}/register`)).status).toBe(200);
    expect((await gold.client.get(`/events/${event.id}/register`)).status).toBe(403);
    ctx.clock.advance(24 * HOUR); // gold opens 24 h before the general opening
    expect((await gold.client.get(`/events/${event.id}/register`)).status).toBe(200);
  });

  it('refuses staff: registering is for members', async () => {
    const event = await createEvent(ctx);
    const { client } = await staff('coordinator');
    const res = await client.get(`/events/${event.id}/register`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('只有会员可以报名活动。');
    expect((await registerParty(client, event.id)).status).toBe(403);
    expect((await (await staff('lounge_staff')).client.get(`/events/${event.id}`)).status).toBe(403);
    expect(await registrationsOf(event.id)).toHaveLength(0);
  });
});

describe('registering', () => {
  it('confirms a party that fits, sends the member to the ticket and tells them', async () => {
    const event = await createEvent(ctx, { capacity: 5 });
    const { user, client } = await member();
    const res = await registerParty(client, event.id, 1);
    expect(res.status).toBe(303);
    const [row] = await registrationsOf(event.id);
    expect(row).toMatchObject({ userId: user.id, status: 'confirmed', guests: 1, children: [], seats: 2, confirmedAt: ctx.clock.now(), queuedAt: ctx.clock.now(), cancelledAt: null });
    expect(row!.code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{8}$/);
    expect(res.headers.get('location')).toBe(`/tickets/${row!.code}`);
    expect(await flashOf(client, `/tickets/${row!.code}`)).toBe(`报名成功！「${event.titleZh}」的电子票已生成。`);
    const [n] = await notificationsOf(user.id);
    expect(n).toMatchObject({ kind: 'event.confirmed', link: `/tickets/${row!.code}` });
    expect(n!.params).toMatchObject({ eventZh: event.titleZh, eventEn: event.titleEn, count: 2 });
    const page = await (await client.get(`/events/${event.id}`)).text();
    expect(statusOf(page)).toContain('已确认 · 2 个座位');
    expect(statusOf(page)).toContain(`href="/tickets/${row!.code}"`);
    expect(page).toContain('剩余 3 个名额');
  });

  it('counts the member, the guests and the children chosen, and keeps the children as registered', async () => {
    const event = await createEvent(ctx, { capacity: 10 });
    await setEvent(event.id, { maxGuests: 2, childMinAge: 3, childMaxAge: 12 });
    const { user, client } = await member();
    const a = await addChild(user.id, '小明', 2018);
    const b = await addChild(user.id, '小红', 2021);
    const res = await registerParty(client, event.id, 2, [a.id, b.id, a.id]);
    expect(res.status).toBe(303);
    const [row] = await registrationsOf(event.id);
    expect(row).toMatchObject({ status: 'confirmed', guests: 2, seats: 5 });
    expect(row!.children).toEqual([
      { id: a.id, name: '小明', birthYear: 2018 },
      { id: b.id, name: '小红', birthYear: 2021 },
    ]);
    expect(await (await client.get(`/events/${event.id}`)).text()).toContain('剩余 5 个名额');
  });

  it('puts a party that does not fit on the waitlist with its position, and tells the member', async () => {
    const event = await createEvent(ctx, { capacity: 2 });
    await registerParty((await member()).client, event.id, 1);
    const { user, client } = await member();
    const res = await registerParty(client, event.id);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/events/${event.id}`);
    const row = await registrationOf(event.id, user.id);
    expect(row).toMatchObject({ status: 'waitlisted', seats: 1, confirmedAt: null, queuedAt: ctx.clock.now() });
    const page = await (await client.get(`/events/${event.id}`)).text();
    expect(page).toContain(`「${event.titleZh}」名额已满，您在候补第 1 位。`);
    expect(statusOf(page)).toContain('候补第 1 位');
    expect(statusOf(page)).not.toContain('/tickets/');
    expect(statusOf(page)).toContain('退出候补');
    const [n] = await notificationsOf(user.id);
    expect(n).toMatchObject({ kind: 'event.waitlisted', link: `/events/${event.id}` });
    expect(await (await client.get('/events')).text()).toContain('已满，1 组候补中');
  });

  it('counts a second submit once and says so', async () => {
    const event = await createEvent(ctx, { capacity: 5 });
    const { user, client } = await member();
    expect((await registerParty(client, event.id)).status).toBe(303);
    const again = await registerParty(client, event.id, 1);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(`/events/${event.id}`);
    expect(await flashOf(client, `/events/${event.id}`)).toBe('您已报名此活动（或在候补中）。');
    const rows = await registrationsOf(event.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userId: user.id, seats: 1 });
    expect(await notificationsOf(user.id, 'event.confirmed')).toHaveLength(1);
  });

  it('makes one registration of two simultaneous submits (double click, second tab)', async () => {
    const event = await createEvent(ctx, { capacity: 5 });
    const { user, client } = await member();
    const results = await Promise.all([registerParty(client, event.id), registerParty(client, event.id), registerParty(client, event.id, 1)]);
    expect(results.map((r) => r.status)).toEqual([303, 303, 303]);
    const rows = await registrationsOf(event.id);
    expect(rows.filter((r) => r.status !== 'cancelled')).toHaveLength(1);
    expect(rows).toHaveLength(1);
    expect(await notificationsOf(user.id)).toHaveLength(1);
  });

  it('never overbooks when many members register at once', async () => {
    const event = await createEvent(ctx, { capacity: 5 });
    const clients = await Promise.all(Array.from({ length: 8 }, () => member()));
    const results = await Promise.all(clients.map(({ client }, i) => registerParty(client, event.id, i % 2)));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(303));
    const rows = await registrationsOf(event.id);
    expect(rows).toHaveLength(8);
    const confirmedSeats = rows.filter((r) => r.status === 'confirmed').reduce((s, r) => s + r.seats, 0);
    expect(confirmedSeats).toBeLessThanOrEqual(5);
    const waiting = rows.filter((r) => r.status === 'waitlisted');
    // whoever waits does not fit the seats that are left
    for (const w of waiting) expect(w.seats).toBeGreaterThan(5 - confirmedSeats);
  });

  it('refuses a form with any other field (422) and writes nothing', async () => {
    const event = await createEvent(ctx);
    const { client } = await member();
    const res = await client.post(`/events/${event.id}/register`, { guests: '0', seats: '1' });
    expect(res.status).toBe(422);
    const sneaky = await client.post(`/events/${event.id}/register`, { guests: '0', status: 'confirmed', userId: '1' });
    expect(sneaky.status).toBe(422);
    expect(await registrationsOf(event.id)).toHaveLength(0);
  });

  it('lets a member register again after cancelling', async () => {
    const event = await createEvent(ctx, { capacity: 5 });
    const { user, client } = await member();
    await registerParty(client, event.id);
    await client.post(`/events/${event.id}/cancel`, {});
    expect(statusOf(await (await client.get(`/events/${event.id}`)).text())).toContain(`action="/events/${event.id}/register"`);
    expect((await registerParty(client, event.id, 1)).status).toBe(303);
    const rows = await registrationsOf(event.id);
    expect(rows.map((r) => [r.userId, r.status, r.seats])).toEqual([
      [user.id, 'cancelled', 1],
      [user.id, 'confirmed', 2],
    ]);
    expect(rows[0]!.code).not.toBe(rows[1]!.code);
  });
});

describe('the waitlist', () => {
  it('gives freed seats to the earliest waiting entries that fit, and later ones when more seats free', async () => {
    const event = await createEvent(ctx, { capacity: 4 });
    const a = await member({ name: '甲' });
    const b = await member({ name: '乙' });
    const c = await member({ name: '丙' });
    const d = await member({ name: '丁' });
    await registerParty(a.client, event.id, 1); // 2 seats confirmed
    await registerParty(b.client, event.id, 1); // 2 seats confirmed
    ctx.clock.advance(1000);
    await registerParty(c.client, event.id, 1); // 2 seats waiting
    ctx.clock.advance(1000);
    await registerParty(d.client, event.id, 0); // 1 seat waiting
    const statuses = async () => (await registrationsOf(event.id)).filter((r) => r.status !== 'cancelled').map((r) => [r.userId, r.status]);
    expect(await statuses()).toEqual([
      [a.user.id, 'confirmed'],
      [b.user.id, 'confirmed'],
      [c.user.id, 'waitlisted'],
      [d.user.id, 'waitlisted'],
    ]);
    expect(statusOf(await (await d.client.get(`/events/${event.id}`)).text())).toContain('候补第 2 位');

    ctx.clock.advance(HOUR);
    expect((await b.client.post(`/events/${event.id}/cancel`, {})).status).toBe(303);
    expect(await statuses()).toEqual([
      [a.user.id, 'confirmed'],
      [c.user.id, 'confirmed'],
      [d.user.id, 'waitlisted'],
    ]);
    const cRow = await registrationOf(event.id, c.user.id);
    expect(cRow!.confirmedAt).toBe(ctx.clock.now());
    const [promoted] = await notificationsOf(c.user.id, 'event.promoted');
    expect(promoted).toMatchObject({ link: `/tickets/${cRow!.code}` });
    expect(promoted!.params).toMatchObject({ eventZh: event.titleZh, eventEn: event.titleEn });
    expect(await notificationsOf(d.user.id, 'event.promoted')).toHaveLength(0);
    const inbox = await (await c.client.get('/inbox')).text();
    expect(inbox).toContain(`候补成功：您已获得「${event.titleZh}」的名额，电子票已生成。`);
    expect(inbox).toContain(`href="/tickets/${cRow!.code}"`);
    expect(await (await c.client.get('/inbox?lang=en')).text()).toContain(`Seats freed up: you now have a place at ${event.titleEn}. Your ticket is ready.`);
    await c.client.get('/inbox?lang=zh');
    expect(statusOf(await (await d.client.get(`/events/${event.id}`)).text())).toContain('候补第 1 位');
    expect(statusOf(await (await c.client.get(`/events/${event.id}`)).text())).toContain('已确认 · 2 个座位');

    await a.client.post(`/events/${event.id}/cancel`, {});
    expect(await statuses()).toEqual([
      [c.user.id, 'confirmed'],
      [d.user.id, 'confirmed'],
    ]);
    const dRow = await registrationOf(event.id, d.user.id);
    expect((await notificationsOf(d.user.id, 'event.promoted'))[0]).toMatchObject({ link: `/tickets/${dRow!.code}` });
    expect(await (await d.client.get('/events')).text()).toContain('剩余 1 个名额');
  });

  it('keeps the place of an entry too big for the free seats and confirms a later one that fits', async () => {
    const event = await createEvent(ctx, { capacity: 4 });
    await setEvent(event.id, { maxGuests: 2 });
    const a = await member();
    const b = await member();
    const big = await member();
    const small = await member();
    await registerParty(a.client, event.id, 1); // 2 confirmed
    await registerParty(b.client, event.id, 1); // 2 confirmed
    ctx.clock.advance(1000);
    await registerParty(big.client, event.id, 2); // 3 waiting
    ctx.clock.advance(1000);
    await registerParty(small.client, event.id, 0); // 1 waiting

    await b.client.post(`/events/${event.id}/cancel`, {}); // 2 free: the first in line needs 3
    expect(await registrationOf(event.id, big.user.id)).toMatchObject({ status: 'waitlisted', seats: 3 });
    expect(await registrationOf(event.id, small.user.id)).toMatchObject({ status: 'confirmed' });
    expect(await notificationsOf(big.user.id, 'event.promoted')).toHaveLength(0);
    expect(await notificationsOf(small.user.id, 'event.promoted')).toHaveLength(1);
    expect(statusOf(await (await big.client.get(`/events/${event.id}`)).text())).toContain('候补第 1 位');

    // a newcomer who fits the one free seat is confirmed directly; a bigger one queues behind the first in line
    const newcomer = await member();
    await registerParty(newcomer.client, event.id, 0);
    expect(await registrationOf(event.id, newcomer.user.id)).toMatchObject({ status: 'confirmed' });
    const late = await member();
    expect(await (await late.client.get(`/events/${event.id}/register?guests=1`)).text()).toContain('确认后您将排在候补第 2 位');
    await registerParty(late.client, event.id, 1);
    expect(await registrationOf(event.id, late.user.id)).toMatchObject({ status: 'waitlisted' });
    expect(statusOf(await (await late.client.get(`/events/${event.id}`)).text())).toContain('候补第 2 位');
    expect(statusOf(await (await big.client.get(`/events/${event.id}`)).text())).toContain('候补第 1 位');

    // when enough seats free, the first in line goes first
    await a.client.post(`/events/${event.id}/cancel`, {}); // 2 free: still not 3
    expect(await registrationOf(event.id, big.user.id)).toMatchObject({ status: 'waitlisted' });
    expect(await registrationOf(event.id, late.user.id)).toMatchObject({ status: 'confirmed' });
    await newcomer.client.post(`/events/${event.id}/cancel`, {});
    await small.client.post(`/events/${event.id}/cancel`, {}); // now 2 free... (late 2 confirmed) → 4 − 2 = 2
    expect(await registrationOf(event.id, big.user.id)).toMatchObject({ status: 'waitlisted' });
    await late.client.post(`/events/${event.id}/cancel`, {}); // 4 free
    expect(await registrationOf(event.id, big.user.id)).toMatchObject({ status: 'confirmed', seats: 3 });
  });

  it('promotes nobody when a waitlisted member leaves; those behind move up', async () => {
    const event = await createEvent(ctx, { capacity: 1 });
    const first = await member();
    const second = await member();
    const third = await member();
    await registerParty(first.client, event.id);
    await registerParty(second.client, event.id);
    await registerParty(third.client, event.id);
    expect(statusOf(await (await third.client.get(`/events/${event.id}`)).text())).toContain('候补第 2 位');
    const res = await second.client.post(`/events/${event.id}/cancel`, {});
    expect(res.status).toBe(303);
    expect(await flashOf(second.client, `/events/${event.id}`)).toBe(`已退出「${event.titleZh}」的候补。`);
    expect(await registrationOf(event.id, second.user.id)).toMatchObject({ status: 'cancelled', cancelledAt: ctx.clock.now() });
    expect(await registrationOf(event.id, first.user.id)).toMatchObject({ status: 'confirmed' });
    expect(await registrationOf(event.id, third.user.id)).toMatchObject({ status: 'waitlisted' });
    expect(await notificationsOf(third.user.id, 'event.promoted')).toHaveLength(0);
    expect(statusOf(await (await third.client.get(`/events/${event.id}`)).text())).toContain('候补第 1 位');
  });
});

describe('cancelling', () => {
  it('takes one step, frees the seats for the waitlist in the same write and tells the member', async () => {
    const event = await createEvent(ctx, { capacity: 1 });
    const { user, client } = await member();
    const next = await member();
    await registerParty(client, event.id);
    await registerParty(next.client, event.id);
    ctx.clock.advance(HOUR);
    const res = await client.post(`/events/${event.id}/cancel`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/events/${event.id}`);
    expect(await registrationOf(event.id, user.id)).toMatchObject({ status: 'cancelled', cancelledAt: ctx.clock.now() });
    expect(await registrationOf(event.id, next.user.id)).toMatchObject({ status: 'confirmed', confirmedAt: ctx.clock.now() });
    const page = await (await client.get(`/events/${event.id}`)).text();
    expect(page).toContain(`已取消「${event.titleZh}」的报名，名额已让出。`);
    expect(statusOf(page)).toContain(`action="/events/${event.id}/register"`);
    const [n] = await notificationsOf(user.id, 'event.registrationCancelled');
    expect(n).toMatchObject({ link: `/events/${event.id}` });
    expect(n!.params).toMatchObject({ eventZh: event.titleZh });
  });

  it('comes back to a local path given in back, and to the event page otherwise', async () => {
    const event = await createEvent(ctx);
    const { client } = await member();
    await registerParty(client, event.id);
    const res = await client.post(`/events/${event.id}/cancel`, { back: '/me' });
    expect(res.headers.get('location')).toBe('/me');
    for (const back of ['https://evil.example/', '//evil.example/me', '/\\evil.example', 'javascript:alert(1)']) {
      await registerParty(client, event.id);
      const r = await client.post(`/events/${event.id}/cancel`, { back });
      expect(r.status).toBe(303);
      expect(r.headers.get('location'), back).toBe(`/events/${event.id}`);
    }
  });

  it('is possible after registration closes but not once the event has started', async () => {
    const event = await createEvent(ctx, { inDays: 1 });
    const { user, client } = await member();
    await registerParty(client, event.id);
    ctx.clock.set(event.closesAt + 1);
    expect(statusOf(await (await client.get(`/events/${event.id}`)).text())).toContain('取消报名');
    ctx.clock.set(event.startsAt);
    const page = statusOf(await (await client.get(`/events/${event.id}`)).text());
    expect(page).toContain('已确认 · 1 个座位');
    expect(page).not.toContain('/cancel"');
    const res = await client.post(`/events/${event.id}/cancel`, {});
    expect(res.status).toBe(303);
    expect(await flashOf(client, `/events/${event.id}`)).toBe('活动已经开始，不能再取消。');
    expect(await registrationOf(event.id, user.id)).toMatchObject({ status: 'confirmed', cancelledAt: null });
    expect(await notificationsOf(user.id, 'event.registrationCancelled')).toHaveLength(0);
  });

  it('tells a member who is not registered so, and answers 404 for an unknown event', async () => {
    const event = await createEvent(ctx);
    const { client } = await member();
    const res = await client.post(`/events/${event.id}/cancel`, {});
    expect(res.status).toBe(303);
    expect(await flashOf(client, `/events/${event.id}`)).toBe('您目前没有报名此活动。');
    expect((await client.post('/events/999999/cancel', {})).status).toBe(404);
  });

  it('cancels only the member’s own registration', async () => {
    const event = await createEvent(ctx);
    const owner = await member();
    const other = await member();
    await registerParty(owner.client, event.id);
    await other.client.post(`/events/${event.id}/cancel`, {});
    expect(await registrationOf(event.id, owner.user.id)).toMatchObject({ status: 'confirmed' });
  });
});

describe('/me', () => {
  it('shows upcoming registrations with ticket links and cancel buttons, and past ones under 往期活动', async () => {
    const soon = await createEvent(ctx, { inDays: 2, capacity: 5 });
    const full = await createEvent(ctx, { inDays: 5, capacity: 1 });
    const { user, client } = await member();
    await registerParty((await member()).client, full.id);
    await registerParty(client, soon.id, 1);
    await registerParty(client, full.id);
    const soonCode = (await registrationOf(soon.id, user.id))!.code;

    const html = await (await client.get('/me')).text();
    const section = html.match(/<h2 id="my-events">[\s\S]*?<\/article>/)?.[0] ?? '';
    expect(section).toContain(soon.titleZh);
    expect(section).toContain('已确认 · 2 个座位');
    expect(section).toContain(`href="/tickets/${soonCode}"`);
    expect(section).toContain(full.titleZh);
    expect(section).toContain('候补第 1 位');
    expect(section.indexOf(soon.titleZh)).toBeLessThan(section.indexOf(full.titleZh));
    expect(section).toContain(`action="/events/${soon.id}/cancel"`);
    expect(section).toContain(`action="/events/${full.id}/cancel"`);
    expect(section.match(/name="back" value="\/me"/g)).toHaveLength(2);
    expect(section).not.toContain('往期活动');

    const res = await client.post(`/events/${full.id}/cancel`, { back: '/me' });
    expect(res.headers.get('location')).toBe('/me');
    const after = await (await client.get('/me')).text();
    expect(after).toContain(`已退出「${full.titleZh}」的候补。`);
    expect(after.match(/<h2 id="my-events">[\s\S]*?<\/article>/)?.[0]).not.toContain(full.titleZh);

    ctx.clock.set(soon.endsAt + 1);
    const past = (await (await client.get('/me')).text()).match(/<h2 id="my-events">[\s\S]*?<\/article>/)?.[0] ?? '';
    expect(past).toContain('您还没有报名活动。');
    expect(past).toContain('<summary>往期活动</summary>');
    expect(past).toContain(`2026年11月28日周六 · ${soon.titleZh} · 已确认 · 2 个座位`);
    expect(past).not.toContain(full.titleZh);
  });
});
