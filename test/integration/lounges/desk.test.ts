import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { entitlementLedger, loungeBookings, loungeStaff, notifications } from '../../../db/schema';
import { formatCode } from '../../../src/lib/codes';
import { addZonedDays, atMinuteOfDay, startOfZonedDay } from '../../../src/lib/time';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createLounge, createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const ZONE = 'Asia/Shanghai';
const HTMX = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };
/** `hour`:00 local on today (the fixed clock: 2026-11-26 10:00) plus `days`. */
const at = (hour: number, days = 0) => atMinuteOfDay(addZonedDays(startOfZonedDay(ctx.clock.now(), ZONE), days, ZONE), hour * 60, ZONE);

async function staffDesk(o: { capacity?: number } = {}) {
  const staff = await createUser(ctx, { role: 'lounge_staff', name: '周服务' });
  const lounge = await createLounge(ctx, { staffIds: [staff.id], ...(o.capacity ? { capacity: o.capacity } : {}) });
  const client = new TestClient(ctx);
  await client.signIn(staff.phone);
  return { staff, lounge, client, url: `/desk/lounges/${lounge.id}` };
}

async function member(o: { name?: string; phone?: string; tierCode?: string } = {}) {
  const user = await createUser(ctx, { name: o.name ?? '王芳', tierCode: o.tierCode ?? 'gold', ...(o.phone ? { phone: o.phone } : {}) });
  const client = new TestClient(ctx);
  await client.signIn(user.phone);
  return { user, client };
}

/** Books through the member's own HTTP flow, so the ledger holds the grant and the reservation. */
async function book(m: { client: TestClient }, loungeId: number, slotStart: number, companions = 0) {
  const res = await m.client.post(`/lounges/${loungeId}/bookings`, { slot: String(slotStart), companions: String(companions) });
  expect(res.status).toBe(303);
  const code = res.headers.get('location')!.split('/').pop()!;
  return (await ctx.deps.db.select().from(loungeBookings).where(eq(loungeBookings.code, code)))[0]!;
}

const bookingRow = async (id: number) => (await ctx.deps.db.select().from(loungeBookings).where(eq(loungeBookings.id, id)))[0]!;
const ledgerOf = (userId: number) => ctx.deps.db.select().from(entitlementLedger).where(eq(entitlementLedger.userId, userId)).orderBy(asc(entitlementLedger.id));
const noticesOf = (userId: number, kind: string) => ctx.deps.db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));
async function balanceOf(userId: number) {
  const lines = await ledgerOf(userId);
  const sum = (f: (l: (typeof lines)[number]) => number) => lines.reduce((s, l) => s + f(l), 0);
  const allowance = sum((l) => l.allowanceDelta);
  const reserved = sum((l) => l.reservedDelta);
  const used = sum((l) => l.usedDelta);
  return { allowance, reserved, used, remaining: allowance - reserved - used };
}

const occupancyText = (html: string) => html.match(/<p class="occupancy-number">([^<]*)<\/p>/)?.[1];
const message = (html: string) => html.match(/<p class="flash flash-(\w+)" role="\w+">([^<]*)<\/p>/)?.slice(1, 3);
const foundNames = (html: string) => [...html.matchAll(/<li class="desk-member"><div class="desk-who"><strong>([^<]*)<\/strong>/g)].map((m) => m[1]!);
function section(html: string, id: string) {
  const start = html.indexOf(`<article aria-labelledby="${id}">`);
  return start < 0 ? '' : html.slice(start, html.indexOf('</article>', start));
}
/** "11:00–12:00 王芳 (2), 李雷 (1)" per slot of today's expected arrivals. */
const arrivals = (html: string) =>
  [...section(html, 'arrivals-title').matchAll(/<li><strong>([^<]*)<\/strong>(.*?)<\/li>/g)].map((m) => `${m[1]} ${[...m[2]!.matchAll(/<div class="arrival">([^<]*) <form/g)].map((a) => a[1]).join(', ')}`);
const inside = (html: string) => [...section(html, 'inside-title').matchAll(/<li class="item-row"><span>([^<]*)<small>([^<]*)<\/small>/g)].map((m) => `${m[1]}${m[2]}`);

