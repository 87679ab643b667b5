import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { entitlementLedger, loungeBookings } from '../../../db/schema';
import { zonedToInstant } from '../../../src/lib/time';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createLounge, createUser } from '../../helpers/factories';

const ZONE = 'Asia/Shanghai';
/** An instant given as Shanghai wall-clock time. */
const sh = (year: number, month: number, day: number, hour = 0, minute = 0) => zonedToInstant({ year, month, day, hour, minute }, ZONE);

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

async function member(tierCode = 'gold') {
  const user = await createUser(ctx, { tierCode });
  const client = new TestClient(ctx);
  await client.signIn(user.phone);
  return { user, client };
}

const bookingsOf = (userId: number) => ctx.deps.db.select().from(loungeBookings).where(eq(loungeBookings.userId, userId)).orderBy(asc(loungeBookings.id));
const ledgerOf = (userId: number, year: number) =>
  ctx.deps.db.select().from(entitlementLedger).where(and(eq(entitlementLedger.userId, userId), eq(entitlementLedger.year, year))).orderBy(asc(entitlementLedger.id));
const selectedDay = (html: string) => html.match(/<option value="([\d-]+)" selected="">/)?.[1];
const dayOptions = (html: string) => [...(html.match(/<select id="f-day" name="day">([\s\S]*?)<\/select>/)?.[1] ?? '').matchAll(/<option value="([\d-]+)"/g)].map((m) => m[1]);
const alertOf = (html: string) => html.match(/<p class="flash flash-error" role="alert">([^<]*)<\/p>/)?.[1];
const post = (client: TestClient, loungeId: number, slot: number, companions = '0') => client.post(`/lounges/${loungeId}/bookings`, { slot: String(slot), companions, flight: '' });

describe('the day changes at local midnight', () => {
  it('at 23:59 on the 26th the 06:00 slot of the 27th can be booked and today is still the 26th', async () => {
    ctx.clock.set(sh(2026, 11, 26, 23, 59));
    const lounge = await createLounge(ctx);
    const { user, client } = await member();
    const page = await (await client.get(`/lounges/${lounge.id}`)).text();
    expect(selectedDay(page)).toBe('2026-11-26');
    expect(page).toContain('这一天没有可预约的时段。');
    const days = dayOptions(page);
    expect(days).toHaveLength(31);
    expect([days[0], days.at(-1)]).toEqual(['2026-11-26', '2026-12-26']);
    expect(await (await client.get('/lounges')).text()).toContain('今日已闭厅');

    const sixAm = sh(2026, 11, 27, 6);
    const preview = await client.get(`/lounges/${lounge.id}/book?slot=${sixAm}`);
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain('<li>到达时段：2026年11月27日周五 06:00–07:00</li>');
    expect((await post(client, lounge.id, sixAm)).status).toBe(303);
    expect(await bookingsOf(user.id)).toMatchObject([{ slotStart: sixAm, year: 2026, status: 'booked' }]);
    // the 27th of December is the 31st calendar day from the 26th: too far, although less than 31 × 24 hours away
    const far = await post(client, lounge.id, sh(2026, 12, 27, 6));
    expect(far.status).toBe(422);
    expect(alertOf(await far.text())).toBe('最多可预约 30 天内的到访。');
  });

  it('just after local midnight (still the 26th in UTC) the default day is the 27th', async () => {
    ctx.clock.set(sh(2026, 11, 27, 0, 0) + 30_000);
    const lounge = await createLounge(ctx);
    const { user, client } = await member();
    const page = await (await client.get(`/lounges/${lounge.id}`)).text();
    expect(selectedDay(page)).toBe('2026-11-27');
    expect(page).toContain(`<input type="radio" name="slot" value="${sh(2026, 11, 27, 6)}" required=""/>06:00–07:00`);
    const days = dayOptions(page);
    expect([days[0], days.at(-1)]).toEqual(['2026-11-27', '2026-12-27']);
    // the 26th is no longer offered; asking for it shows today
    expect(selectedDay(await (await client.get(`/lounges/${lounge.id}?day=2026-11-26`)).text())).toBe('2026-11-27');
    expect((await post(client, lounge.id, sh(2026, 12, 27, 6))).status).toBe(303);
    expect(await bookingsOf(user.id)).toMatchObject([{ slotStart: sh(2026, 12, 27, 6), year: 2026 }]);
  });
});

