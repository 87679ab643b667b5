import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { events, loungeBookings, ratings, users } from '../../../db/schema';
import { loungeHeatMap } from '../../../src/admin/report-lounges';
import { satisfactionByMonth } from '../../../src/admin/report-satisfaction';
import { defaultReportFilters } from '../../../src/admin/report-filters';
import { monthKey, zonedParts } from '../../../src/lib/time';
import { TestClient } from '../../helpers/client';
import { createTestContext, type TestContext } from '../../helpers/context';
import { csvRows, seedProgramme, tableRows, type Programme } from './reports-fixtures';

let ctx: TestContext;
let w: Programme;
let client: TestClient;
beforeEach(async () => {
  ctx = await createTestContext();
  w = await seedProgramme(ctx);
  client = new TestClient(ctx);
  await client.signIn(w.admin.phone);
});
afterEach(() => ctx.close());

const ZONE = 'Asia/Shanghai';
const inPeriod = (ms: number, from = '2025-12', to = '2026-11') => monthKey(ms, ZONE) >= from && monthKey(ms, ZONE) <= to;

/** Visits by local weekday (0 = Monday) and hour, worked out row by row in JavaScript. */
async function directCells(filter: { loungeId?: number; tier?: string } = {}) {
  const tierOf = new Map((await ctx.deps.db.select().from(users)).map((u) => [u.id, u.tierCode]));
  const cells = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const b of await ctx.deps.db.select().from(loungeBookings)) {
    if (!['checked_in', 'checked_out'].includes(b.status) || !inPeriod(b.slotStart)) continue;
    if (filter.loungeId !== undefined && b.loungeId !== filter.loungeId) continue;
    if (filter.tier !== undefined && tierOf.get(b.userId) !== filter.tier) continue;
    const p = zonedParts(b.checkedInAt!, ZONE);
    cells[p.weekday - 1]![p.hour]! += 1;
  }
  return cells;
}

