import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { entitlementLedger, loungeBookings, lounges } from '../../../db/schema';
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
const sh = (year: number, month: number, day: number, hour = 0, minute = 0) => zonedToInstant({ year, month, day, hour, minute }, ZONE);
/** 08:00 tomorrow (the fixed clock is 2026-11-26 10:00). */
const SLOT = sh(2026, 11, 27, 8);

async function member(tierCode = 'gold') {
  const user = await createUser(ctx, { tierCode });
  const client = new TestClient(ctx);
  await client.signIn(user.phone);
  return { user, client };
}

async function othersBooking(loungeId: number, slotStart: number, companions: number) {
  const user = await createUser(ctx, { tierCode: 'diamond' });
  await ctx.deps.db
    .insert(loungeBookings)
    .values({ code: randomCode(8), loungeId, userId: user.id, slotStart, slotEnd: slotStart + HOUR, year: 2026, companions, status: 'booked', createdAt: ctx.clock.now() });
}

const bookingsOf = (userId: number) => ctx.deps.db.select().from(loungeBookings).where(eq(loungeBookings.userId, userId)).orderBy(asc(loungeBookings.id));
const ledgerOf = (userId: number) => ctx.deps.db.select().from(entitlementLedger).where(eq(entitlementLedger.userId, userId)).orderBy(asc(entitlementLedger.id));
const alertOf = (html: string) => html.match(/<p class="flash flash-error" role="alert">([^<]*)<\/p>/)?.[1];
const flightInput = (html: string) => html.match(/<input id="f-flight" name="flight"[^>]*\/>/)?.[0] ?? '';
const selectedDay = (html: string) => html.match(/<option value="([\d-]+)" selected="">/)?.[1];

/** Posts a booking that must be refused: the status, the message, the form kept, nothing written. */
async function refused(client: TestClient, userId: number, loungeId: number, form: Record<string, string>, status: number, message: string) {
  const before = { bookings: (await bookingsOf(userId)).length, ledger: (await ledgerOf(userId)).length };
  const res = await client.post(`/lounges/${loungeId}/bookings`, form);
  expect(res.status).toBe(status);
  const html = await res.text();
  expect(alertOf(html)).toBe(message);
  if (form.flight) expect(flightInput(html)).toContain(`value="${form.flight}"`);
  expect((await bookingsOf(userId)).length).toBe(before.bookings);
  expect((await ledgerOf(userId)).length).toBe(before.ledger);
  return html;
}

