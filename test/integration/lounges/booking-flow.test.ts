import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { entitlementLedger, loungeBookings, notifications } from '../../../db/schema';
import { HOUR } from '../../../src/lib/clock';
import { randomCode } from '../../../src/lib/codes';
import { zonedToInstant } from '../../../src/lib/time';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createLounge, createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const ZONE = 'Asia/Shanghai';
/** An instant given as Shanghai wall-clock time. */
const sh = (year: number, month: number, day: number, hour = 0, minute = 0) => zonedToInstant({ year, month, day, hour, minute }, ZONE);
/** 08:00 tomorrow (the fixed clock is 2026-11-26 10:00). */
const SLOT = sh(2026, 11, 27, 8);

async function member(tierCode = 'gold', name?: string) {
  const user = await createUser(ctx, { tierCode, ...(name ? { name } : {}) });
  const client = new TestClient(ctx);
  await client.signIn(user.phone);
  return { user, client };
}

/** Another member's booking written directly (only its people count here). */
async function othersBooking(loungeId: number, slotStart: number, companions: number) {
  const user = await createUser(ctx, { tierCode: 'diamond' });
  await ctx.deps.db
    .insert(loungeBookings)
    .values({ code: randomCode(8), loungeId, userId: user.id, slotStart, slotEnd: slotStart + HOUR, year: 2026, companions, status: 'booked', createdAt: ctx.clock.now() });
}

const bookingsOf = (userId: number) => ctx.deps.db.select().from(loungeBookings).where(eq(loungeBookings.userId, userId)).orderBy(asc(loungeBookings.id));
const ledgerOf = (userId: number) => ctx.deps.db.select().from(entitlementLedger).where(eq(entitlementLedger.userId, userId)).orderBy(asc(entitlementLedger.id));
const notificationsOf = (userId: number, kind: string) => ctx.deps.db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));
const flashOf = (html: string) => html.match(/<p class="flash flash-(\w+)" role="\w+">([^<]*)<\/p>/)?.slice(1, 3);
const confirmList = (html: string) => html.match(/<ul class="confirm-list">([\s\S]*?)<\/ul>/)?.[1] ?? '';
const stats = (html: string) => [...html.matchAll(/<p class="stat-value">(-?\d+)<\/p>/g)].map((m) => Number(m[1]));
/** The statement's rows as [when, what, change, left], tags stripped. */
const rows = (html: string) =>
  [...(html.match(/<tbody>([\s\S]*?)<\/tbody>/)?.[1] ?? '').matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '').trim()));

async function book(client: TestClient, loungeId: number, form: Record<string, string>) {
  const res = await client.post(`/lounges/${loungeId}/bookings`, form);
  expect(res.status).toBe(303);
  return res.headers.get('location')!.replace('/lounges/passes/', '');
}

describe('choosing a lounge', () => {
  it('lists every lounge with the member’s allowance in a sentence', async () => {
    const a = await createLounge(ctx);
    const b = await createLounge(ctx);
    const { client } = await member('platinum');
    const res = await client.get('/lounges');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('2026 年：您的等级每年 8 次贵宾厅，每次可带 1 位同行人；已预约 0 次，已使用 0 次，剩余 8 次。');
    expect(html).toContain(`<a href="/lounges/${a.id}">${a.nameZh}</a>`);
    expect(html).toContain(`<a href="/lounges/${b.id}">${b.nameZh}</a>`);
  });

  it('counts a booking in the sentence', async () => {
    const lounge = await createLounge(ctx);
    const { client } = await member('gold');
    await book(client, lounge.id, { slot: String(SLOT), companions: '0', flight: '' });
    expect(await (await client.get('/lounges')).text()).toContain('2026 年：您的等级每年 4 次贵宾厅，每次可带 1 位同行人；已预约 1 次，已使用 0 次，剩余 3 次。');
  });

  it('shows a day’s arrival times with the people booked against the pre-book places', async () => {
    const lounge = await createLounge(ctx); // 20 seats, 70 % pre-bookable: 14
    await othersBooking(lounge.id, SLOT, 1);
    await othersBooking(lounge.id, SLOT + HOUR, 2);
    await othersBooking(lounge.id, SLOT + HOUR, 2);
    const { client } = await member();
    const html = await (await client.get(`/lounges/${lounge.id}?day=2026-11-27`)).text();
    expect(html).toContain('<option value="2026-11-27" selected="">');
    expect(html).toContain(`<input type="radio" name="slot" value="${SLOT}" required=""/>08:00–09:00 · 较空（已约 2 / 14）</label>`);
    expect(html).toContain(`<input type="radio" name="slot" value="${SLOT + HOUR}" required=""/>09:00–10:00 · 适中（已约 6 / 14）</label>`);
    expect(html).toContain('06:00–07:00 · 较空（已约 0 / 14）');
    expect(html).toContain('22:00–23:00 · 较空（已约 0 / 14）');
    expect(html).not.toContain('23:00–24:00');
    // today (the 26th, 10:00): the morning has passed and cannot be chosen
    const today = await (await client.get(`/lounges/${lounge.id}`)).text();
    expect(today).toContain(`<input type="radio" name="slot" value="${sh(2026, 11, 26, 9)}" disabled="" required=""/>`);
    expect(today).toContain(`<input type="radio" name="slot" value="${sh(2026, 11, 26, 10)}" disabled="" required=""/>`);
    expect(today).toContain(`<input type="radio" name="slot" value="${sh(2026, 11, 26, 11)}" required=""/>`);
  });
});

