import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { loungeBookings } from '../../../db/schema';
import type { Actor } from '../../../src/auth/policy';
import { formatCode } from '../../../src/lib/codes';
import { addZonedDays, atMinuteOfDay, createTimeFormat, zonedToInstant } from '../../../src/lib/time';
import { occupancyReport } from '../../../src/lounges/admin';
import { cancelBooking, createBooking } from '../../../src/lounges/booking';
import { checkInBooking, checkOut } from '../../../src/lounges/desk';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createLounge, createUser } from '../../helpers/factories';

const ZONE = 'Asia/Shanghai';
/** The day of the visits: Friday 2026-11-27 (the fixed clock starts the day before, at 10:00). */
const DAY = zonedToInstant({ year: 2026, month: 11, day: 27 }, ZONE);
const at = (hh: number, mm = 0, day = DAY) => atMinuteOfDay(day, hh * 60 + mm, ZONE);
const zh = createTimeFormat('zh', ZONE);

let ctx: TestContext;
let admin: TestClient;
let adminActor: Actor;
beforeEach(async () => {
  ctx = await createTestContext();
  const user = await createUser(ctx, { role: 'admin' });
  adminActor = { id: user.id, role: 'admin' };
  admin = new TestClient(ctx);
  await admin.signIn(user.phone);
});
afterEach(() => ctx.close());

async function book(loungeId: number, name: string, slotStart: number, companions: number) {
  const user = await createUser(ctx, { name, tierCode: 'gold' });
  const result = await createBooking(ctx.deps, { id: user.id, role: 'member' }, { loungeId, slotStart, companions, flightNo: null });
  if (!result.ok) throw new Error(`booking for ${name} refused: ${result.error}`);
  return { user, booking: result.value.booking };
}

/**
 * A day at a 20-seat lounge: A (with 1 companion) checks in at 09:10, B at 09:40, A leaves at 10:20, B is still
 * inside at 11:30 (now). '=HYPERLINK(1)' booked 14:00 and has not come yet; E was a no-show at 07:00; F cancelled.
 */
async function busyDay() {
  const staff = await createUser(ctx, { role: 'lounge_staff', name: '值守' });
  const lounge = await createLounge(ctx, { capacity: 20, staffIds: [staff.id] });
  const desk: Actor = { id: staff.id, role: 'lounge_staff' };
  const a = await book(lounge.id, '林晓', at(9), 1);
  const b = await book(lounge.id, '陈东', at(9), 0);
  const c = await book(lounge.id, '=HYPERLINK(1)', at(14), 0);
  const e = await book(lounge.id, '赵六', at(7), 0);
  const f = await book(lounge.id, '王五', at(12), 0);
  const cancelled = await cancelBooking(ctx.deps, { id: f.user.id, role: 'member' }, f.booking.code);
  expect(cancelled.ok).toBe(true);
  await ctx.deps.db.update(loungeBookings).set({ status: 'no_show', noShowAt: at(7, 30) }).where(eq(loungeBookings.id, e.booking.id));

  ctx.clock.set(at(9, 10));
  expect((await checkInBooking(ctx.deps, desk, { loungeId: lounge.id, bookingId: a.booking.id })).ok).toBe(true);
  ctx.clock.set(at(9, 40));
  expect((await checkInBooking(ctx.deps, desk, { loungeId: lounge.id, bookingId: b.booking.id })).ok).toBe(true);
  ctx.clock.set(at(10, 20));
  expect((await checkOut(ctx.deps, desk, { loungeId: lounge.id, bookingId: a.booking.id })).ok).toBe(true);
  ctx.clock.set(at(11, 30));
  return { lounge, a, b, c, e };
}

const DAY_PEAKS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const ZEROS = Array.from({ length: 24 }, () => 0);

/** The rows of the report's data table: the day's label and the 24 hourly figures. */
function tableRows(html: string): Array<{ day: string; peaks: number[] }> {
  const body = html.slice(html.indexOf('<tbody>', html.indexOf('<details>')), html.indexOf('</tbody>', html.indexOf('<details>')));
  return [...body.matchAll(/<tr><th scope="row">([^<]*)<\/th>((?:<td class="num">\d+<\/td>)*)<\/tr>/g)].map((m) => ({
    day: m[1]!,
    peaks: [...m[2]!.matchAll(/<td class="num">(\d+)<\/td>/g)].map((n) => Number(n[1])),
  }));
}