describe('the desk pages', () => {
  it('lists only the lounges the staff member works at, and refuses the desk of another lounge', async () => {
    const { lounge, client } = await staffDesk();
    const other = await createLounge(ctx);
    const res = await client.get('/desk');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<a href="/desk/lounges/${lounge.id}">${lounge.nameZh}</a>`);
    expect(html).not.toContain(other.nameZh);
    expect((await client.get(`/desk/lounges/${other.id}`)).status).toBe(403);
    expect((await client.get(`/desk/lounges/${other.id}/occupancy`)).status).toBe(403);
    const m = await member();
    expect((await m.client.get('/desk')).status).toBe(403);
    expect((await m.client.get(`/desk/lounges/${lounge.id}`)).status).toBe(403);
  });

  it('shows the occupancy and today’s expected arrivals by slot, without other days or cancelled bookings', async () => {
    const { lounge, client, url } = await staffDesk();
    const wang = await member({ name: '王芳' });
    const li = await member({ name: '李雷' });
    const chen = await member({ name: '陈静' });
    await book(wang, lounge.id, at(11), 1);
    await book(li, lounge.id, at(11));
    await book(chen, lounge.id, at(14));
    await book(wang, lounge.id, at(11, 1));
    const cancelled = await book(li, lounge.id, at(15));
    expect((await li.client.post(`/lounges/passes/${cancelled.code}/cancel`, {})).status).toBe(303);
    const res = await client.get(url);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(occupancyText(html)).toBe('厅内 0 / 20 人');
    expect(html).toContain('<progress value="0" max="20" aria-label="当前入座率"></progress>');
    // names within a slot in code-point order: 李 U+674E before 王 U+738B
    expect(arrivals(html)).toEqual(['11:00–12:00 李雷 · 1 人, 王芳 · 2 人', '14:00–15:00 陈静 · 1 人']);
    expect(section(html, 'inside-title')).toContain('厅内暂无客人。');
  });
});

describe('searching at the desk', () => {
  it('finds a member by phone, last four digits, name, booking code (any form) and both QR texts, with the visits left', async () => {
    const { lounge, client, url } = await staffDesk();
    const wang = await member({ name: '王海燕', phone: '13912340001' });
    await member({ name: '李海燕', phone: '13955550002' });
    await member({ name: 'Zhou Li', phone: '13912345555', tierCode: 'silver' });
    await createUser(ctx, { role: 'lounge_staff', name: '海员工', phone: '13977770003' });
    const booking = await book(wang, lounge.id, at(11), 1);
    const search = async (q: string) => foundNames(await (await client.get(`${url}?q=${encodeURIComponent(q)}`)).text());
    expect(await search('13912340001')).toEqual(['王海燕']);
    expect(await search('0001')).toEqual(['王海燕']);
    expect(await search('5555')).toEqual(['Zhou Li']);
    expect(await search('海燕')).toEqual(['李海燕', '王海燕']);
    expect(await search('王海燕')).toEqual(['王海燕']);
    expect(await search(booking.code)).toEqual(['王海燕']);
    expect(await search(formatCode(booking.code).toLowerCase())).toEqual(['王海燕']);
    expect(await search(booking.code.toLowerCase())).toEqual(['王海燕']);
    expect(await search(`HNVIP:PASS:${booking.code}`)).toEqual(['王海燕']);
    expect(await search(`HNVIP:CARD:${wang.user.cardCode}`)).toEqual(['王海燕']);
    // staff are not members: not found by their name or phone
    expect(await search('0003')).toEqual([]);

    const html = await (await client.get(`${url}?q=0001`)).text();
    // gold: 4 a year, one booked
    expect(html).toContain('<small>金卡 · <strong>本年剩余 3 次</strong> · 每次最多 1 位同行人</small>');
    expect(html).toContain(`<span>11:00–12:00 · 预约 1 位同行人 · <small>凭证 ${formatCode(booking.code)}</small></span>`);
    expect(html).toContain(`action="/desk/lounges/${lounge.id}/bookings/${booking.id}/checkin"`);
    const silver = await (await client.get(`${url}?q=5555`)).text();
    expect(silver).toContain('<strong>本年剩余 2 次</strong>');
    expect(silver).toContain('今天在本厅没有预约。');
    expect(await (await client.get(`${url}?q=13000000000`)).text()).toContain('没有找到会员。');
  });

  it('answers an htmx search with just the #desk-main fragment', async () => {
    const { client, url } = await staffDesk();
    await member({ name: '王海燕', phone: '13912340001' });
    const res = await client.get(`${url}?q=0001`, { headers: HTMX });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<div id="desk-main">')).toBe(true);
    expect(html).not.toContain('<html');
    expect(html).not.toContain('<form method="get"');
    expect(foundNames(html)).toEqual(['王海燕']);
  });

  it('answers the search box as you type with just the results (#desk-results), still only for its own lounges', async () => {
    const { client, url, lounge } = await staffDesk();
    await member({ name: '王海燕', phone: '13912340001' });
    const typing = { ...HTMX, 'HX-Target': 'section#desk-results' };
    const res = await client.get(`${url}?q=0001`, { headers: typing });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<section id="desk-results"')).toBe(true);
    expect(html).not.toContain('id="desk-main"');
    expect(html).not.toContain('id="occupancy"');
    expect(foundNames(html)).toEqual(['王海燕']);
    expect(await (await client.get(`${url}?q=0002`, { headers: typing })).text()).toContain('没有找到会员。');
    // an emptied box empties the results
    expect(await (await client.get(`${url}?q=`, { headers: typing })).text()).toBe('<section id="desk-results" aria-label="查找结果" aria-live="polite"></section>');
    // another lounge's desk is refused here too
    const other = await createLounge(ctx, { code: 'SYX-T1' });
    expect((await client.get(`/desk/lounges/${other.id}?q=0001`, { headers: typing })).status).toBe(403);
    expect(lounge.id).not.toBe(other.id);
  });
});

describe('checking in', () => {
  it('uses the reserved visit, records the companions who came, tells the member, and redirects with the message (no JS)', async () => {
    const { staff, lounge, client, url } = await staffDesk();
    const wang = await member({ name: '王芳', phone: '13912340001', tierCode: 'diamond' });
    const booking = await book(wang, lounge.id, at(11), 2);
    const afterBooking = await balanceOf(wang.user.id);
    expect(afterBooking).toEqual({ allowance: 12, reserved: 1, used: 0, remaining: 11 });

    const res = await client.post(`${url}/bookings/${booking.id}/checkin`, { q: '0001', companions: '1' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${url}?q=0001`);
    const row = await bookingRow(booking.id);
    expect(row).toMatchObject({ status: 'checked_in', companions: 2, companionsArrived: 1, checkedInAt: ctx.clock.now(), checkedInBy: staff.id });
    const lines = await ledgerOf(wang.user.id);
    expect(lines.map((l) => l.type)).toEqual(['grant', 'reserve', 'use']);
    expect(lines[2]).toMatchObject({ reservedDelta: -1, usedDelta: 1, allowanceDelta: 0, bookingId: booking.id, actorId: staff.id });
    expect(await balanceOf(wang.user.id)).toEqual({ allowance: 12, reserved: 0, used: 1, remaining: afterBooking.remaining });
    const notes = await noticesOf(wang.user.id, 'lounge.checkedIn');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.params).toMatchObject({ loungeZh: lounge.nameZh, remaining: 11 });

    const page = await (await client.get(res.headers.get('location')!)).text();
    expect(message(page)).toEqual(['success', '王芳 已入厅（2 人），本年剩余 11 次。']);
    expect(occupancyText(page)).toBe('厅内 2 / 20 人');
    expect(inside(page)).toEqual(['王芳 · 2 人 · 10:00 入厅']);
    expect(arrivals(page)).toEqual([]);
    // the message is shown once
    expect(message(await (await client.get(url)).text())).toBeUndefined();
  });

  it('answers htmx with the fragment and the message; occupancy rises by the member and all booked companions by default', async () => {
    const { lounge, client, url } = await staffDesk();
    const wang = await member({ name: '王芳', tierCode: 'diamond' });
    const booking = await book(wang, lounge.id, at(11), 2);
    const res = await client.post(`${url}/bookings/${booking.id}/checkin`, { q: '' }, { headers: HTMX });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<div id="desk-main">')).toBe(true);
    expect(html).not.toContain('<html');
    expect(message(html)).toEqual(['success', '王芳 已入厅（3 人），本年剩余 11 次。']);
    expect(occupancyText(html)).toBe('厅内 3 / 20 人');
    expect((await bookingRow(booking.id)).companionsArrived).toBe(2);
  });

  it('a second check-in at another desk changes nothing and says who checked them in first', async () => {
    const { lounge, client, url } = await staffDesk();
    const colleague = await createUser(ctx, { role: 'lounge_staff', name: '吴同事' });
    const sibling = await ctx.sibling();
    const other = new TestClient(sibling);
    await other.signIn(colleague.phone);
    await ctx.deps.db.insert(loungeStaff).values({ loungeId: lounge.id, userId: colleague.id });
    const wang = await member({ name: '王芳' });
    const booking = await book(wang, lounge.id, at(11), 1);
    expect((await client.post(`${url}/bookings/${booking.id}/checkin`, { companions: '1' })).status).toBe(303);
    ctx.clock.advance(5 * 60_000);

    const res = await other.post(`${url}/bookings/${booking.id}/checkin`, { companions: '0' }, { headers: HTMX });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(message(html)).toEqual(['info', '王芳 已由 周服务 于 10:00 办理入厅，无需重复。']);
    expect(occupancyText(html)).toBe('厅内 2 / 20 人');
    expect(await bookingRow(booking.id)).toMatchObject({ companionsArrived: 1, checkedInAt: at(10) });
    expect((await ledgerOf(wang.user.id)).map((l) => l.type)).toEqual(['grant', 'reserve', 'use']);
    expect(await noticesOf(wang.user.id, 'lounge.checkedIn')).toHaveLength(1);
  });

  it('refuses more companions than booked, changing nothing', async () => {
    const { lounge, client, url } = await staffDesk();
    const wang = await member({ name: '王芳' });
    const booking = await book(wang, lounge.id, at(11), 1);
    const res = await client.post(`${url}/bookings/${booking.id}/checkin`, { companions: '2' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<html');
    expect(message(html)).toEqual(['error', '同行人数超过了预约或等级的上限。']);
    expect(occupancyText(html)).toBe('厅内 0 / 20 人');
    expect((await bookingRow(booking.id)).status).toBe('booked');
    expect((await ledgerOf(wang.user.id)).map((l) => l.type)).toEqual(['grant', 'reserve']);
    expect(await noticesOf(wang.user.id, 'lounge.checkedIn')).toHaveLength(0);
  });

  it('checks in only from 3 hours before the slot until 30 minutes after it ends: another day’s booking is refused', async () => {
    const { lounge, client, url } = await staffDesk();
    const wang = await member({ name: '王芳' });
    const li = await member({ name: '李雷' });
    const tomorrows = await book(wang, lounge.id, at(11, 1));
    const afternoon = await book(wang, lounge.id, at(14));
    const wangMorning = await book(wang, lounge.id, at(11));
    const liMorning = await book(li, lounge.id, at(11));
    const checkIn = (id: number) => client.post(`${url}/bookings/${id}/checkin`, {}, { headers: HTMX });
    const refusal = async (id: number) => {
      const res = await checkIn(id);
      return [res.status, message(await res.text())?.[1]];
    };
    const tooEarly = '还没到入厅时间：预约时段开始前 3 小时起可以入厅。';
    expect(await refusal(tomorrows.id)).toEqual([422, tooEarly]);
    ctx.clock.set(at(11) - 60_000);
    expect(await refusal(afternoon.id)).toEqual([422, tooEarly]);
    ctx.clock.set(at(11));
    expect((await checkIn(afternoon.id)).status).toBe(200);
    ctx.clock.set(at(12) + 29 * 60_000);
    expect((await checkIn(liMorning.id)).status).toBe(200);
    ctx.clock.set(at(12) + 30 * 60_000);
    expect(await refusal(wangMorning.id)).toEqual([422, '这个预约的时段已经结束。']);

    expect((await bookingRow(tomorrows.id)).status).toBe('booked');
    expect((await bookingRow(wangMorning.id)).status).toBe('booked');
    expect((await bookingRow(afternoon.id)).status).toBe('checked_in');
    expect((await bookingRow(liMorning.id)).status).toBe('checked_in');
    expect((await ledgerOf(wang.user.id)).filter((l) => l.type === 'use').map((l) => l.bookingId)).toEqual([afternoon.id]);
  });
});

