import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { auditLog, clubCoordinators, events, notifications, registrations, users, type PartyChild, type RegistrationStatus } from '../../../db/schema';
import { HOUR, MINUTE } from '../../../src/lib/clock';
import { randomCode } from '../../../src/lib/codes';
import { toLocalDateTimeValue } from '../../../src/lib/time';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createEvent, createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const HTMX = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };

/** A member's registration written directly; `ago` in minutes before the fixed clock. */
async function party(
  eventId: number,
  status: RegistrationStatus,
  o: { name?: string; phone?: string; tierCode?: string; seats?: number; children?: PartyChild[]; ago?: number; code?: string } = {},
) {
  const user = await createUser(ctx, { name: o.name ?? '会员', tierCode: o.tierCode ?? 'gold', ...(o.phone ? { phone: o.phone } : {}) });
  const at = ctx.clock.now() - (o.ago ?? 60) * MINUTE;
  const children = o.children ?? [];
  const seats = o.seats ?? 1 + children.length;
  const [row] = await ctx.deps.db
    .insert(registrations)
    .values({
      code: o.code ?? randomCode(8),
      eventId,
      userId: user.id,
      status,
      guests: seats - 1 - children.length,
      children,
      seats,
      createdAt: at,
      queuedAt: at,
      confirmedAt: status === 'confirmed' ? at : null,
      cancelledAt: status === 'cancelled' ? at : null,
    })
    .returning();
  return { user, row: row! };
}

/** A coordinator (signed in) at the door of an event of their club. */
async function door(o: { capacity?: number; maxGuests?: number; inDays?: number } = {}) {
  const coordinator = await createUser(ctx, { role: 'coordinator', name: '林协调' });
  const club = await createClub(ctx, { coordinatorIds: [coordinator.id] });
  const event = await createEvent(ctx, { clubId: club.id, capacity: o.capacity ?? 10, inDays: o.inDays ?? 1 / 24 }); // starts in an hour: the door is open
  if (o.maxGuests !== undefined) await ctx.deps.db.update(events).set({ maxGuests: o.maxGuests }).where(eq(events.id, event.id));
  const client = new TestClient(ctx);
  await client.signIn(coordinator.phone);
  return { coordinator, club, event, client, url: `/coordinator/events/${event.id}/checkin` };
}

const registration = async (id: number) => (await ctx.deps.db.select().from(registrations).where(eq(registrations.id, id)))[0]!;
const registrationsOf = (eventId: number) => ctx.deps.db.select().from(registrations).where(eq(registrations.eventId, eventId)).orderBy(asc(registrations.id));
const allAudit = () => ctx.deps.db.select().from(auditLog).orderBy(asc(auditLog.id));
const allNotifications = () => ctx.deps.db.select().from(notifications);

/** The names in the door results, in page order. */
function found(html: string): string[] {
  const start = html.indexOf('<section id="door-results"');
  const section = html.slice(start, html.indexOf('</section>', start));
  return [...section.matchAll(/<strong>([^<]*)<\/strong>/g)].map((m) => m[1]!);
}
const resultsMessage = (html: string) => html.match(/<section id="door-results" aria-live="polite"><p class="flash flash-(\w+)" role="\w+">([^<]*)<\/p>/)?.slice(1, 3);
const countText = (html: string) => html.match(/<p id="door-count"[^>]*>([^<]*)<\/p>/)?.[1];
const oobCount = (eventId: number, text: string) =>
  `<p id="door-count" class="door-count" role="status" data-hx-get="/coordinator/events/${eventId}/checkin/count" data-hx-trigger="every 5s" data-hx-swap="outerHTML" data-hx-swap-oob="outerHTML">${text}</p>`;

