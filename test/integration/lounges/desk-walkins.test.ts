import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { entitlementLedger, loungeBookings, notifications } from '../../../db/schema';
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
/** `hour`:`minute` local on today (the fixed clock: 2026-11-26 10:00) plus `days`. */
const at = (hour: number, days = 0, minute = 0) => atMinuteOfDay(addZonedDays(startOfZonedDay(ctx.clock.now(), ZONE), days, ZONE), hour * 60 + minute, ZONE);

async function staffDesk(o: { capacity?: number } = {}) {
  const staff = await createUser(ctx, { role: 'lounge_staff', name: '周服务' });
  const lounge = await createLounge(ctx, { staffIds: [staff.id], ...(o.capacity ? { capacity: o.capacity } : {}) });
  const client = new TestClient(ctx);
  await client.signIn(staff.phone);
  return { staff, lounge, client, url: `/desk/lounges/${lounge.id}` };
}

async function member(o: { name?: string; tierCode?: string } = {}) {
  const user = await createUser(ctx, { name: o.name ?? '王芳', tierCode: o.tierCode ?? 'gold' });
  const client = new TestClient(ctx);
  await client.signIn(user.phone);
  return { user, client };
}

async function book(m: { client: TestClient }, loungeId: number, slotStart: number, companions = 0) {
  const res = await m.client.post(`/lounges/${loungeId}/bookings`, { slot: String(slotStart), companions: String(companions) });
  expect(res.status).toBe(303);
  const code = res.headers.get('location')!.split('/').pop()!;
  return (await ctx.deps.db.select().from(loungeBookings).where(eq(loungeBookings.code, code)))[0]!;
}

const bookingsOf = (userId: number) => ctx.deps.db.select().from(loungeBookings).where(eq(loungeBookings.userId, userId)).orderBy(asc(loungeBookings.id));
const ledgerOf = (userId: number) => ctx.deps.db.select().from(entitlementLedger).where(eq(entitlementLedger.userId, userId)).orderBy(asc(entitlementLedger.id));
const noticesOf = (userId: number, kind: string) => ctx.deps.db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));
const occupancyText = (html: string) => html.match(/<p class="occupancy-number">([^<]*)<\/p>/)?.[1];
const message = (html: string) => html.match(/<p class="flash flash-(\w+)" role="\w+">([^<]*)<\/p>/)?.slice(1, 3);

