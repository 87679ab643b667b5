import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { events, registrations, users } from '../../../db/schema';
import { attendanceByMonth } from '../../../src/admin/reports';
import { defaultReportFilters } from '../../../src/admin/report-filters';
import { monthKey } from '../../../src/lib/time';
import { TestClient } from '../../helpers/client';
import { createTestContext, type TestContext } from '../../helpers/context';
import { csvRows, seedProgramme, tableRows, type Programme } from './reports-fixtures';

let ctx: TestContext;
let w: Programme;
beforeEach(async () => {
  ctx = await createTestContext();
  w = await seedProgramme(ctx);
});
afterEach(() => ctx.close());

const ZONE = 'Asia/Shanghai';

/**
 * The same figures worked out the plain way: every row read, months taken in JavaScript (luxon), no SQL grouping.
 * Keyed by month, club id ('none' for programme events) and tier code.
 */
async function direct(filter: { from: string; to: string; club?: number | 'none'; tier?: string } = { from: '2025-12', to: '2026-11' }) {
  const now = ctx.clock.now();
  const evs = (await ctx.deps.db.select().from(events)).filter((e) => {
    const m = monthKey(e.startsAt, ZONE);
    return e.status === 'scheduled' && m >= filter.from && m <= filter.to && (filter.club === undefined || (filter.club === 'none' ? e.clubId === null : e.clubId === filter.club));
  });
  const regs = await ctx.deps.db.select().from(registrations);
  const tierOf = new Map((await ctx.deps.db.select().from(users)).map((u) => [u.id, u.tierCode]));
  type Line = { events: Set<number>; parties: number; seats: number; ciParties: number; ciSeats: number; ended: number; noShows: number; cancelled: number };
  const blank = (): Line => ({ events: new Set(), parties: 0, seats: 0, ciParties: 0, ciSeats: 0, ended: 0, noShows: 0, cancelled: 0 });
  const out = { month: new Map<string, Line>(), club: new Map<string, Line>(), tier: new Map<string, Line>(), total: blank() };
  const at = <K>(map: Map<K, Line>, k: K) => map.get(k) ?? (map.set(k, blank()), map.get(k)!);
  for (const e of evs) {
    const keys = [at(out.month, monthKey(e.startsAt, ZONE)), at(out.club, e.clubId === null ? 'none' : String(e.clubId)), out.total];
    for (const l of keys) l.events.add(e.id);
    for (const r of regs.filter((x) => x.eventId === e.id && (filter.tier === undefined || tierOf.get(x.userId) === filter.tier))) {
      const lines = [...keys, at(out.tier, tierOf.get(r.userId) ?? '')];
      for (const l of lines) {
        if (r.status === 'cancelled') l.cancelled += 1;
        if (r.status !== 'confirmed') continue;
        l.parties += 1;
        l.seats += r.seats;
        if (r.checkedInSeats > 0) l.ciParties += 1;
        l.ciSeats += r.checkedInSeats;
        if (e.endsAt <= now) {
          l.ended += 1;
          if (r.checkedInSeats === 0) l.noShows += 1;
        }
      }
    }
  }
  return out;
}

const rate = (n: number, d: number) => (d ? `${(Math.round((n / d) * 1000) / 10).toFixed(1)}%` : '—');
const numbers = (l: { events: Set<number>; parties: number; seats: number; ciParties: number; ciSeats: number; ended: number; noShows: number; cancelled: number }, withEvents = true) => [
  ...(withEvents ? [String(l.events.size)] : []),
  String(l.parties),
  String(l.seats),
  String(l.ciParties),
  String(l.ciSeats),
  String(l.ended),
  String(l.noShows),
  rate(l.noShows, l.ended),
  String(l.cancelled),
];