describe('a booking is refused, with the reason and the form kept', () => {
  it('for a slot that has started or passed', async () => {
    const lounge = await createLounge(ctx);
    const { user, client } = await member();
    const html = await refused(client, user.id, lounge.id, { slot: String(sh(2026, 11, 26, 10)), companions: '0', flight: 'HU7181' }, 422, '这个时段已经开始或已过去，请选择之后的时段。');
    expect(selectedDay(html)).toBe('2026-11-26');
    await refused(client, user.id, lounge.id, { slot: String(sh(2026, 11, 26, 8)), companions: '0', flight: '' }, 422, '这个时段已经开始或已过去，请选择之后的时段。');
  });

  it('for a time that is not one of the lounge’s slots', async () => {
    const lounge = await createLounge(ctx); // 06:00–23:00, hourly
    const { user, client } = await member();
    const closed = '贵宾厅在这个时间不开放。';
    const html = await refused(client, user.id, lounge.id, { slot: String(sh(2026, 11, 27, 5)), companions: '0', flight: 'CZ6789' }, 422, closed);
    expect(selectedDay(html)).toBe('2026-11-27');
    await refused(client, user.id, lounge.id, { slot: String(sh(2026, 11, 27, 23)), companions: '0', flight: '' }, 422, closed);
    await refused(client, user.id, lounge.id, { slot: String(sh(2026, 11, 27, 8, 30)), companions: '0', flight: '' }, 422, closed);
  });

  it('more than 30 days ahead', async () => {
    const lounge = await createLounge(ctx);
    const { user, client } = await member();
    await refused(client, user.id, lounge.id, { slot: String(sh(2026, 12, 27, 6)), companions: '0', flight: 'HU7181' }, 422, '最多可预约 30 天内的到访。');
    // the 30th day is still open
    const res = await client.post(`/lounges/${lounge.id}/bookings`, { slot: String(sh(2026, 12, 26, 22)), companions: '0', flight: '' });
    expect(res.status).toBe(303);
  });

  it('with more companions than the tier allows (silver: none)', async () => {
    const lounge = await createLounge(ctx);
    const { user, client } = await member('silver');
    const html = await refused(client, user.id, lounge.id, { slot: String(SLOT), companions: '1', flight: 'HU7181' }, 422, '同行人数超过了您等级的上限（0 位）。');
    expect(html).toContain('<select id="f-companions" name="companions"><option value="0">仅本人</option></select>');
    const gold = await member('gold');
    await refused(gold.client, gold.user.id, lounge.id, { slot: String(SLOT), companions: '2', flight: '' }, 422, '同行人数超过了您等级的上限（1 位）。');
  });

  it('with no visits left (silver, two booked already)', async () => {
    const lounge = await createLounge(ctx);
    const { user, client } = await member('silver');
    for (const slot of [SLOT, SLOT + HOUR]) expect((await client.post(`/lounges/${lounge.id}/bookings`, { slot: String(slot), companions: '0', flight: '' })).status).toBe(303);
    const html = await refused(client, user.id, lounge.id, { slot: String(SLOT + 2 * HOUR), companions: '0', flight: 'HU7181' }, 409, '您 2026 年的贵宾厅次数已用完（或都已预约）。');
    expect(html).toContain('已预约 2 次，已使用 0 次，剩余 0 次。');
    // the confirmation step refuses as well
    const preview = await client.get(`/lounges/${lounge.id}/book?slot=${SLOT + 2 * HOUR}`);
    expect(preview.status).toBe(409);
    expect(alertOf(await preview.text())).toBe('您 2026 年的贵宾厅次数已用完（或都已预约）。');
  });

  it('when the slot’s pre-book places (capacity × share, rounded down) are taken', async () => {
    const lounge = await createLounge(ctx, { capacity: 5 }); // 70 % of 5 = 3.5 → 3 places
    await othersBooking(lounge.id, SLOT, 1);
    const { user, client } = await member('gold');
    const full = '这个时段的预约已满，请选择其他时段（部分座位留给现场到访）。';
    await refused(client, user.id, lounge.id, { slot: String(SLOT), companions: '1', flight: 'HU7181' }, 409, full);
    expect((await client.post(`/lounges/${lounge.id}/bookings`, { slot: String(SLOT), companions: '0', flight: '' })).status).toBe(303);
    const page = await (await client.get(`/lounges/${lounge.id}?day=2026-11-27`)).text();
    expect(page).toContain(`<input type="radio" name="slot" value="${SLOT}" disabled="" required=""/>08:00–09:00 · 预约已满（已约 3 / 3）</label>`);
    const late = await member('diamond');
    await refused(late.client, late.user.id, lounge.id, { slot: String(SLOT), companions: '0', flight: '' }, 409, full);
  });

  it('for a slot the member has already booked', async () => {
    const lounge = await createLounge(ctx);
    const { user, client } = await member('gold');
    expect((await client.post(`/lounges/${lounge.id}/bookings`, { slot: String(SLOT), companions: '0', flight: '' })).status).toBe(303);
    await refused(client, user.id, lounge.id, { slot: String(SLOT), companions: '0', flight: 'HU7181' }, 409, '您已预约了这个时段。');
  });

  it('with a flight number that does not look like one', async () => {
    const lounge = await createLounge(ctx);
    const { user, client } = await member('gold');
    for (const flight of ['HU', '7181', 'HU12345']) {
      const html = await refused(client, user.id, lounge.id, { slot: String(SLOT), companions: '1', flight }, 422, '航班号格式不正确，例如 HU7181。');
      expect(html).toContain(`<input type="radio" name="slot" value="${SLOT}" checked="" required=""/>`);
      expect(html).toContain('<option value="1" selected="">1</option>');
    }
    expect(alertOf(await (await client.get(`/lounges/${lounge.id}/book?slot=${SLOT}&flight=HU`)).text())).toContain('航班号格式不正确');
  });

  it('with a flight number longer than its field: refused at the field, all of it kept, never cut', async () => {
    const lounge = await createLounge(ctx);
    const { user, client } = await member('gold');
    const flight = 'HU 7181 HU 7181'; // 15 characters, 12 allowed
    const before = { bookings: (await bookingsOf(user.id)).length, ledger: (await ledgerOf(user.id)).length };
    for (const res of [await client.post(`/lounges/${lounge.id}/bookings`, { slot: String(SLOT), companions: '1', flight }), await client.get(`/lounges/${lounge.id}/book?slot=${SLOT}&companions=1&flight=${encodeURIComponent(flight)}`)]) {
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(alertOf(html)).toBeUndefined();
      expect(html).toContain(
        `<label for="f-flight">航班号<input id="f-flight" name="flight" type="text" value="${flight}" autocomplete="off" maxlength="12" aria-invalid="true" aria-describedby="f-flight-hint f-flight-error"/><small id="f-flight-hint">例如 HU7181，可不填 · 最多 12 个字符。</small><small id="f-flight-error" class="field-error">最多 12 个字符，现在有 15 个。</small></label>`,
      );
      expect(html).toContain(`<input type="radio" name="slot" value="${SLOT}" checked="" required=""/>`);
      expect(html).toContain('<option value="1" selected="">1</option>');
    }
    expect({ bookings: (await bookingsOf(user.id)).length, ledger: (await ledgerOf(user.id)).length }).toEqual(before);
    // the limit is said beside the field before anything is typed; spaces, dashes and invisible marks are not the flight number
    expect(await (await client.get(`/lounges/${lounge.id}`)).text()).toContain('<small id="f-flight-hint">例如 HU7181，可不填 · 最多 12 个字符。</small>');
    expect((await client.post(`/lounges/${lounge.id}/bookings`, { slot: String(SLOT), companions: '0', flight: ' hu - 7181  \u200e' })).status).toBe(303);
    expect((await bookingsOf(user.id))[0]!.flightNo).toBe('HU7181');
  });

  it('without a chosen slot', async () => {
    const lounge = await createLounge(ctx);
    const { user, client } = await member('gold');
    await refused(client, user.id, lounge.id, { slot: '', companions: '0', flight: 'HU7181' }, 422, '请选择到达时段。');
    await refused(client, user.id, lounge.id, { companions: '0', flight: '' }, 422, '请选择到达时段。');
    const preview = await client.get(`/lounges/${lounge.id}/book`);
    expect(preview.status).toBe(422);
    expect(alertOf(await preview.text())).toBe('请选择到达时段。');
  });

  it('at the confirmation step too, writing nothing', async () => {
    const lounge = await createLounge(ctx);
    await ctx.deps.db.update(lounges).set({ prebookSharePct: 15 }).where(eq(lounges.id, lounge.id)); // 20 × 15 % = 3 places
    await othersBooking(lounge.id, SLOT, 2);
    const { user, client } = await member('gold');
    const res = await client.get(`/lounges/${lounge.id}/book?slot=${SLOT}&flight=HU7181`);
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(alertOf(html)).toBe('这个时段的预约已满，请选择其他时段（部分座位留给现场到访）。');
    expect(flightInput(html)).toContain('value="HU7181"');
    expect(await bookingsOf(user.id)).toEqual([]);
    expect(await ledgerOf(user.id)).toEqual([]);
  });
});