/** A small CSV reader (quoted fields, CRLF records). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  if (cell !== '' || row.length) row.push(cell), rows.push(row);
  return rows;
}

async function csvOf(res: Response): Promise<{ bom: boolean; rows: string[][] }> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return { bom, rows: parseCsv(new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes)) };
}

describe('the occupancy report', () => {
  it('works out the most people inside each hour from check-ins and check-outs', async () => {
    const { lounge } = await busyDay();
    const report = await occupancyReport(ctx.deps, adminActor, lounge.id, DAY, 1);
    expect(report.ok).toBe(true);
    if (!report.ok) return;
    expect(report.value.from).toBe(DAY);
    expect(report.value.days).toEqual([DAY]);
    expect(report.value.byDayHour).toEqual([DAY_PEAKS]);
    expect(report.value.visits.map((v) => [v.name, v.status, v.people]).sort()).toEqual(
      [
        ['=HYPERLINK(1)', 'booked', 1],
        ['林晓', 'checked_out', 2],
        ['赵六', 'no_show', 1],
        ['陈东', 'checked_in', 1],
      ].sort(),
    );
  });

  it('shows the day as a chart with its data table and totals', async () => {
    const { lounge } = await busyDay();
    const res = await admin.get(`/admin/lounges/${lounge.id}/occupancy?day=2026-11-27`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<svg class="chart" viewBox="0 0 720 240" role="img" aria-label="每小时厅内最多人数柱状图，容量 20 人">');
    expect(html).toContain('<title>09:00：3 人</title>');
    expect(html).toContain('<title>11:00：1 人</title>');
    expect(tableRows(html)).toEqual([{ day: zh.date(DAY), peaks: DAY_PEAKS }]);
    // visits 2, people 3, peak 3 of 20, 1 no-show
    const stats = [...html.matchAll(/<p class="stat-value">([^<]*)<\/p>/g)].map((m) => m[1]);
    expect(stats).toEqual(['2', '3', '3 / 20', '1']);
    expect(html).toContain('<input id="f-day" type="date" name="day" value="2026-11-27" required=""/>');
    expect(html).toContain(`href="/admin/lounges/${lounge.id}/visits.csv?day=2026-11-27&amp;range=day"`);
  });

  it('shows a week as seven day rows', async () => {
    const { lounge } = await busyDay();
    const res = await admin.get(`/admin/lounges/${lounge.id}/occupancy?day=2026-11-27&range=week`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('role="img" aria-label="一周每小时客流热力图，容量 20 人"');
    const rows = tableRows(html);
    expect(rows.map((r) => r.day)).toEqual(Array.from({ length: 7 }, (_, i) => zh.date(addZonedDays(DAY, i, ZONE))));
    expect(rows.map((r) => r.peaks)).toEqual([DAY_PEAKS, ZEROS, ZEROS, ZEROS, ZEROS, ZEROS, ZEROS]);
  });

  it('shows a quiet day as zeros, and today when no day is asked', async () => {
    const { lounge } = await busyDay();
    const before = await (await admin.get(`/admin/lounges/${lounge.id}/occupancy?day=2026-11-26`)).text();
    expect(tableRows(before)).toEqual([{ day: zh.date(addZonedDays(DAY, -1, ZONE)), peaks: ZEROS }]);
    const today = await (await admin.get(`/admin/lounges/${lounge.id}/occupancy?day=not-a-day`)).text();
    expect(tableRows(today)).toEqual([{ day: zh.date(DAY), peaks: DAY_PEAKS }]);
    expect((await admin.get('/admin/lounges/999999/occupancy')).status).toBe(404);
  });
});

describe('the visits export', () => {
  it('is a CSV with a byte-order mark, a Chinese header and one line per visit, formulas neutralised', async () => {
    const { lounge, a, b, c, e } = await busyDay();
    const res = await admin.get(`/admin/lounges/${lounge.id}/visits.csv?day=2026-11-27`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="visits-${lounge.code}-2026-11-27-day.csv"`);
    const { bom, rows } = await csvOf(res);
    expect(bom).toBe(true);
    expect(rows[0]).toEqual(['预约时段', '姓名', '手机号', '等级', '凭证号', '人数', '状态', '现场到访', '入厅时间', '离厅时间']);
    const data = rows.slice(1);
    expect(data).toHaveLength(4);
    const byName = (name: string) => data.find((r) => r[1] === name);
    expect(byName('林晓')).toEqual([zh.dateTime(at(9)), '林晓', a.user.phone, '金卡', formatCode(a.booking.code), '2', '已离厅', '', zh.dateTime(at(9, 10)), zh.dateTime(at(10, 20))]);
    expect(byName('陈东')).toEqual([zh.dateTime(at(9)), '陈东', b.user.phone, '金卡', formatCode(b.booking.code), '1', '已入厅', '', zh.dateTime(at(9, 40)), '']);
    expect(byName('赵六')).toEqual([zh.dateTime(at(7)), '赵六', e.user.phone, '金卡', formatCode(e.booking.code), '1', '未到场', '', '', '']);
    expect(byName("'=HYPERLINK(1)")).toEqual([zh.dateTime(at(14)), "'=HYPERLINK(1)", c.user.phone, '金卡', formatCode(c.booking.code), '1', '已预约', '', '', '']);
    expect(byName('=HYPERLINK(1)')).toBeUndefined();
    expect(data.some((r) => r[1] === '王五')).toBe(false);
  });

  it('speaks English with lang=en, and covers a week with range=week', async () => {
    const { lounge } = await busyDay();
    const en = await csvOf(await admin.get(`/admin/lounges/${lounge.id}/visits.csv?day=2026-11-27&lang=en`));
    expect(en.bom).toBe(true);
    expect(en.rows[0]).toEqual(['Slot', 'Name', 'Mobile', 'Tier', 'Pass code', 'People', 'Status', 'Walk-in', 'Checked in', 'Checked out']);
    expect(en.rows.find((r) => r[1] === '林晓')?.slice(3, 7)).toEqual(['Gold', expect.any(String), '2', 'Checked out']);
    const week = await admin.get(`/admin/lounges/${lounge.id}/visits.csv?day=2026-11-25&range=week`);
    expect(week.headers.get('content-disposition')).toBe(`attachment; filename="visits-${lounge.code}-2026-11-25-week.csv"`);
    expect((await csvOf(week)).rows).toHaveLength(5);
    const dayBefore = await csvOf(await admin.get(`/admin/lounges/${lounge.id}/visits.csv?day=2026-11-26`));
    expect(dayBefore.rows).toHaveLength(1);
  });
});