describe('walk-ins', () => {
  it('checks in a member with visits left and room: a walk-in booking and a used visit', async () => {
    const { staff, lounge, client, url } = await staffDesk();
    const wang = await member({ name: '王芳' });
    const res = await client.post(`${url}/walkins`, { q: '王芳', userId: String(wang.user.id), companions: '1' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${url}?q=${encodeURIComponent('王芳')}`);
    const [b] = await bookingsOf(wang.user.id);
    expect(b).toMatchObject({ loungeId: lounge.id, walkIn: true, status: 'checked_in', slotStart: at(10), slotEnd: at(11), year: 2026, companions: 1, companionsArrived: 1, checkedInAt: at(10), checkedInBy: staff.id });
    const lines = await ledgerOf(wang.user.id);
    expect(lines.map((l) => [l.type, l.allowanceDelta, l.reservedDelta, l.usedDelta])).toEqual([
      ['grant', 4, 0, 0],
      ['use', 0, 0, 1],
    ]);
    expect(lines[1]).toMatchObject({ bookingId: b!.id, actorId: staff.id });
    expect(await noticesOf(wang.user.id, 'lounge.checkedIn')).toHaveLength(1);

    const page = await (await client.get(res.headers.get('location')!)).text();
    expect(message(page)).toEqual(['success', '王芳 现场入厅（2 人），本年剩余 3 次。']);
    expect(occupancyText(page)).toBe('厅内 2 / 20 人');
    expect(page).toContain('<small class="badge badge-muted">现场</small>');
    // inside now: no second walk-in offered for them
    expect(page).not.toContain(`<input type="hidden" name="userId" value="${wang.user.id}"/>`);
  });

  it('refuses a walk-in for a member who already has a live booking for the current slot', async () => {
    const { lounge, client, url } = await staffDesk();
    const wang = await member({ name: '王芳' });
    ctx.clock.set(at(9));
    const booking = await book(wang, lounge.id, at(10));
    ctx.clock.set(at(10, 0, 5));
    const res = await client.post(`${url}/walkins`, { userId: String(wang.user.id) }, { headers: HTMX });
    expect(res.status).toBe(409);
    expect(message(await res.text())).toEqual(['error', '该会员在当前时段已有预约，请直接办理入厅。']);
    expect((await bookingsOf(wang.user.id)).map((b) => [b.id, b.status])).toEqual([[booking.id, 'booked']]);
    expect((await ledgerOf(wang.user.id)).map((l) => l.type)).toEqual(['grant', 'reserve']);
  });

  it('refuses a member with no visits left', async () => {
    const { lounge, client, url } = await staffDesk();
    const silver = await member({ name: '王芳', tierCode: 'silver' });
    await book(silver, lounge.id, at(11, 1));
    await book(silver, lounge.id, at(12, 1));
    const res = await client.post(`${url}/walkins`, { userId: String(silver.user.id) });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(message(html)).toEqual(['error', '该会员本年度的贵宾厅次数已用完。']);
    expect(html).toContain('次数已用完');
    expect(await bookingsOf(silver.user.id)).toHaveLength(2);
    expect((await ledgerOf(silver.user.id)).map((l) => l.type)).toEqual(['grant', 'reserve', 'reserve']);
  });

  it('refuses a walk-in when the lounge is full', async () => {
    const { client, url } = await staffDesk({ capacity: 2 });
    const wang = await member({ name: '王芳' });
    const li = await member({ name: '李雷' });
    expect((await client.post(`${url}/walkins`, { userId: String(wang.user.id), companions: '1' })).status).toBe(303);
    const res = await client.post(`${url}/walkins`, { userId: String(li.user.id) }, { headers: HTMX });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(message(html)).toEqual(['error', '贵宾厅已满，暂时无法入厅。']);
    expect(occupancyText(html)).toBe('厅内 2 / 2 人');
    expect(await bookingsOf(li.user.id)).toHaveLength(0);
    expect(await ledgerOf(li.user.id)).toHaveLength(0);
  });

  it('refuses when the lounge is closed, companions above the tier, and someone who is not a member', async () => {
    const { staff, client, url } = await staffDesk();
    const silver = await member({ name: '王芳', tierCode: 'silver' });
    const gold = await member({ name: '李雷', tierCode: 'gold' });
    const refusal = async (form: Record<string, string>) => {
      const res = await client.post(`${url}/walkins`, form, { headers: HTMX });
      return [res.status, message(await res.text())?.[1]];
    };
    expect(await refusal({ userId: String(silver.user.id), companions: '1' })).toEqual([422, '同行人数超过了预约或等级的上限。']);
    expect(await refusal({ userId: String(gold.user.id), companions: '2' })).toEqual([422, '同行人数超过了预约或等级的上限。']);
    expect(await refusal({ userId: String(staff.id) })).toEqual([422, '只能为全球通VIP会员办理。']);
    ctx.clock.set(at(3));
    expect(await refusal({ userId: String(gold.user.id) })).toEqual([422, '贵宾厅当前不在开放时间。']);
    ctx.clock.set(at(23));
    expect(await refusal({ userId: String(gold.user.id) })).toEqual([422, '贵宾厅当前不在开放时间。']);
    expect(await bookingsOf(silver.user.id)).toHaveLength(0);
    expect(await bookingsOf(gold.user.id)).toHaveLength(0);
    expect(await ledgerOf(gold.user.id)).toHaveLength(0);
    // at 22:59 it is open (the last slot, 22:00–23:00)
    ctx.clock.set(at(22, 0, 59));
    expect((await client.post(`${url}/walkins`, { userId: String(gold.user.id) })).status).toBe(303);
    expect((await bookingsOf(gold.user.id)).map((b) => [b.slotStart, b.walkIn])).toEqual([[at(22), true]]);
  });
});

describe('capacity and occupancy', () => {
  it('never lets the room go over capacity: a booked party of 2 is refused with 2 of 3 inside, alone it fits', async () => {
    const { lounge, client, url } = await staffDesk({ capacity: 3 });
    const booked = await member({ name: '王芳' });
    const booking = await book(booked, lounge.id, at(11), 1);
    for (const name of ['李雷', '陈静']) {
      const m = await member({ name });
      expect((await client.post(`${url}/walkins`, { userId: String(m.user.id) })).status).toBe(303);
    }
    const full = await client.post(`${url}/bookings/${booking.id}/checkin`, { companions: '1' }, { headers: HTMX });
    expect(full.status).toBe(409);
    const html = await full.text();
    expect(message(html)).toEqual(['error', '贵宾厅已满，暂时无法入厅。']);
    expect(occupancyText(html)).toBe('厅内 2 / 3 人');
    expect((await ledgerOf(booked.user.id)).map((l) => l.type)).toEqual(['grant', 'reserve']);

    const alone = await client.post(`${url}/bookings/${booking.id}/checkin`, { companions: '0' }, { headers: HTMX });
    expect(alone.status).toBe(200);
    expect(occupancyText(await alone.text())).toBe('厅内 3 / 3 人');
    const another = await member({ name: '赵敏' });
    expect((await client.post(`${url}/walkins`, { userId: String(another.user.id) })).status).toBe(409);
    expect(occupancyText(await (await client.get(url)).text())).toBe('厅内 3 / 3 人');
  });

  it('serves the live count uncached, with the alert at 90 % and when full', async () => {
    const { lounge, client, url } = await staffDesk({ capacity: 10 });
    const fragment = async () => {
      const res = await client.get(`${url}/occupancy`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      return res.text();
    };
    const empty = await fragment();
    expect(empty).toBe(
      `<section id="occupancy" class="occupancy" data-hx-get="/desk/lounges/${lounge.id}/occupancy" data-hx-trigger="every 3s" data-hx-swap="outerHTML" aria-live="polite"><p class="occupancy-number">厅内 0 / 10 人</p><progress value="0" max="10" aria-label="当前入座率"></progress></section>`,
    );
    const walkIn = async (name: string, companions: number) => {
      const m = await member({ name, tierCode: 'diamond' });
      expect((await client.post(`${url}/walkins`, { userId: String(m.user.id), companions: String(companions) })).status).toBe(303);
    };
    await walkIn('甲', 2);
    await walkIn('乙', 2);
    await walkIn('丙', 1);
    const eight = await fragment();
    expect(occupancyText(eight)).toBe('厅内 8 / 10 人');
    expect(eight).not.toContain('role="alert"');
    await walkIn('丁', 0);
    const nine = await fragment();
    expect(occupancyText(nine)).toBe('厅内 9 / 10 人');
    expect(nine).toContain('class="occupancy occupancy-near"');
    expect(nine).toContain('<p class="occupancy-alert" role="alert">接近满座，请注意控制现场入厅。</p>');
    await walkIn('戊', 0);
    const ten = await fragment();
    expect(occupancyText(ten)).toBe('厅内 10 / 10 人');
    expect(ten).toContain('class="occupancy occupancy-full"');
    expect(ten).toContain('<p class="occupancy-alert" role="alert">已满座，暂停入厅。</p>');
  });
});

describe('the member’s statement after a visit', () => {
  it('shows the use line and the remaining balance', async () => {
    const { lounge, client, url } = await staffDesk();
    const wang = await member({ name: '王芳' });
    const booking = await book(wang, lounge.id, at(11), 1);
    ctx.clock.set(at(10, 0, 45));
    expect((await client.post(`${url}/bookings/${booking.id}/checkin`, {})).status).toBe(303);

    const res = await wang.client.get('/me/statement');
    expect(res.status).toBe(200);
    const html = await res.text();
    const stats = [...html.matchAll(/<p class="stat-value">(\d+)<\/p><p class="stat-label">([^<]*)<\/p>/g)].map((m) => `${m[2]} ${m[1]}`);
    expect(stats).toEqual(['年度次数 4', '已预约 0', '已使用 1', '剩余 3']);
    const rows = [...html.matchAll(/<tr><td data-label="时间">([^<]*)<\/td><td data-label="明细">([^<]*?)(?: <a [^>]*><small>[A-Z0-9]{4}-[A-Z0-9]{4}<\/small><\/a>)?<\/td><td class="num" data-label="变动">([^<]*)<\/td><td class="num" data-label="剩余">(\d+)<\/td><\/tr>/g)].map((m) => m.slice(1, 5));
    expect(rows).toEqual([
      ['2026年11月26日周四 10:00', '2026 年度权益：金卡 4 次', '+4', '4'],
      ['2026年11月26日周四 10:00', `预约 ${lounge.nameZh}（2026年11月26日周四 11:00）`, '-1', '3'],
      ['2026年11月26日周四 10:45', `入厅 ${lounge.nameZh}`, '±0', '3'],
    ]);
    expect(html).toContain(`<a href="/lounges/passes/${booking.code}"><small>${booking.code.slice(0, 4)}-${booking.code.slice(4)}</small></a>`);
  });
});
