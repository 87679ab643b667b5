import { createRequire } from 'node:module';
import type * as ExcelTypes from 'exceljs';
import { describe, expect, it } from 'vitest';
import { sheetCsv, type SheetTable } from '../../../src/lib/sheet';
import { wallClockDate, zonedToInstant } from '../../../src/lib/time';
import { sheetXlsx } from '../../../src/lib/xlsx';

const ExcelJS = createRequire(import.meta.url)('exceljs') as typeof ExcelTypes;

async function load(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer as ArrayBuffer);
  return workbook.worksheets[0]!;
}

const table = (rows: SheetTable['rows'], name = 'Test'): SheetTable => ({
  name,
  columns: [
    { header: '文本', kind: 'text', width: 12 },
    { header: 'When', kind: 'datetime', width: 18 },
    { header: 'Day', kind: 'date', width: 12 },
    { header: 'Rate', kind: 'number', width: 8, decimals: 1 },
  ],
  rows,
});

describe('wallClockDate', () => {
  it('reads the wall clock of the zone in its UTC fields, across a change of offset', () => {
    expect(wallClockDate(Date.UTC(2026, 11, 10, 11, 30), 'Asia/Shanghai').toISOString()).toBe('2026-12-10T19:30:00.000Z');
    // New York: EDT (−4) in July, EST (−5) in December
    expect(wallClockDate(zonedToInstant({ year: 2026, month: 7, day: 1, hour: 9 }, 'America/New_York'), 'America/New_York').toISOString()).toBe('2026-07-01T09:00:00.000Z');
    expect(wallClockDate(zonedToInstant({ year: 2026, month: 12, day: 1, hour: 9 }, 'America/New_York'), 'America/New_York').toISOString()).toBe('2026-12-01T09:00:00.000Z');
  });
});

describe('sheetXlsx', () => {
  it('writes text, wall-clock date-times, dates at midnight of their local day and numbers, with the columns’ formats and widths', async () => {
    const at = Date.UTC(2026, 11, 10, 17, 5); // 01:05 on 11 December in Shanghai
    const sheet = await load(await sheetXlsx(table([['13900000001', at, at, 12.5]]), 'Asia/Shanghai'));
    const row = sheet.getRow(2);
    expect(row.values).toEqual([undefined, '13900000001', new Date('2026-12-11T01:05:00Z'), new Date('2026-12-11T00:00:00Z'), 12.5]);
    expect([1, 2, 3, 4].map((c) => row.getCell(c).numFmt)).toEqual(['@', 'yyyy-mm-dd hh:mm', 'yyyy-mm-dd', '0.0']);
    expect(sheet.columns.map((c) => c.width)).toEqual([12, 18, 12, 8]);
    expect(sheet.getRow(1).font).toMatchObject({ bold: true });
  });

  it('drops characters XML cannot carry, leaves empty text and nulls as empty cells, and makes any name a valid sheet name', async () => {
    const sheet = await load(await sheetXlsx(table([['a\u0000b\u001bc\u0007d\ud800 e\te', null, null, null], ['', null, null, 0]], '名册 [2026/12]: 试*?'), 'Asia/Shanghai'));
    expect(sheet.name).toBe('名册  2026 12   试  ');
    expect(sheet.getRow(2).getCell(1).value).toBe('abcd e\te');
    expect(sheet.getRow(3).getCell(1).value).toBeNull();
    expect(sheet.getRow(3).getCell(4).value).toBe(0);
  });
});

describe('sheetCsv', () => {
  it('writes the same table as text: dates by the given formatters, decimals fixed, formulas neutralised, BOM and CRLF', () => {
    const csv = sheetCsv(table([['=1+1', 0, 0, 12], ['-5', null, null, null]]), { date: () => 'D', datetime: () => 'DT' });
    expect(csv).toBe("\uFEFF文本,When,Day,Rate\r\n'=1+1,DT,D,12.0\r\n'-5,,,\r\n");
  });
});