describe('the year changes at local midnight on 31 December', () => {
  it('a slot on 1 January uses the new year’s allowance; one on 31 December the old year’s', async () => {
    ctx.clock.set(sh(2026, 12, 31, 21, 30));
    const lounge = await createLounge(ctx);
    const { user, client } = await member('gold');
    expect((await post(client, lounge.id, sh(2026, 12, 31, 22))).status).toBe(303);
    expect((await ledgerOf(user.id, 2026)).map((l) => l.type)).toEqual(['grant', 'reserve']);

    ctx.clock.set(sh(2026, 12, 31, 23, 30));
    const newYear = sh(2027, 1, 1, 6);
    const preview = await (await client.get(`/lounges/${lounge.id}/book?slot=${newYear}&companions=1`)).text();
    expect(preview).toContain('将使用 2027 年 4 次中的 1 次（剩余 4 → 3） + 1 位同行人');
    expect((await post(client, lounge.id, newYear, '1')).status).toBe(303);

    const bookings = await bookingsOf(user.id);
    expect(bookings.map((b) => [b.slotStart, b.year])).toEqual([
      [sh(2026, 12, 31, 22), 2026],
      [newYear, 2027],
    ]);
    const ledger2027 = await ledgerOf(user.id, 2027);
    expect(ledger2027.map((l) => [l.type, l.allowanceDelta, l.reservedDelta, l.bookingId])).toEqual([
      ['grant', 4, 0, null],
      ['reserve', 0, 1, bookings[1]!.id],
    ]);
    // 2026 is untouched by the 2027 booking
    expect((await ledgerOf(user.id, 2026)).map((l) => l.type)).toEqual(['grant', 'reserve']);
    expect(await (await client.get('/lounges')).text()).toContain('2026 年：您的等级每年 4 次贵宾厅，每次可带 1 位同行人；已预约 1 次，已使用 0 次，剩余 3 次。');
    expect(await (await client.get(`/lounges/${lounge.id}?day=2027-01-01`)).text()).toContain('2027 年：您的等级每年 4 次贵宾厅，每次可带 1 位同行人；已预约 1 次，已使用 0 次，剩余 3 次。');
    const statement = await (await client.get('/me/statement?year=2027')).text();
    expect(statement).toContain('2027 年度权益：金卡 4 次');
    expect(statement).toContain('预约 测试贵宾厅');
    expect(statement).toContain('（2027年1月1日周五 06:00）');

    // once it is 2027 in Shanghai (still 2026 in UTC), "this year" is 2027
    ctx.clock.set(sh(2027, 1, 1, 0, 0) + 30_000);
    expect(await (await client.get('/lounges')).text()).toContain('2027 年：您的等级每年 4 次贵宾厅，每次可带 1 位同行人；已预约 1 次，已使用 0 次，剩余 3 次。');
  });

  it('a member who has used up 2026 can still book 2027', async () => {
    ctx.clock.set(sh(2026, 12, 30, 20));
    const lounge = await createLounge(ctx);
    const { user, client } = await member('silver'); // 2 visits a year
    expect((await post(client, lounge.id, sh(2026, 12, 31, 8))).status).toBe(303);
    expect((await post(client, lounge.id, sh(2026, 12, 31, 9))).status).toBe(303);
    const none = await post(client, lounge.id, sh(2026, 12, 31, 10));
    expect(none.status).toBe(409);
    expect(alertOf(await none.text())).toBe('您 2026 年的贵宾厅次数已用完（或都已预约）。');

    expect((await post(client, lounge.id, sh(2027, 1, 1, 8))).status).toBe(303);
    expect((await bookingsOf(user.id)).map((b) => b.year)).toEqual([2026, 2026, 2027]);
    const sum = (rows: Array<{ allowanceDelta: number; reservedDelta: number; usedDelta: number }>) => rows.reduce((n, l) => n + l.allowanceDelta - l.reservedDelta - l.usedDelta, 0);
    expect(sum(await ledgerOf(user.id, 2026))).toBe(0);
    expect(sum(await ledgerOf(user.id, 2027))).toBe(1);
  });
});