describe('changes on the pass', () => {
  const flashOf = async (client: TestClient, code: string) => (await (await client.get(`/lounges/passes/${code}`)).text()).match(/<p class="flash flash-(\w+)" role="\w+">([^<]*)<\/p>/)?.slice(1, 3);
  const book = async (client: TestClient, loungeId: number, companions = '0') => {
    const res = await client.post(`/lounges/${loungeId}/bookings`, { slot: String(SLOT), companions, flight: '' });
    expect(res.status).toBe(303);
    return res.headers.get('location')!.replace('/lounges/passes/', '');
  };

  it('refuses a companion the slot has no room for', async () => {
    const lounge = await createLounge(ctx, { capacity: 5 }); // 3 places
    await othersBooking(lounge.id, SLOT, 1);
    const { user, client } = await member('gold');
    const code = await book(client, lounge.id);
    expect((await client.post(`/lounges/passes/${code}/companions`, { companions: '1' })).status).toBe(303);
    expect(await flashOf(client, code)).toEqual(['error', '这个时段已没有更多座位。']);
    expect((await bookingsOf(user.id))[0]!.companions).toBe(0);
  });

  it('refuses to cancel twice, writing one release only', async () => {
    const lounge = await createLounge(ctx);
    const { user, client } = await member('gold');
    const code = await book(client, lounge.id);
    await client.post(`/lounges/passes/${code}/cancel`, {});
    await flashOf(client, code);
    expect((await client.post(`/lounges/passes/${code}/cancel`, {})).status).toBe(303);
    expect(await flashOf(client, code)).toEqual(['error', '这个预约已不能取消。']);
    expect((await ledgerOf(user.id)).map((l) => l.type)).toEqual(['grant', 'reserve', 'release']);
  });

  it('lets a cancelled slot be booked again', async () => {
    const lounge = await createLounge(ctx);
    const { user, client } = await member('gold');
    const first = await book(client, lounge.id);
    await client.post(`/lounges/passes/${first}/cancel`, {});
    const second = await book(client, lounge.id, '1');
    expect(second).not.toBe(first);
    expect((await bookingsOf(user.id)).map((b) => [b.code, b.status])).toEqual([
      [first, 'cancelled'],
      [second, 'booked'],
    ]);
    expect((await ledgerOf(user.id)).map((l) => l.type)).toEqual(['grant', 'reserve', 'release', 'reserve']);
  });
});