describe('the door page', () => {
  it('shows the live count of checked-in against expected people, a search box and the confirmed parties, not-yet-arrived first', async () => {
    const { event, client, url } = await door();
    await party(event.id, 'confirmed', { name: '王芳', seats: 2 });
    const arrived = await party(event.id, 'confirmed', { name: '陈静', seats: 3 });
    await party(event.id, 'confirmed', { name: '李雷', children: [{ id: 1, name: '小明', birthYear: 2018 }] });
    await party(event.id, 'waitlisted', { name: '候补者', seats: 1 });
    await party(event.id, 'cancelled', { name: '已取消者', seats: 1 });
    await ctx.deps.db.update(registrations).set({ checkedInSeats: 2, checkedInAt: ctx.clock.now() - 5 * MINUTE }).where(eq(registrations.id, arrived.row.id));
    const res = await client.get(url);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(countText(html)).toBe('已签到 2 / 应到 7 人');
    expect(html).toContain(`<h1 class="door-title">${event.titleZh}</h1>`);
    expect(html).toContain(`<input id="door-q" name="q" type="search" value="" autocomplete="off" autofocus="" maxlength="60"/>`);
    expect(html).toContain(`data-hx-get="${url}" data-hx-trigger="input delay:250ms, submit" data-hx-target="#door-results" data-hx-select="#door-results" data-hx-swap="outerHTML"`);
    // code-point order among those not yet arrived: 李 U+674E, 王 U+738B
    expect(found(html)).toEqual(['李雷', '王芳', '陈静']);
    expect(html).toContain('<small>金卡 · 2 人 · 小明 · <code>');
    expect(html).toContain('<p class="status status-ok">已签到 2 人 · 09:55（—）</p>');
    expect(html).not.toContain('候补者');
    expect(html).not.toContain('已取消者');
    // phones are masked at the door
    expect(html).toMatch(/<strong>王芳<\/strong> <small>137\*\*\*\*\d{4}<\/small>/);
  });

  it('finds confirmed parties by name, phone, the last four digits, a typed ticket code and the scanned QR text', async () => {
    const { event, client, url } = await door();
    const wang = await party(event.id, 'confirmed', { name: '王海燕', phone: '13912340001', code: 'K7M2Q9RT' });
    await party(event.id, 'confirmed', { name: '李海', phone: '13955550002' });
    await party(event.id, 'confirmed', { name: 'Zhou Li', phone: '13912345555' });
    await party(event.id, 'waitlisted', { name: '海waiting', phone: '13977770003' });
    await party(event.id, 'cancelled', { name: '海cancelled', phone: '13977770004' });
    const search = async (q: string) => found(await (await client.get(`${url}?q=${encodeURIComponent(q)}`)).text());
    expect(await search('海')).toEqual(['李海', '王海燕']);
    expect(await search('zhou')).toEqual(['Zhou Li']);
    expect(await search('13912340001')).toEqual(['王海燕']);
    expect(await search('139 1234 0001')).toEqual(['王海燕']);
    expect(await search('0001')).toEqual(['王海燕']);
    expect(await search('5555')).toEqual(['Zhou Li', '李海']);
    expect(await search('k7m2-q9rt')).toEqual(['王海燕']);
    expect(await search(' K7M2Q9RT ')).toEqual(['王海燕']);
    expect(await search('HNVIP:TICKET:K7M2Q9RT')).toEqual(['王海燕']);
    expect(await search('hnvip:ticket:k7m2-q9rt')).toEqual(['王海燕']);
    expect(await search('%')).toEqual([]);
    // waitlisted and cancelled registrations are not found, by name, phone or code
    expect(await search('waiting')).toEqual([]);
    expect(await search('77770003')).toEqual([]);
    expect(await search('cancelled')).toEqual([]);
    const none = await (await client.get(`${url}?q=nobody`)).text();
    expect(none).toContain('<section id="door-results" aria-live="polite"><p class="empty">没有找到已确认的报名。</p></section>');
    expect(none).toContain('<input id="door-q" name="q" type="search" value="nobody"');
    expect(wang.row.status).toBe('confirmed');
  });

  it('answers a search as you type (htmx) with the results section alone', async () => {
    const { event, client, url } = await door();
    await party(event.id, 'confirmed', { name: '王海燕' });
    await party(event.id, 'confirmed', { name: '李雷' });
    const res = await client.get(`${url}?q=${encodeURIComponent('海燕')}`, { headers: HTMX });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    const html = await res.text();
    expect(html).toMatch(/^<section id="door-results" aria-live="polite">(?:(?!<html|door-count)[\s\S])*<\/section>$/);
    expect(found(html)).toEqual(['王海燕']);
    expect(html).toContain('<input type="hidden" name="q" value="海燕"/>');
  });
});