describe('checking out', () => {
  it('frees the places in the room, and a second check-out changes nothing', async () => {
    const { staff, lounge, client, url } = await staffDesk();
    const wang = await member({ name: '王芳' });
    const booking = await book(wang, lounge.id, at(11), 1);
    expect((await client.post(`${url}/bookings/${booking.id}/checkout`, {})).status).toBe(404);
    await client.post(`${url}/bookings/${booking.id}/checkin`, {});
    expect(occupancyText(await (await client.get(url)).text())).toBe('厅内 2 / 20 人');
    ctx.clock.advance(90 * 60_000);

    const res = await client.post(`${url}/bookings/${booking.id}/checkout`, { q: '' }, { headers: HTMX });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(message(html)).toEqual(['success', '王芳 已离厅。']);
    expect(occupancyText(html)).toBe('厅内 0 / 20 人');
    expect(await bookingRow(booking.id)).toMatchObject({ status: 'checked_out', checkedOutAt: at(11) + 30 * 60_000, checkedOutBy: staff.id });

    ctx.clock.advance(10 * 60_000);
    const again = await client.post(`${url}/bookings/${booking.id}/checkout`, {});
    expect(again.status).toBe(303);
    expect(await bookingRow(booking.id)).toMatchObject({ status: 'checked_out', checkedOutAt: at(11) + 30 * 60_000 });
    expect(occupancyText(await (await client.get(url)).text())).toBe('厅内 0 / 20 人');
    // the visit stays used
    expect(await balanceOf(wang.user.id)).toEqual({ allowance: 4, reserved: 0, used: 1, remaining: 3 });
  });
});
