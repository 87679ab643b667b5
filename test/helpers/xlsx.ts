import { createRequire } from 'node:module';
import type * as ExcelTypes from 'exceljs';
import { expect } from 'vitest';

const ExcelJS = createRequire(import.meta.url)('exceljs') as typeof ExcelTypes;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const { ValueType } = ExcelJS;

/** A downloaded .xlsx loaded back with exceljs: its one sheet, and each row's cell values (index 0 = column A). */
export async function sheetOf(res: Response): Promise<{ sheet: ExcelTypes.Worksheet; rows: unknown[][] }> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe(XLSX_TYPE);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await res.arrayBuffer());
  expect(workbook.worksheets).toHaveLength(1);
  const sheet = workbook.worksheets[0]!;
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    rows.push(Array.from({ length: sheet.columnCount }, (_, i) => row.getCell(i + 1).value));
  });
  return { sheet, rows };
}

/** The header row frozen (and nothing else), as Excel and WPS show it. */
export function expectFrozenHeader(sheet: ExcelTypes.Worksheet): void {
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
}

/** A date cell as written for wall-clock time: its UTC fields are what the clock on the wall showed. */
export const wallClock = (year: number, month: number, day: number, hour = 0, minute = 0) => new Date(Date.UTC(year, month - 1, day, hour, minute));