describe('in English', () => {
  it('words the confirmation and a refusal in English once ?lang=en is chosen', async () => {
    const lounge = await createLounge(ctx);
    const { user, client } = await member('gold');
    const res = await client.get(`/lounges/${lounge.id}/book?slot=${SLOT}&companions=1&flight=hu7181&lang=en`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="en"');
    expect(html).toContain(`<h1>Confirm your visit: ${lounge.nameEn}</h1>`);
    expect(html).toContain('This uses 1 of your 4 visits in 2026 (4 left → 3) + 1 companion');
    expect(html).toContain('<li>Flight: HU7181</li>');
    expect(html).toContain('If you do not come, the visit is returned 30 minutes after your slot ends.');
    // remembered: the next requests carry no lang parameter
    const badFlight = await client.post(`/lounges/${lounge.id}/bookings`, { slot: String(SLOT), companions: '0', flight: 'HU' });
    expect(badFlight.status).toBe(422);
    expect(alertOf(await badFlight.text())).toBe('That flight number does not look right, e.g. HU7181.');
    const past = await client.post(`/lounges/${lounge.id}/bookings`, { slot: String(sh(2026, 11, 26, 9)), companions: '0', flight: '' });
    expect(past.status).toBe(422);
    expect(alertOf(await past.text())).toBe('That time has already started or passed; choose a later one.');
    const over = await client.post(`/lounges/${lounge.id}/bookings`, { slot: String(SLOT), companions: '2', flight: '' });
    expect(over.status).toBe(422);
    const overHtml = await over.text();
    expect(overHtml).toContain('<html lang="en"');
    expect(alertOf(overHtml)).toBe('That is more companions than your tier allows (1).');
    expect(await bookingsOf(user.id)).toEqual([]);
  });
});