describe('lounge occupancy report', () => {
  it('puts each visit in its local weekday and hour, as the rows say', async () => {
    const res = await client.get('/admin/reports/lounges?lang=en');
    expect(res.status).toBe(200);
    const html = await res.text();
    const cells = await directCells();
    const rows = tableRows(html, 'table-heat');
    expect(rows[0]).toEqual(['Weekday', ...Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')), 'Total']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    rows.slice(1).forEach((r, d) => expect(r.slice(1, 25), r[0]).toEqual(cells[d]!.map(String)));
    // by hand: Monday 00:40 (Sunday in UTC), 07:40 and 08:05; Tuesday 14:10; today (Thursday) 09:30; Sunday 23:30
    expect(rows[1]!.slice(1, 10)).toEqual(['1', '0', '0', '0', '0', '0', '0', '1', '1']);
    expect(rows[1]![25]).toBe('3');
    expect(rows[2]![15]).toBe('1');
    expect(rows[4]![10]).toBe('1');
    expect(rows[7]![24]).toBe('1');
    expect(html).toContain('<title>Sun 23:00: 1 visit</title>');
    expect(html).toContain('aria-labelledby="chart-lounge-heat-title chart-lounge-heat-desc"');

    const lounges = tableRows(html, 'table-lounges');
    expect(lounges.slice(1)).toEqual([
      [w.hak.nameEn, '4', '7', '1', '1'],
      [w.syx.nameEn, '2', '2', '0', '0'],
    ]);
  });

  it('exports the heat map as CSV with the same numbers, in either language', async () => {
    const en = csvRows(await (await client.get('/admin/reports/lounges.csv?lang=en')).text());
    const cells = await directCells();
    expect(en[0]).toEqual(['Weekday', ...Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`), 'Total']);
    en.slice(1, 8).forEach((r, d) => expect(r.slice(1, 25)).toEqual(cells[d]!.map(String)));
    expect(en[8]![0]).toBe('Total');
    expect(en[8]![25]).toBe('6');
    const zh = await client.get('/admin/reports/lounges.csv?lang=zh');
    expect(zh.headers.get('content-disposition')).toBe('attachment; filename="lounge-visits-by-hour-2025-12-2026-11.csv"');
    const zhRows = csvRows(await zh.text());
    expect(zhRows[0]![0]).toBe('星期');
    expect(zhRows[1]![0]).toBe('周一');
    expect(zhRows[8]![0]).toBe('合计');
  });

  it('narrows to one lounge and a tier; an empty period says so', async () => {
    for (const [q, f] of [
      [`lounge=${w.syx.id}`, { loungeId: w.syx.id }],
      ['tier=gold', { tier: 'gold' }],
      [`lounge=${w.hak.id}&tier=silver`, { loungeId: w.hak.id, tier: 'silver' }],
    ] as const) {
      const csv = csvRows(await (await client.get(`/admin/reports/lounges.csv?lang=en&${q}`)).text());
      const cells = await directCells(f);
      csv.slice(1, 8).forEach((r, d) => expect(r.slice(1, 25), q).toEqual(cells[d]!.map(String)));
    }
    const empty = await (await client.get('/admin/reports/lounges?lang=en&from=2024-01&to=2024-06')).text();
    expect(empty).toContain('No visits in this period.');
    expect((await client.get('/admin/reports/lounges?lounge=999999')).status).toBe(422);
  });
});

describe('satisfaction report', () => {
  /** Ratings read row by row: counts and sums by month (event start / slot start), club, event, lounge. */
  async function direct() {
    const evs = new Map((await ctx.deps.db.select().from(events)).map((e) => [e.id, e]));
    const visits = new Map((await ctx.deps.db.select().from(loungeBookings)).map((b) => [b.id, b]));
    const agg = new Map<string, { n: number; sum: number }>();
    const add = (k: string, score: number) => {
      const a = agg.get(k) ?? { n: 0, sum: 0 };
      agg.set(k, { n: a.n + 1, sum: a.sum + score });
    };
    for (const r of await ctx.deps.db.select().from(ratings)) {
      const at = r.eventId !== null ? evs.get(r.eventId)!.startsAt : visits.get(r.bookingId!)!.slotStart;
      if (!inPeriod(at)) continue;
      const m = monthKey(at, ZONE);
      add(`all:${m}`, r.score);
      add('all', r.score);
      if (r.eventId !== null) {
        add(`events:${m}`, r.score);
        add('events', r.score);
        add(`club:${r.clubId ?? 'none'}`, r.score);
        add(`event:${r.eventId}`, r.score);
      } else {
        add(`lounges:${m}`, r.score);
        add('lounges', r.score);
        add(`lounge:${r.loungeId}`, r.score);
      }
    }
    const cell = (k: string) => {
      const a = agg.get(k);
      return a ? [String(a.n), (Math.round((a.sum / a.n) * 10) / 10).toFixed(1)] : ['0', '—'];
    };
    return { cell };
  }

  it('shows averages and counts by month, club, event and lounge as the rows say', async () => {
    const res = await client.get('/admin/reports/satisfaction?lang=en');
    expect(res.status).toBe(200);
    const html = await res.text();
    const d = await direct();
    const months = tableRows(html, 'table-sat-months');
    const body = months.slice(2, 14);
    const keys = ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];
    keys.forEach((m, i) => expect(body[i]!.slice(1), m).toEqual([...d.cell(`events:${m}`), ...d.cell(`lounges:${m}`), ...d.cell(`all:${m}`)]));
    expect(months[14]!.slice(1)).toEqual([...d.cell('events'), ...d.cell('lounges'), ...d.cell('all')]);
    // by hand: June 5 and 4 at lounges; August 5, 3 and 4 at events; September 2 (event) and 1 (lounge); last year's 1 left out
    expect(body[6]).toEqual(['Jun 2026', '0', '—', '2', '4.5', '2', '4.5']);
    expect(body[8]).toEqual(['Aug 2026', '3', '4.0', '0', '—', '3', '4.0']);
    expect(body[9]).toEqual(['Sep 2026', '1', '2.0', '1', '1.0', '2', '1.5']);
    expect(months[14]).toEqual(['Total', '4', '3.5', '3', '3.3', '7', '3.4']);

    expect(tableRows(html, 'table-sat-clubs').slice(1)).toEqual([
      [w.golf.nameEn, ...d.cell(`club:${w.golf.id}`)],
      [w.music.nameEn, ...d.cell(`club:${w.music.id}`)],
      ['Programme events (no club)', ...d.cell('club:none')],
    ]);
    const eventsTable = tableRows(html, 'table-sat-events').slice(1);
    expect(eventsTable.map((r) => r.slice(1))).toEqual([d.cell(`event:${w.events.e1.id}`), d.cell(`event:${w.events.e2.id}`), d.cell(`event:${w.events.e3.id}`)]);
    expect(tableRows(html, 'table-sat-lounges').slice(1)).toEqual([
      [w.hak.nameEn, '2', '3.0'],
      [w.syx.nameEn, '1', '4.0'],
    ]);
    expect(html).toContain(`href="/admin/satisfaction/clubs/${w.golf.id}"`);
    expect(html).toContain('href="/admin/satisfaction"');
  });

  it('exports the same numbers as CSV in both languages', async () => {
    const rows = csvRows(await (await client.get('/admin/reports/satisfaction.csv?lang=en')).text());
    expect(rows[0]).toEqual(['Breakdown', 'Group', 'Event ratings', 'Event average', 'Lounge ratings', 'Lounge average', 'Ratings', 'Average']);
    const d = await direct();
    const csvCell = (k: string) => d.cell(k).map((v) => (v === '—' ? '' : v));
    for (const r of rows.filter((x) => x[0] === 'Month')) expect(r.slice(2), r[1]).toEqual([...csvCell(`events:${r[1]}`), ...csvCell(`lounges:${r[1]}`), ...csvCell(`all:${r[1]}`)]);
    expect(rows.find((r) => r[0] === 'Lounge' && r[1] === w.hak.nameEn)).toEqual(['Lounge', w.hak.nameEn, '', '', '2', '3.0', '2', '3.0']);
    expect(rows[rows.length - 1]).toEqual(['Total', '', '4', '3.5', '3', '3.3', '7', '3.4']);
    const zh = csvRows(await (await client.get('/admin/reports/satisfaction.csv?lang=zh')).text());
    expect(zh[0]).toEqual(['分组方式', '分组', '活动评分数', '活动平均分', '贵宾厅评分数', '贵宾厅平均分', '评分数', '平均分']);
    expect(zh[zh.length - 1]![0]).toBe('合计');
  });

  it('with a club chosen, shows that club’s events only; with no ratings, says so', async () => {
    const html = await (await client.get(`/admin/reports/satisfaction?lang=en&club=${w.golf.id}`)).text();
    expect(tableRows(html, 'table-sat-months').pop()).toEqual(['Total', '2', '4.0', '2', '4.0']);
    expect(html).not.toContain('id="table-sat-lounges"');
    const tier = await (await client.get('/admin/reports/satisfaction?lang=en&tier=silver')).text();
    expect(tableRows(tier, 'table-sat-months').pop()).toEqual(['Total', '0', '—', '1', '1.0', '1', '1.0']);
    const empty = await (await client.get('/admin/reports/satisfaction?lang=en&from=2024-01&to=2024-12')).text();
    expect(empty).toContain('No ratings in this period.');
  });

  it('is refused to anyone but an admin at the service too', async () => {
    const filters = defaultReportFilters(ctx.clock.now(), ZONE);
    for (const role of ['member', 'coordinator', 'lounge_staff'] as const) {
      expect(await loungeHeatMap(ctx.deps, { id: w.gold.id, role }, filters)).toEqual({ ok: false, error: 'forbidden' });
      expect(await satisfactionByMonth(ctx.deps, { id: w.gold.id, role }, filters)).toEqual({ ok: false, error: 'forbidden' });
    }
  });
});
