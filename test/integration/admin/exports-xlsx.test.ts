import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../../db/schema';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createUser } from '../../helpers/factories';
import { ValueType, expectFrozenHeader, sheetOf, wallClock } from '../../helpers/xlsx';
import { csvRows, seedProgramme, sh, type Programme } from './reports-fixtures';

let ctx: TestContext;
let w: Programme;
let admin: TestClient;
beforeEach(async () => {
  ctx = await createTestContext();
  w = await seedProgramme(ctx);
  admin = new TestClient(ctx);
  await admin.signIn(w.admin.phone);
});
afterEach(() => ctx.close());

/** The .xlsx holds what the CSV holds: the same text, the same numbers (as numbers), empty where the CSV is empty. */
function expectSameAsCsv(sheetRows: unknown[][], csv: string[][]) {
  expect(sheetRows.map((row) => row.map((v) => (v === null ? '' : typeof v === 'number' ? v : String(v))))).toEqual(
    csv.map((row, r) => row.map((text, c) => (r > 0 && typeof sheetRows[r]?.[c] === 'number' ? Number(text) : text))),
  );
}

describe('the reports as .xlsx', () => {
  for (const [report, filename] of [
    ['attendance', 'attendance'],
    ['lounges', 'lounge-visits-by-hour'],
    ['satisfaction', 'satisfaction'],
  ] as const) {
    it(`${report}: the CSV’s rows with counts and rates as number cells, header frozen, in both languages`, async () => {
      for (const lang of ['zh', 'en']) {
        const res = await admin.get(`/admin/reports/${report}.xlsx?lang=${lang}`);
        expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${filename}-2025-12-2026-11.xlsx"`);
        const { sheet, rows } = await sheetOf(res);
        expectFrozenHeader(sheet);
        const csv = csvRows(await (await admin.get(`/admin/reports/${report}.csv?lang=${lang}`)).text());
        expectSameAsCsv(rows, csv);
        const total = sheet.getRow(rows.length);
        expect(total.getCell(3).type).toBe(ValueType.Number);
      }
    });
  }

  it('attendance: the no-show rate is a number shown to one decimal', async () => {
    const { sheet, rows } = await sheetOf(await admin.get('/admin/reports/attendance.xlsx?lang=en'));
    const golf = rows.findIndex((r) => r[0] === 'Club' && r[1] === w.golf.nameEn);
    expect(rows[golf]!.slice(2)).toEqual([1, 3, 6, 2, 3, 3, 1, 33.3, 1]);
    expect(sheet.getRow(golf + 1).getCell(10).numFmt).toBe('0.0');
  });

  it('is refused (403) to a coordinator', async () => {
    const coordinator = await createUser(ctx, { role: 'coordinator' });
    const client = new TestClient(ctx);
    await client.signIn(coordinator.phone);
    for (const path of ['/admin/reports/attendance.xlsx', '/admin/reports/lounges.xlsx', '/admin/reports/satisfaction.xlsx', '/admin/audit.xlsx']) {
      expect((await client.get(path)).status, path).toBe(403);
    }
  });

  it('are offered beside each CSV', async () => {
    for (const [page, path] of [
      ['/admin/reports', '/admin/reports/attendance.xlsx?'],
      ['/admin/reports/lounges', '/admin/reports/lounges.xlsx?'],
      ['/admin/reports/satisfaction', '/admin/reports/satisfaction.xlsx?'],
    ]) {
      const html = await (await admin.get(`${page}?lang=en`)).text();
      expect(html, page).toMatch(new RegExp(`<a href="${path!.replace(/[.?]/g, '\\$&')}[^"]*" role="button" class="secondary" download="">Export Excel \\(\\.xlsx\\)</a>`));
    }
  });
});

describe('the audit log as .xlsx', () => {
  it('has the time as a Shanghai date-time cell to the second, the actor’s id as a number, text as typed; audited like the CSV', async () => {
    const sly = await createUser(ctx, { role: 'coordinator', name: '=HYPERLINK("http://x")' });
    await ctx.deps.db.insert(auditLog).values({ at: sh(2026, 11, 26, 9, 50) + 7_000, actorId: sly.id, action: 'club.notice.posted', targetType: 'club', targetId: '3', detail: { title: '@SUM(1)' }, ip: '198.51.100.9', requestId: 'r-sly' });
    const res = await admin.get('/admin/audit.xlsx?action=club.notice.posted');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="audit-2026-11-26.xlsx"');
    const { sheet, rows } = await sheetOf(res);
    expectFrozenHeader(sheet);
    expect(rows).toEqual([
      ['时间', '操作人编号', '操作人', '角色', '操作', '说明', '对象类型', '对象编号', '对象名称', '详情', 'IP 地址', '请求编号', '详情（原始数据）'],
      [new Date(wallClock(2026, 11, 26, 9, 50).getTime() + 7_000), sly.id, '=HYPERLINK("http://x")', '俱乐部协调员', 'club.notice.posted', '发布俱乐部通知', 'club', '3', '#3', '标题：@SUM(1)', '198.51.100.9', 'r-sly', '{"title":"@SUM(1)"}'],
    ]);
    expect(sheet.getRow(2).getCell(1).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(sheet.getRow(2).getCell(2).type).toBe(ValueType.Number);
    const actions = (await ctx.deps.db.select().from(auditLog)).map((a) => a.action);
    expect(actions.filter((a) => a === 'audit.log.exported')).toHaveLength(1);
    const html = await (await admin.get('/admin/audit?action=club.')).text();
    expect(html).toContain('<a href="/admin/audit.xlsx?action=club." role="button" class="secondary" download="">导出 Excel（.xlsx）</a>');
  });
});
