import { createRequire } from 'node:module';
import type * as ExcelTypes from 'exceljs';
import type { SheetKind, SheetTable, SheetValue } from './sheet';
import { wallClockDate } from './time';

// exceljs is CommonJS without named exports Node can see; its types describe the module object
const ExcelJS = createRequire(import.meta.url)('exceljs') as typeof ExcelTypes;

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const DAY_MS = 86_400_000;
const DATE_FORMAT: Partial<Record<SheetKind, string>> = { date: 'yyyy-mm-dd', datetime: 'yyyy-mm-dd hh:mm' };

/** Characters XML 1.0 cannot carry (C0 controls but tab and line ends, U+FFFE/U+FFFF, lone surrogates). */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function cellValue(value: SheetValue, kind: SheetKind, zone: string): string | number | Date | null {
  // an empty text is an empty cell
  if (value === null || value === '') return null;
  if (typeof value === 'string') return value.replace(NOT_XML, '');
  // Excel has no time zones: a date cell holds the wall-clock time of the programme's zone
  if (kind === 'datetime') return wallClockDate(value, zone);
  if (kind === 'date') return new Date(Math.floor(wallClockDate(value, zone).getTime() / DAY_MS) * DAY_MS);
  return value;
}

const sheetName = (name: string) => name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet1';

/**
 * The table as an .xlsx workbook of one sheet: text as text (phones and codes never turn into numbers, nor text into
 * formulas), instants as date cells showing the wall clock of `zone`, numbers as numbers; the header row frozen and bold.
 * Built in memory: every export is bounded by its own service's limits.
 */
export async function sheetXlsx(table: SheetTable, zone: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName(table.name), { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  sheet.columns = table.columns.map((c) => {
    const numFmt = c.xlsxFormat ?? DATE_FORMAT[c.kind] ?? (c.kind === 'number' ? (c.decimals ? `0.${'0'.repeat(c.decimals)}` : undefined) : '@');
    return { header: c.header, width: c.width, ...(numFmt ? { style: { numFmt } } : {}) };
  });
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(table.columns.map((c, i) => cellValue(row[i] ?? null, c.kind, zone)));
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