describe('checking in', () => {
  it('checks in a whole party in place (htmx): the results with the message, and the new count out of band', async () => {
    const { coordinator, event, client, url } = await door();
    const { row } = await party(event.id, 'confirmed', { name: '王芳', seats: 2 });
    await party(event.id, 'confirmed', { name: '李雷', seats: 3 });
    const res = await client.post(`${url}/${row.id}`, { q: '王' }, { headers: HTMX });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<section id="door-results" aria-live="polite">[\s\S]*<\/section><p id="door-count"[^>]*>[^<]*<\/p>$/);
    expect(resultsMessage(html)).toEqual(['success', '王芳 已签到（2 人）。']);
    expect(html).toContain('<p class="status status-ok">已签到 2 人 · 10:00（林协调）</p>');
    expect(html).toContain(`action="${url}/${row.id}/undo"`);
    expect(html).toContain('<input type="hidden" name="q" value="王"/>');
    expect(found(html)).toEqual(['王芳']);
    expect(html.endsWith(oobCount(event.id, '已签到 2 / 应到 5 人'))).toBe(true);
    expect(await registration(row.id)).toMatchObject({ checkedInSeats: 2, checkedInAt: ctx.clock.now(), checkedInBy: coordinator.id, noShowAt: null, status: 'confirmed' });
    expect((await allAudit()).map((a) => [a.action, a.actorId, a.targetType, a.targetId, a.detail])).toEqual([
      ['event.checkin.recorded', coordinator.id, 'registration', String(row.id), { eventId: event.id, seats: 2, from: 0 }],
    ]);
    expect(await allNotifications()).toEqual([]);
  });

  it('works without JavaScript: 303 back to the page with the search, the message shown with the results once', async () => {
    const { event, client, url } = await door();
    const { row } = await party(event.id, 'confirmed', { name: '王芳', seats: 3 });
    const res = await client.post(`${url}/${row.id}`, { q: '王芳' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${url}?q=${encodeURIComponent('王芳')}`);
    const page = await (await client.get(res.headers.get('location')!)).text();
    expect(resultsMessage(page)).toEqual(['success', '王芳 已签到（3 人）。']);
    expect(page.match(/class="flash /g)).toHaveLength(1);
    expect(countText(page)).toBe('已签到 3 / 应到 3 人');
    expect(resultsMessage(await (await client.get(url)).text())).toBeUndefined();
    // without a search, back to the plain page
    const undo = await client.post(`${url}/${row.id}/undo`, { q: '' });
    expect(undo.status).toBe(303);
    expect(undo.headers.get('location')).toBe(url);
    expect(resultsMessage(await (await client.get(url)).text())).toEqual(['info', '已撤销王芳的签到。']);
  });

  it('checks in part of a party', async () => {
    const { coordinator, event, client, url } = await door();
    const { row } = await party(event.id, 'confirmed', { name: '王芳', seats: 3 });
    const page = await (await client.get(url)).text();
    expect(page).toContain(`<select id="seats-${row.id}" name="seats"><option value="1">1 人</option><option value="2">2 人</option></select>`);
    const res = await client.post(`${url}/${row.id}`, { q: '', seats: '2' }, { headers: HTMX });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(resultsMessage(html)).toEqual(['success', '王芳 已签到（2 人）。']);
    expect(html).toContain('<p class="status status-ok">已签到 2 人 · 10:00（林协调）</p>');
    expect(html.endsWith(oobCount(event.id, '已签到 2 / 应到 3 人'))).toBe(true);
    expect(await registration(row.id)).toMatchObject({ checkedInSeats: 2, checkedInAt: ctx.clock.now(), checkedInBy: coordinator.id });
    expect((await allAudit()).map((a) => a.detail)).toEqual([{ eventId: event.id, seats: 2, from: 0 }]);
  });

  it('is idempotent across devices: a second check-in changes nothing and says who was first and when', async () => {
    const { coordinator, club, event, client, url } = await door();
    const second = await createUser(ctx, { role: 'coordinator', name: '陈助理' });
    await ctx.deps.db.insert(clubCoordinators).values({ clubId: club.id, userId: second.id });
    const other = new TestClient(ctx);
    await other.signIn(second.phone);
    const { row } = await party(event.id, 'confirmed', { name: '王芳', seats: 2 });
    ctx.clock.set(Date.UTC(2026, 10, 26, 2, 42));
    expect((await client.post(`${url}/${row.id}`, { q: '' }, { headers: HTMX })).status).toBe(200);
    const first = await registration(row.id);
    expect(first).toMatchObject({ checkedInSeats: 2, checkedInAt: Date.UTC(2026, 10, 26, 2, 42), checkedInBy: coordinator.id });
    ctx.clock.advance(7 * MINUTE);
    const res = await other.post(`${url}/${row.id}`, { q: '王' }, { headers: HTMX });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(resultsMessage(html)).toEqual(['info', '王芳 已由 林协调 于 10:42 签到，无需重复操作。']);
    expect(html.endsWith(oobCount(event.id, '已签到 2 / 应到 2 人'))).toBe(true);
    // the same with an explicit party size, and without JavaScript
    const plain = await other.post(`${url}/${row.id}`, { q: '', seats: '2' });
    expect(plain.status).toBe(303);
    expect(resultsMessage(await (await other.get(url)).text())).toEqual(['info', '王芳 已由 林协调 于 10:42 签到，无需重复操作。']);
    expect(await registration(row.id)).toEqual(first);
    expect((await allAudit()).map((a) => [a.action, a.actorId])).toEqual([['event.checkin.recorded', coordinator.id]]);
  });

  it('answers two check-ins of the same party at the same moment with one record', async () => {
    const { coordinator, event, client, url } = await door();
    const { row } = await party(event.id, 'confirmed', { name: '王芳', seats: 2 });
    const responses = await Promise.all([client.post(`${url}/${row.id}`, { q: '' }, { headers: HTMX }), client.post(`${url}/${row.id}`, { q: '' }, { headers: HTMX })]);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    const messages = await Promise.all(responses.map(async (r) => resultsMessage(await r.text())));
    expect(messages).toEqual(expect.arrayContaining([['success', '王芳 已签到（2 人）。'], ['info', '王芳 已由 林协调 于 10:00 签到，无需重复操作。']]));
    expect(await registration(row.id)).toMatchObject({ checkedInSeats: 2, checkedInBy: coordinator.id });
    expect(await allAudit()).toHaveLength(1);
  });

  it('after a partial check-in, checking in the rest of the party is recorded (but the answer reads as a repeat)', async () => {
    const { coordinator, event, client, url } = await door();
    const { row } = await party(event.id, 'confirmed', { name: '王芳', seats: 3 });
    await client.post(`${url}/${row.id}`, { q: '', seats: '1' }, { headers: HTMX });
    ctx.clock.advance(20 * MINUTE);
    // another desk, whose page still shows "check in all (3)"
    const res = await client.post(`${url}/${row.id}`, { q: '' }, { headers: HTMX });
    const html = await res.text();
    expect(await registration(row.id)).toMatchObject({ checkedInSeats: 3, checkedInAt: ctx.clock.now() - 20 * MINUTE, checkedInBy: coordinator.id });
    expect(html.endsWith(oobCount(event.id, '已签到 3 / 应到 3 人'))).toBe(true);
    expect((await allAudit()).map((a) => a.detail)).toEqual([
      { eventId: event.id, seats: 1, from: 0 },
      { eventId: event.id, seats: 3, from: 1 },
    ]);
    // two more people were checked in, and the answer says so
    expect(resultsMessage(html)).toEqual(['success', '王芳 已签到（3 人）。']);
    // a smaller number after a full check-in is a correction, and is reported as done
    const lower = await client.post(`${url}/${row.id}`, { q: '', seats: '1' }, { headers: HTMX });
    expect(resultsMessage(await lower.text())).toEqual(['success', '王芳 已签到（1 人）。']);
    expect((await registration(row.id)).checkedInSeats).toBe(1);
  });

  it('refuses more people than the party with 422 and changes nothing', async () => {
    const { event, client, url } = await door();
    const { row } = await party(event.id, 'confirmed', { name: '王芳', seats: 2 });
    const before = await registration(row.id);
    for (const seats of ['3', '99']) {
      const res = await client.post(`${url}/${row.id}`, { q: '王', seats }, { headers: HTMX });
      expect(res.status, seats).toBe(422);
      const html = await res.text();
      expect(resultsMessage(html)).toEqual(['error', '签到人数不能超过报名人数。']);
      expect(html).toContain('<p class="flash flash-error" role="alert">签到人数不能超过报名人数。</p>');
      expect(found(html)).toEqual(['王芳']);
      expect(html.endsWith(oobCount(event.id, '已签到 0 / 应到 2 人'))).toBe(true);
    }
    // without JavaScript the whole door page comes back with the error (422), nothing changed
    const plain = await client.post(`${url}/${row.id}`, { q: '', seats: '3' });
    expect(plain.status).toBe(422);
    expect(resultsMessage(await plain.text())).toEqual(['error', '签到人数不能超过报名人数。']);
    // malformed numbers and unknown fields are refused outright
    for (const form of [{ seats: '0' }, { seats: 'x' }, { seats: '-1' }, { q: '', by: '1' }] as Array<Record<string, string>>) {
      expect((await client.post(`${url}/${row.id}`, form)).status, JSON.stringify(form)).toBe(400);
    }
    expect(await registration(row.id)).toEqual(before);
    expect(await allAudit()).toEqual([]);
  });

  it('does not check in waitlisted or cancelled registrations (404)', async () => {
    const { event, client, url } = await door();
    const waiting = await party(event.id, 'waitlisted');
    const cancelled = await party(event.id, 'cancelled');
    const before = await registrationsOf(event.id);
    for (const r of [waiting, cancelled]) {
      expect((await client.post(`${url}/${r.row.id}`, { q: '' })).status).toBe(404);
      expect((await client.post(`${url}/${r.row.id}/undo`, { q: '' })).status).toBe(404);
    }
    expect(await registrationsOf(event.id)).toEqual(before);
    expect(await allAudit()).toEqual([]);
  });

  it('clears a no-show mark when a late arrival is checked in', async () => {
    const { event, client, url } = await door();
    const { row } = await party(event.id, 'confirmed', { name: '王芳' });
    await ctx.deps.db.update(registrations).set({ noShowAt: ctx.clock.now() - HOUR }).where(eq(registrations.id, row.id));
    await client.post(`${url}/${row.id}`, { q: '' });
    expect(await registration(row.id)).toMatchObject({ checkedInSeats: 1, noShowAt: null });
  });
});

describe('undoing a check-in', () => {
  it('resets the party and records the undo; the count goes back', async () => {
    const { coordinator, event, client, url } = await door();
    const { row } = await party(event.id, 'confirmed', { name: '王芳', seats: 2 });
    await client.post(`${url}/${row.id}`, { q: '' }, { headers: HTMX });
    ctx.clock.advance(MINUTE);
    const res = await client.post(`${url}/${row.id}/undo`, { q: '王' }, { headers: HTMX });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(resultsMessage(html)).toEqual(['info', '已撤销王芳的签到。']);
    expect(html).toContain('全部签到（2 人）');
    expect(html.endsWith(oobCount(event.id, '已签到 0 / 应到 2 人'))).toBe(true);
    expect(await registration(row.id)).toMatchObject({ checkedInSeats: 0, checkedInAt: null, checkedInBy: null });
    expect((await allAudit()).map((a) => [a.action, a.actorId, a.targetType, a.targetId, a.detail, a.at])).toEqual([
      ['event.checkin.recorded', coordinator.id, 'registration', String(row.id), { eventId: event.id, seats: 2, from: 0 }, ctx.clock.now() - MINUTE],
      ['event.checkin.undone', coordinator.id, 'registration', String(row.id), { eventId: event.id, seats: 2 }, ctx.clock.now()],
    ]);
    // checking in again starts afresh, with the new time
    ctx.clock.advance(MINUTE);
    await client.post(`${url}/${row.id}`, { q: '' });
    expect((await registration(row.id)).checkedInAt).toBe(ctx.clock.now());
  });

  it('an undo of a party nobody checked in changes nothing in the registration', async () => {
    const { event, client, url } = await door();
    const { row } = await party(event.id, 'confirmed', { name: '王芳' });
    const before = await registration(row.id);
    const res = await client.post(`${url}/${row.id}/undo`, { q: '' }, { headers: HTMX });
    expect(res.status).toBe(200);
    expect(resultsMessage(await res.text())).toEqual(['info', '已撤销王芳的签到。']);
    expect(await registration(row.id)).toEqual(before);
    // nothing was undone, so nothing is recorded
    expect(await allAudit()).toHaveLength(0);
  });
});

describe('a party arriving in parts', () => {
  it('offers the rest of a partly checked-in party, and the undo', async () => {
    const { event, client, url } = await door({ maxGuests: 3 });
    const { row } = await party(event.id, 'confirmed', { name: '王芳', seats: 4 });
    await client.post(`${url}/${row.id}`, { q: '', seats: '1' });
    const html = await (await client.get(`${url}?q=${encodeURIComponent('王芳')}`)).text();
    const entry = html.slice(html.indexOf('<li class="door-entry done">'), html.indexOf('</li>', html.indexOf('<li class="door-entry done">')));
    expect(entry).toContain('全部签到（4 人）');
    // the count on the button is labelled, in English too
    const en = await (await client.get(`${url}?q=${encodeURIComponent('王芳')}&lang=en`)).text();
    expect(en).toContain('Check in all 4 people');
    expect(en).not.toContain('(4)');
    await client.get(`${url}?lang=zh`);
    expect([...entry.matchAll(/<option value="(\d)">/g)].map((m) => m[1])).toEqual(['2', '3']);
    expect(entry).toContain('撤销签到');
    await client.post(`${url}/${row.id}`, { q: '' });
    expect((await registration(row.id)).checkedInSeats).toBe(4);
    const done = await (await client.get(`${url}?q=${encodeURIComponent('王芳')}`)).text();
    expect(done).not.toContain('全部签到（4 人）');
  });
});

describe('the live count', () => {
  it('answers the count fragment alone, never cached', async () => {
    const { event, client, url } = await door();
    const a = await party(event.id, 'confirmed', { seats: 2 });
    await party(event.id, 'confirmed', { seats: 3 });
    await party(event.id, 'waitlisted', { seats: 1 });
    await ctx.deps.db.update(registrations).set({ checkedInSeats: 1, checkedInAt: ctx.clock.now() }).where(eq(registrations.id, a.row.id));
    const res = await client.get(`${url}/count`, { headers: HTMX });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toBe(
      `<p id="door-count" class="door-count" role="status" data-hx-get="${url}/count" data-hx-trigger="every 5s" data-hx-swap="outerHTML">已签到 1 / 应到 5 人</p>`,
    );
    expect(await (await client.get(`${url}/count?lang=en`)).text()).toContain('>1 of 5 people checked in</p>');
  });
});

describe('walk-ins', () => {
  it('registers and checks in a member with guests when the party fits the free seats', async () => {
    const { coordinator, event, client, url } = await door({ capacity: 4, maxGuests: 2 });
    await party(event.id, 'confirmed', { seats: 2 });
    const walker = await createUser(ctx, { name: '赵敏', phone: '13966668888', tierCode: 'platinum' });
    const res = await client.post(`/coordinator/events/${event.id}/walkin`, { phone: '139 6666 8888', guests: '1' });
    expect(res.status).toBe(303);
    const rows = await registrationsOf(event.id);
    expect(rows).toHaveLength(2);
    const row = rows[1]!;
    expect(row).toMatchObject({
      userId: walker.id,
      status: 'confirmed',
      guests: 1,
      children: [],
      seats: 2,
      walkIn: true,
      checkedInSeats: 2,
      checkedInAt: ctx.clock.now(),
      checkedInBy: coordinator.id,
      confirmedAt: ctx.clock.now(),
    });
    expect(row.code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{8}$/);
    expect(res.headers.get('location')).toBe(`${url}?q=${row.code}`);
    expect((await allAudit()).map((a) => [a.action, a.actorId, a.targetType, a.targetId, a.detail])).toEqual([
      ['event.walkin.registered', coordinator.id, 'registration', String(row.id), { eventId: event.id, userId: walker.id, seats: 2 }],
    ]);
    const page = await (await client.get(res.headers.get('location')!)).text();
    expect(resultsMessage(page)).toEqual(['success', '赵敏 已现场报名并签到。']);
    expect(found(page)).toEqual(['赵敏']);
    expect(page).toContain('<p class="status status-ok">已签到 2 人 · 10:00（林协调）</p>');
    expect(countText(page)).toBe('已签到 2 / 应到 4 人');
  });

  it('refuses with the message and the form kept: bad phone, unknown phone, lounge staff, already registered or waiting, no free seats, too many guests', async () => {
    const { event, client } = await door({ capacity: 3, maxGuests: 1 });
    const registered = await party(event.id, 'confirmed', { phone: '13911112222', seats: 2 });
    const waiting = await party(event.id, 'waitlisted', { phone: '13911113333', seats: 2 });
    await createUser(ctx, { role: 'lounge_staff', phone: '13911114444' });
    await createUser(ctx, { phone: '13911115555', disabledAt: ctx.clock.now() - HOUR });
    await createUser(ctx, { phone: '13911116666', name: '新来的' });
    const before = await registrationsOf(event.id);
    // each refusal is shown at the field it is about (none: the walk-in as a whole, above the fields)
    const cases: Array<[Record<string, string>, number, string, 'phone' | 'guests' | null]> = [
      [{ phone: '12345', guests: '0' }, 422, '请输入11位手机号码。', 'phone'],
      [{ phone: '', guests: '0' }, 422, '请输入11位手机号码。', 'phone'],
      [{ phone: '13999999999', guests: '0' }, 422, '没有找到这个手机号的会员。', 'phone'],
      [{ phone: '13911114444', guests: '0' }, 422, '没有找到这个手机号的会员。', 'phone'],
      [{ phone: '13911115555', guests: '0' }, 422, '没有找到这个手机号的会员。', 'phone'],
      [{ phone: '13911112222', guests: '0' }, 409, '此会员已报名（或在候补中），请直接搜索签到。', 'phone'],
      [{ phone: '13911113333', guests: '0' }, 409, '此会员已报名（或在候补中），请直接搜索签到。', 'phone'],
      // one seat is free; the waiting party needs two, so a party of two does not fit
      [{ phone: '13911116666', guests: '1' }, 409, '名额已满，无法现场报名。', null],
      [{ phone: '13911116666', guests: '2' }, 422, '同行人数超过上限。', 'guests'],
      [{ phone: '13911116666', guests: 'x' }, 422, '内容无效，请检查。', 'guests'],
      [{ phone: '13911116666', guests: '0', name: '新来的' }, 422, '内容无效，请检查。', null],
    ];
    for (const [form, status, message, field] of cases) {
      const res = await client.post(`/coordinator/events/${event.id}/walkin`, form);
      expect(res.status, JSON.stringify(form)).toBe(status);
      const html = await res.text();
      if (field) expect(html, JSON.stringify(form)).toContain(`<small id="f-${field}-error" class="field-error">${message}</small>`);
      else expect(html, JSON.stringify(form)).toContain(`<p class="flash flash-error" role="alert">${message}</p>`);
      for (const other of ['phone', 'guests'].filter((f) => f !== field)) expect(html, JSON.stringify(form)).not.toContain(`id="f-${other}-error"`);
      expect(html).toContain('<details class="walk-in" open="">');
      expect(html).toContain(`<input id="f-phone" name="phone" type="tel" value="${form.phone}"`);
      expect(html).toContain(`<input id="f-guests" name="guests" type="number" value="${form.guests}"`);
      expect(html).toContain('<section id="door-results"');
    }
    expect(await registrationsOf(event.id)).toEqual(before);
    expect([await allAudit(), await allNotifications()]).toEqual([[], []]);
    // the waiting party keeps its place; a walk-in that fits the one free seat is let in
    const fits = await client.post(`/coordinator/events/${event.id}/walkin`, { phone: '13911116666', guests: '0' });
    expect(fits.status).toBe(303);
    expect((await registrationsOf(event.id)).map((r) => [r.userId, r.status, r.seats])).toEqual([
      [registered.user.id, 'confirmed', 2],
      [waiting.user.id, 'waitlisted', 2],
      [expect.any(Number), 'confirmed', 1],
    ]);
  });

  it('refuses a walk-in once the event is over or cancelled', async () => {
    const { event, client } = await door();
    await createUser(ctx, { phone: '13911117777' });
    ctx.clock.set(event.endsAt);
    const over = await client.post(`/coordinator/events/${event.id}/walkin`, { phone: '13911117777', guests: '0' });
    expect(over.status).toBe(422);
    expect(await over.text()).toContain('<p class="flash flash-error" role="alert">活动已结束或已取消。</p>');
    ctx.clock.set(event.startsAt + 30 * MINUTE);
    await ctx.deps.db.update(events).set({ status: 'cancelled' }).where(eq(events.id, event.id));
    expect((await client.post(`/coordinator/events/${event.id}/walkin`, { phone: '13911117777', guests: '0' })).status).toBe(422);
    expect(await registrationsOf(event.id)).toEqual([]);
    expect(await allAudit()).toEqual([]);
  });

  it('lets in a member who had cancelled their registration earlier', async () => {
    const { event, client } = await door();
    const earlier = await party(event.id, 'cancelled', { phone: '13911118888' });
    const res = await client.post(`/coordinator/events/${event.id}/walkin`, { phone: '13911118888', guests: '0' });
    expect(res.status).toBe(303);
    expect((await registrationsOf(event.id)).map((r) => [r.userId, r.status, r.walkIn])).toEqual([
      [earlier.user.id, 'cancelled', false],
      [earlier.user.id, 'confirmed', true],
    ]);
  });
});

describe('the check-in window (issue 13)', () => {
  it('refuses a check-in or a walk-in before 3 hours ahead of the start and after the end, with a clear message', async () => {
    const { event, client, url } = await door({ inDays: 21 });
    const { row } = await party(event.id, 'confirmed', { name: '王芳' });
    await createUser(ctx, { phone: '13911119999' });
    const early = await client.post(`${url}/${row.id}`, { q: '' });
    expect(early.status).toBe(422);
    expect(resultsMessage(await early.text())).toEqual(['error', '还没到签到时间：活动开始前 3 小时起可以签到。']);
    const walk = await client.post(`/coordinator/events/${event.id}/walkin`, { phone: '13911119999', guests: '0' });
    expect(walk.status).toBe(422);
    expect(await walk.text()).toContain('<p class="flash flash-error" role="alert">还没到签到时间：活动开始前 3 小时起可以现场报名。</p>');
    expect((await registration(row.id)).checkedInAt).toBeNull();
    ctx.clock.set(event.endsAt);
    const late = await client.post(`${url}/${row.id}`, { q: '' }, { headers: { ...HTMX, 'Accept-Language': 'en' } });
    expect(late.status).toBe(422);
    ctx.clock.set(event.startsAt - 3 * HOUR);
    expect((await client.post(`${url}/${row.id}`, { q: '' })).status).toBe(303);
    expect((await registration(row.id)).checkedInSeats).toBe(1);
    expect(await registrationsOf(event.id)).toHaveLength(1);
  });
});

describe('the door page and the check-in window (issue 13)', () => {
  it('says when check-in opens while it is too early, and that it is closed after the end; nothing while it is open', async () => {
    const { event, client, url } = await door({ inDays: 1 });
    const notice = (html: string) => html.match(/<p class="callout door-window" role="status">([^<]*)<\/p>/)?.[1];
    const opensAt = event.startsAt - 3 * HOUR;
    const hhmm = toLocalDateTimeValue(opensAt, 'Asia/Shanghai').slice(11);
    expect(notice(await (await client.get(url)).text())).toMatch(new RegExp(`^签到将于 \\d{4}年\\d+月\\d+日周. ${hhmm} 开放（活动开始前 3 小时）。$`));
    expect(notice(await (await client.get(`${url}?lang=en`)).text())).toMatch(new RegExp(`^Check-in opens at .+ ${hhmm} \\(3 hours before the start\\)\\.$`));
    await client.get(`${url}?lang=zh`);
    ctx.clock.set(opensAt);
    expect(notice(await (await client.get(url)).text())).toBeUndefined();
    ctx.clock.set(event.endsAt);
    expect(notice(await (await client.get(url)).text())).toBe('活动已结束，签到已关闭。');
  });
});

describe('the membership card at the door (issue 13 §5)', () => {
  it('finds the member’s confirmed party for this event from the card’s QR text or the typed card code, and checks it in', async () => {
    const { event, client, url } = await door();
    const { user, row } = await party(event.id, 'confirmed', { name: '王芳', seats: 2 });
    await party(event.id, 'confirmed', { name: '李雷' });
    const [card] = await ctx.deps.db.select({ cardCode: users.cardCode }).from(users).where(eq(users.id, user.id));
    const cardCode = card!.cardCode;
    for (const q of [`HNVIP:CARD:${cardCode}`, `${cardCode.slice(0, 4)}-${cardCode.slice(4).toLowerCase()}`]) {
      expect(found(await (await client.get(`${url}?q=${encodeURIComponent(q)}`)).text()), q).toEqual(['王芳']);
    }
    // the card of a member without a confirmed party for this event finds nobody, and says whose card it is and why
    const cardOf = async (id: number) => (await ctx.deps.db.select({ cardCode: users.cardCode }).from(users).where(eq(users.id, id)))[0]!.cardCode;
    const other = await createUser(ctx, { name: '没报名' });
    const waiting = await party(event.id, 'waitlisted', { name: '候补者' });
    const cancelled = await party(event.id, 'cancelled', { name: '退出者' });
    const cases: Array<[string, Record<string, string>, string]> = [
      [`HNVIP:CARD:${await cardOf(other.id)}`, {}, '这是没报名的会员卡，但 TA 没有报名本活动。如有空位，可在下方现场报名。'],
      [await cardOf(other.id), {}, '这是没报名的会员卡，但 TA 没有报名本活动。如有空位，可在下方现场报名。'],
      [`HNVIP:CARD:${await cardOf(waiting.user.id)}`, {}, '这是候补者的会员卡：TA 在本活动的候补名单中，还没有名额。'],
      [`HNVIP:CARD:${await cardOf(cancelled.user.id)}`, HTMX, '这是退出者的会员卡：TA 已取消本活动的报名。'],
      ['HNVIP:CARD:ZZZZ9999', {}, '没有找到这张会员卡。'],
      [`HNVIP:CARD:${await cardOf(other.id)}&lang=en`, {}, 'This is 没报名’s membership card, but they have not registered for this event. If seats are free, use walk-in below.'],
    ];
    for (const [q, headers, message] of cases) {
      const [text, lang] = q.split('&');
      const html = await (await client.get(`${url}?q=${encodeURIComponent(text!)}${lang ? `&${lang}` : ''}`, { headers })).text();
      expect(found(html), q).toEqual([]);
      expect(html, q).toContain(`<p class="flash flash-info door-card" role="status">${message}</p>`);
      expect(html, q).not.toContain('没有找到已确认的报名。');
    }
    // a search that is not a card still says what it always said
    expect(await (await client.get(`${url}?q=nobody&lang=zh`)).text()).toContain('没有找到已确认的报名。');
    expect((await client.post(`${url}/${row.id}`, { q: `HNVIP:CARD:${cardCode}` })).status).toBe(303);
    expect((await registration(row.id)).checkedInSeats).toBe(2);
  });
});
