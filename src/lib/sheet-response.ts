import type { Context } from 'hono';
import { sheetCsv, type CsvDates, type SheetTable } from './sheet';
import { sheetXlsx, XLSX_CONTENT_TYPE } from './xlsx';

export type SheetFormat = 'csv' | 'xlsx';
export const SHEET_FORMATS: readonly SheetFormat[] = ['csv', 'xlsx'];

/**
 * An export as a download: the same table as CSV (dates as text in the reader's language) or as .xlsx (typed cells,
 * dates in the wall clock of `zone`). `filename` is without its extension.
 */
export async function sheetResponse(
  c: Context,
  table: SheetTable,
  opts: { format: SheetFormat; filename: string; dates: CsvDates; zone: string; headers?: Record<string, string> },
): Promise<Response> {
  const headers = {
    'Content-Type': opts.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_CONTENT_TYPE,
    'Content-Disposition': `attachment; filename="${opts.filename}.${opts.format}"`,
    'Cache-Control': 'no-store',
    ...opts.headers,
  };
  if (opts.format === 'csv') return c.body(sheetCsv(table, opts.dates), 200, headers);
  const bytes = await sheetXlsx(table, opts.zone);
  return c.body(bytes.buffer as ArrayBuffer, 200, headers);
}