describe('the confirmation step', () => {
  it('says exactly what the visit will use, with the companion, and writes nothing', async () => {
    const lounge = await createLounge(ctx);
    const { user, client } = await member('gold');
    const res = await client.get(`/lounges/${lounge.id}/book?slot=${SLOT}&companions=1&flight=hu+7181`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const list = confirmList(html);
    expect(list).toContain('<li>到达时段：2026年11月27日周五 08:00–09:00</li>');
    expect(list).toContain('将使用 2026 年 4 次中的 1 次（剩余 4 → 3） + 1 位同行人');
    expect(list).toContain('<li>航班：HU7181</li>');
    expect(list).toContain('如未到场，次数将在时段结束 30 分钟后返还。');
    expect(html).toContain(`<input type="hidden" name="slot" value="${SLOT}"/><input type="hidden" name="companions" value="1"/><input type="hidden" name="flight" value="HU7181"/>`);
    expect(await bookingsOf(user.id)).toEqual([]);
    expect(await ledgerOf(user.id)).toEqual([]);
    expect(await notificationsOf(user.id, 'lounge.booked')).toEqual([]);
  });

  it('shows what is left after earlier bookings, and no companion line for one person', async () => {
    const lounge = await createLounge(ctx);
    const { client } = await member('gold');
    await book(client, lounge.id, { slot: String(SLOT), companions: '0', flight: '' });
    const list = confirmList(await (await client.get(`/lounges/${lounge.id}/book?slot=${SLOT + HOUR}`)).text());
    expect(list).toContain('<strong>将使用 2026 年 4 次中的 1 次（剩余 3 → 2）</strong>');
    expect(list).not.toContain('航班');
  });
});

describe('booking', () => {
  it('creates the booking, the year’s allowance and the reservation in the ledger, and a message; then shows the pass', async () => {
    const lounge = await createLounge(ctx);
    const { user, client } = await member('gold', '李明轩');
    const res = await client.post(`/lounges/${lounge.id}/bookings`, { slot: String(SLOT), companions: '1', flight: 'hu 7181' });
    expect(res.status).toBe(303);
    const [booking, ...more] = await bookingsOf(user.id);
    expect(more).toEqual([]);
    expect(res.headers.get('location')).toBe(`/lounges/passes/${booking!.code}`);
    expect(booking).toMatchObject({ loungeId: lounge.id, slotStart: SLOT, slotEnd: SLOT + HOUR, year: 2026, companions: 1, flightNo: 'HU7181', status: 'booked', walkIn: false, createdAt: ctx.clock.now() });
    expect(booking!.code).toMatch(/^[A-Z0-9]{8}$/);

    const ledger = await ledgerOf(user.id);
    expect(ledger.map((l) => [l.type, l.year, l.allowanceDelta, l.reservedDelta, l.usedDelta, l.bookingId])).toEqual([
      ['grant', 2026, 4, 0, 0, null],
      ['reserve', 2026, 0, 1, 0, booking!.id],
    ]);
    const [note] = await notificationsOf(user.id, 'lounge.booked');
    expect(note).toMatchObject({ link: `/lounges/passes/${booking!.code}`, params: { loungeZh: lounge.nameZh, loungeEn: lounge.nameEn, slotStart: SLOT } });

    const pass = await client.get(res.headers.get('location')!);
    expect(pass.status).toBe(200);
    const html = await pass.text();
    const shown = `${booking!.code.slice(0, 4)}-${booking!.code.slice(4)}`;
    expect(flashOf(html)).toEqual(['success', `预约成功：${lounge.nameZh}，2026年11月27日周五 08:00。`]);
    expect(html).toContain(`<code>${shown}</code>`);
    expect(html).toMatch(new RegExp(`<svg class="qr ticket-qr" viewBox="0 0 \\d+ \\d+" role="img" aria-label="贵宾厅预约二维码，凭证号 ${shown}"[^>]*><rect [^>]*></rect><path d="M[^"]+" fill="#000"></path></svg>`));
    expect(html).toContain('<dd>李明轩 + 1 位同行人</dd>');
    expect(html).toContain('<dd>HU7181</dd>');
    expect(html).toContain('<dd>2026 年剩余 3 次</dd>');
  });

  it('writes the year’s allowance only with the first booking', async () => {
    const lounge = await createLounge(ctx);
    const { user, client } = await member('gold');
    await book(client, lounge.id, { slot: String(SLOT), companions: '0', flight: '' });
    await book(client, lounge.id, { slot: String(SLOT + HOUR), companions: '0', flight: '' });
    const ledger = await ledgerOf(user.id);
    expect(ledger.map((l) => l.type)).toEqual(['grant', 'reserve', 'reserve']);
    expect((await bookingsOf(user.id)).map((b) => b.flightNo)).toEqual([null, null]);
  });
});

describe('the pass', () => {
  it('changes the companions within the tier’s limit and refuses more', async () => {
    const lounge = await createLounge(ctx);
    const { user, client } = await member('gold');
    const code = await book(client, lounge.id, { slot: String(SLOT), companions: '0', flight: '' });
    const ok = await client.post(`/lounges/passes/${code}/companions`, { companions: '1' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/lounges/passes/${code}`);
    expect(flashOf(await (await client.get(`/lounges/passes/${code}`)).text())).toEqual(['success', '同行人数已更新。']);
    expect((await bookingsOf(user.id))[0]!.companions).toBe(1);

    const over = await client.post(`/lounges/passes/${code}/companions`, { companions: '2' });
    expect(over.status).toBe(303);
    expect(flashOf(await (await client.get(`/lounges/passes/${code}`)).text())).toEqual(['error', '同行人数超过了您等级的上限。']);
    expect((await bookingsOf(user.id))[0]!.companions).toBe(1);
  });

  it('cancels in one step and gives the visit back at once', async () => {
    const lounge = await createLounge(ctx);
    const { user, client } = await member('gold');
    const code = await book(client, lounge.id, { slot: String(SLOT), companions: '1', flight: '' });
    const res = await client.post(`/lounges/passes/${code}/cancel`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/lounges/passes/${code}`);
    const [booking] = await bookingsOf(user.id);
    expect(booking).toMatchObject({ status: 'cancelled', cancelledAt: ctx.clock.now() });
    const ledger = await ledgerOf(user.id);
    expect(ledger.map((l) => [l.type, l.reservedDelta, l.bookingId])).toEqual([
      ['grant', 0, null],
      ['reserve', 1, booking!.id],
      ['release', -1, booking!.id],
    ]);
    expect(await notificationsOf(user.id, 'lounge.cancelled')).toHaveLength(1);
    const html = await (await client.get(`/lounges/passes/${code}`)).text();
    expect(flashOf(html)).toEqual(['success', '已取消预约，次数已返还。']);
    expect(html).toContain('<span class="status">已取消</span>');
    expect(html).not.toContain('<svg');
    expect(html).toContain('<dd>2026 年剩余 4 次</dd>');
    // the slot has room again
    expect(await (await client.get(`/lounges/${lounge.id}?day=2026-11-27`)).text()).toContain('08:00–09:00 · 较空（已约 0 / 14）');
  });

  it('goes back to /me when asked', async () => {
    const lounge = await createLounge(ctx);
    const { client } = await member('gold');
    const code = await book(client, lounge.id, { slot: String(SLOT), companions: '0', flight: '' });
    const res = await client.post(`/lounges/passes/${code}/cancel`, { back: '/me' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/me');
  });

  it('cannot be cancelled or changed once the slot has started', async () => {
    const lounge = await createLounge(ctx);
    const { user, client } = await member('gold');
    const code = await book(client, lounge.id, { slot: String(SLOT), companions: '0', flight: '' });
    ctx.clock.set(SLOT);
    const res = await client.post(`/lounges/passes/${code}/cancel`, {});
    expect(res.status).toBe(303);
    const html = await (await client.get(`/lounges/passes/${code}`)).text();
    expect(flashOf(html)?.[1]).toContain('时段已经开始');
    expect(html).not.toContain('取消预约</button>');
    await client.post(`/lounges/passes/${code}/companions`, { companions: '1' });
    expect(flashOf(await (await client.get(`/lounges/passes/${code}`)).text())).toEqual(['error', '时段已经开始，不能再修改或取消。']);
    expect((await bookingsOf(user.id))[0]).toMatchObject({ status: 'booked', companions: 0 });
    expect((await ledgerOf(user.id)).map((l) => l.type)).toEqual(['grant', 'reserve']);
  });

  it('is not found for another member, who can neither see, change nor cancel it', async () => {
    const lounge = await createLounge(ctx);
    const { user, client } = await member('gold');
    const code = await book(client, lounge.id, { slot: String(SLOT), companions: '0', flight: '' });
    const { client: other } = await member('diamond');
    expect((await other.get(`/lounges/passes/${code}`)).status).toBe(404);
    expect((await other.post(`/lounges/passes/${code}/cancel`, {})).status).toBe(404);
    expect((await other.post(`/lounges/passes/${code}/companions`, { companions: '1' })).status).toBe(404);
    expect((await bookingsOf(user.id))[0]).toMatchObject({ status: 'booked', companions: 0 });
    expect((await ledgerOf(user.id)).map((l) => l.type)).toEqual(['grant', 'reserve']);
  });
});

describe('the statement', () => {
  it('shows allowance, booked, used and left, and every line with the running balance', async () => {
    const lounge = await createLounge(ctx);
    const { client } = await member('gold');
    const first = await book(client, lounge.id, { slot: String(SLOT), companions: '0', flight: '' });
    const second = await book(client, lounge.id, { slot: String(SLOT + HOUR), companions: '0', flight: '' });
    await client.post(`/lounges/passes/${first}/cancel`, {});
    const html = await (await client.get('/me/statement')).text();
    expect(html).toContain('<option value="2026" selected="">2026</option>');
    expect(stats(html)).toEqual([4, 1, 0, 3]);
    const name = lounge.nameZh;
    const shown = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;
    expect(rows(html)).toEqual([
      ['2026年11月26日周四 10:00', '2026 年度权益：金卡 4 次', '+4', '4'],
      ['2026年11月26日周四 10:00', `预约 ${name}（2026年11月27日周五 08:00） ${shown(first)}`, '-1', '3'],
      ['2026年11月26日周四 10:00', `预约 ${name}（2026年11月27日周五 09:00） ${shown(second)}`, '-1', '2'],
      ['2026年11月26日周四 10:00', `取消预约 ${name}（2026年11月27日周五 08:00），次数返还 ${shown(first)}`, '+1', '3'],
    ]);
    expect(html).toContain(`<a href="/lounges/passes/${second}">`);
  });

  it('shows next year’s allowance on its own, not yet written', async () => {
    const lounge = await createLounge(ctx);
    const { client } = await member('gold');
    await book(client, lounge.id, { slot: String(SLOT), companions: '0', flight: '' });
    const html = await (await client.get('/me/statement?year=2027')).text();
    expect(html).toContain('<option value="2027" selected="">2027</option>');
    expect(stats(html)).toEqual([4, 0, 0, 4]);
    expect(rows(html)).toEqual([['（首次预约时记入）', '2027 年度权益：金卡 4 次', '+4', '4']]);
  });
});