describe('attendance report', () => {
  it('shows by month, club and tier exactly what the tables say (last 12 months by default)', async () => {
    const client = new TestClient(ctx);
    await client.signIn(w.admin.phone);
    const res = await client.get('/admin/reports?lang=en');
    expect(res.status).toBe(200);
    const html = await res.text();
    const d = await direct();

    const months = tableRows(html, 'table-months');
    // header, 12 months, total
    expect(months).toHaveLength(14);
    expect(months[1]![0]).toBe('Dec 2025');
    expect(months[12]![0]).toBe('Nov 2026');
    const monthKeys = ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];
    monthKeys.forEach((m, i) => {
      const line = d.month.get(m);
      expect(months[i + 1]!.slice(1), m).toEqual(line ? numbers(line) : ['0', '0', '0', '0', '0', '0', '0', '—', '0']);
    });
    expect(months[13]!.slice(1)).toEqual(numbers(d.total));
    // worked by hand: August holds the 23:30 event on the 31st; September the 00:30 one on the 1st
    expect(months[9]).toEqual(['Aug 2026', '2', '5', '8', '3', '4', '5', '2', '40.0%', '1']);
    expect(months[10]).toEqual(['Sep 2026', '1', '1', '2', '1', '2', '1', '0', '0.0%', '0']);
    expect(months[4]).toEqual(['Mar 2026', '1', '0', '0', '0', '0', '0', '0', '—', '0']);
    // tonight's concert counts, but not in the no-show rate (not ended)
    expect(months[12]).toEqual(['Nov 2026', '1', '2', '3', '1', '1', '0', '0', '—', '0']);
    expect(months[13]).toEqual(['Total', '5', '8', '13', '5', '7', '6', '2', '33.3%', '1']);

    const clubs = tableRows(html, 'table-clubs');
    const clubLine = (label: string) => clubs.find((r) => r[0] === label)!.slice(1);
    expect(clubLine(w.golf.nameEn)).toEqual(numbers(d.club.get(String(w.golf.id))!));
    expect(clubLine(w.music.nameEn)).toEqual(numbers(d.club.get(String(w.music.id))!));
    expect(clubLine('Programme events (no club)')).toEqual(numbers(d.club.get('none')!));
    expect(clubLine(w.golf.nameEn)).toEqual(['1', '3', '6', '2', '3', '3', '1', '33.3%', '1']);

    const tiers = tableRows(html, 'table-tiers');
    expect(tiers.slice(1).map((r) => r[0])).toEqual(['Diamond', 'Platinum', 'Gold', 'Silver']);
    for (const [label, code] of [['Diamond', 'diamond'], ['Platinum', 'platinum'], ['Gold', 'gold'], ['Silver', 'silver']] as const) {
      expect(tiers.find((r) => r[0] === label)!.slice(1), label).toEqual(numbers(d.tier.get(code)!, false));
    }
    expect(tiers.find((r) => r[0] === 'Silver')!.slice(1)).toEqual(['1', '1', '0', '0', '1', '1', '100.0%', '1']);
  });

  it('exports the same numbers as CSV, with headers in the admin’s language', async () => {
    const client = new TestClient(ctx);
    await client.signIn(w.admin.phone);
    const zh = await client.get('/admin/reports/attendance.csv?lang=zh');
    expect(zh.status).toBe(200);
    expect(zh.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(zh.headers.get('content-disposition')).toBe('attachment; filename="attendance-2025-12-2026-11.csv"');
    expect(zh.headers.get('cache-control')).toBe('no-store');
    const bytes = new Uint8Array(await zh.clone().arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const zhBody = await zh.text();
    expect(zhBody).toContain('\r\n');
    const zhRows = csvRows(zhBody);
    expect(zhRows[0]).toEqual(['分组方式', '分组', '活动场次', '已确认报名（组）', '已确认人次（会员 + 同行）', '已签到报名（组）', '签到人次（会员 + 同行）', '已结束活动的报名（组）', '未到场报名（组）', '未到场率（按报名组，%）', '已取消报名（组）']);

    const en = await client.get('/admin/reports/attendance.csv?lang=en');
    const rows = csvRows(await en.text());
    expect(rows[0]).toEqual(['Breakdown', 'Group', 'Events', 'Confirmed registrations (parties)', 'People confirmed (members + guests)', 'Parties checked in', 'People checked in (members + guests)', 'Parties at ended events', 'No-show parties', 'No-show rate by party (%)', 'Cancelled registrations (parties)']);
    const d = await direct();
    const csvNumbers = (l: Parameters<typeof numbers>[0], withEvents = true) => numbers(l, withEvents).map((v) => (v === '—' ? '' : v.replace('%', '')));
    const monthRows = rows.filter((r) => r[0] === 'Month');
    expect(monthRows.map((r) => r[1])).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    for (const r of monthRows) {
      const line = d.month.get(r[1]!);
      expect(r.slice(2), r[1]).toEqual(line ? csvNumbers(line) : ['0', '0', '0', '0', '0', '0', '0', '', '0']);
    }
    expect(rows.find((r) => r[0] === 'Club' && r[1] === w.golf.nameEn)!.slice(2)).toEqual(csvNumbers(d.club.get(String(w.golf.id))!));
    expect(rows.find((r) => r[0] === 'Club' && r[1] === 'Programme events (no club)')!.slice(2)).toEqual(csvNumbers(d.club.get('none')!));
    expect(rows.find((r) => r[0] === 'Tier' && r[1] === 'Diamond')!.slice(2)).toEqual(['', ...csvNumbers(d.tier.get('diamond')!, false)]);
    expect(rows[rows.length - 1]).toEqual(['Total', '', ...csvNumbers(d.total)]);
    expect(rows[rows.length - 1]).toEqual(['Total', '', '5', '8', '13', '5', '7', '6', '2', '33.3', '1']);
  });

  it('narrows to a club, to programme events, to a tier and to other months — still equal to the tables', async () => {
    const client = new TestClient(ctx);
    await client.signIn(w.admin.phone);
    const cases = [
      { q: `club=${w.golf.id}`, f: { from: '2025-12', to: '2026-11', club: w.golf.id } },
      { q: 'club=none', f: { from: '2025-12', to: '2026-11', club: 'none' as const } },
      { q: 'tier=diamond', f: { from: '2025-12', to: '2026-11', tier: 'diamond' } },
      { q: 'from=2025-11&to=2026-12', f: { from: '2025-11', to: '2026-12' } },
      { q: `from=2026-08&to=2026-08&club=${w.music.id}&tier=silver`, f: { from: '2026-08', to: '2026-08', club: w.music.id, tier: 'silver' } },
    ];
    for (const { q, f } of cases) {
      const html = await (await client.get(`/admin/reports?lang=en&${q}`)).text();
      const d = await direct(f);
      const rows = tableRows(html, 'table-months');
      expect(rows[rows.length - 1]!.slice(1), q).toEqual(numbers(d.total));
      const csv = csvRows(await (await client.get(`/admin/reports/attendance.csv?lang=en&${q}`)).text());
      expect(csv[csv.length - 1]!.slice(2), q).toEqual(numbers(d.total).map((v) => (v === '—' ? '' : v.replace('%', ''))));
    }
    // the links on the page carry the filters to the CSV and to the other reports
    const html = await (await client.get(`/admin/reports?club=${w.golf.id}&tier=gold&from=2026-01&to=2026-09`)).text();
    expect(html).toContain(`href="/admin/reports/attendance.csv?from=2026-01&amp;to=2026-09&amp;club=${w.golf.id}&amp;tier=gold"`);
    expect(html).toContain(`href="/admin/reports/lounges?from=2026-01&amp;to=2026-09&amp;club=${w.golf.id}&amp;tier=gold"`);
  });

  it('draws accessible SVG charts (title, desc, role img) next to the table, and says so when there is nothing', async () => {
    const client = new TestClient(ctx);
    await client.signIn(w.admin.phone);
    const html = await (await client.get('/admin/reports?lang=en')).text();
    expect(html).toMatch(/<svg class="chart" viewBox="[^"]+" role="img" aria-labelledby="chart-attendance-title chart-attendance-desc">/);
    expect(html).toContain('<title id="chart-attendance-title">People confirmed and people checked in (members + guests) by month, Dec 2025 – Nov 2026</title>');
    expect(html).toContain('<desc id="chart-attendance-desc">');
    expect(html).toContain('<title>Aug 2026 · People confirmed (members + guests): 8</title>');
    expect(html).toContain('<title>Aug 2026 · People checked in (members + guests): 4</title>');
    expect(html).toContain('<title>Aug 2026: no-show rate (by party) 40.0%</title>');
    expect(html).not.toMatch(/\sstyle=/);
    expect((html.match(/<h1[ >]/g) ?? []).length).toBe(1);

    const empty = await client.get('/admin/reports?lang=en&from=2024-01&to=2024-12');
    expect(empty.status).toBe(200);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain('No events in this period.');
    expect(emptyHtml).not.toContain('<svg class="chart"');
    const emptyCsv = csvRows(await (await client.get('/admin/reports/attendance.csv?lang=en&from=2024-01&to=2024-12')).text());
    expect(emptyCsv[emptyCsv.length - 1]).toEqual(['Total', '', '0', '0', '0', '0', '0', '0', '0', '', '0']);
  });

  it('refuses filters that make no sense with 422 and the form as typed (never a 500)', async () => {
    const client = new TestClient(ctx);
    await client.signIn(w.admin.phone);
    const cases: Array<[string, string]> = [
      ['from=2026-13', 'Use year-month, e.g. 2026-01.'],
      ['from=2026-05&to=2026-01', 'The last month cannot come before the first.'],
      ['from=2020-01&to=2026-01', 'A report covers at most 36 months.'],
      ['club=999999', 'This value is not valid.'],
      ['club=golf', 'This value is not valid.'],
      ['tier=gold%27--', 'This value is not valid.'],
      ['tier=bronze', 'This value is not valid.'],
      ['lounge=abc', 'This value is not valid.'],
    ];
    for (const [q, message] of cases) {
      const res = await client.get(`/admin/reports?lang=en&${q}`);
      expect(res.status, q).toBe(422);
      const html = await res.text();
      expect(html, q).toMatch(/class="field-error"|class="form-error" role="alert"/);
      expect(html, q).toContain(message);
      expect(html).not.toContain('id="table-months"');
      const csv = await client.get(`/admin/reports/attendance.csv?lang=en&${q}`);
      expect(csv.status, q).toBe(422);
    }
    // parameters the report does not use are left alone
    expect((await client.get('/admin/reports?utm=1&page=2')).status).toBe(200);
    const kept = await (await client.get('/admin/reports?from=2026-05&to=2026-01')).text();
    expect(kept).toContain('value="2026-05"');
    expect(kept).toContain('value="2026-01"');
  });

  it('is refused to anyone but an admin at the service too', async () => {
    const filters = defaultReportFilters(ctx.clock.now(), ZONE);
    for (const role of ['member', 'coordinator', 'lounge_staff'] as const) {
      expect(await attendanceByMonth(ctx.deps, { id: w.gold.id, role }, filters)).toEqual({ ok: false, error: 'forbidden' });
    }
    expect((await attendanceByMonth(ctx.deps, { id: w.admin.id, role: 'admin' }, filters)).ok).toBe(true);
  });
});
