import { stringify } from 'csv-stringify/sync';
import type { TimeFormat } from './time';

/**
 * A table to hand to spreadsheet programs, described once and written as CSV or as .xlsx (src/lib/xlsx.ts), so the
 * two files of an export always have the same columns. Values of `date` and `datetime` columns are instants (UTC ms).
 */
export type SheetKind = 'text' | 'date' | 'datetime' | 'number';
export type SheetValue = string | number | null;

export interface SheetColumn {
  header: string;
  kind: SheetKind;
  /** width in characters (Excel's unit) */
  width: number;
  /** a number column's decimals, written so in the CSV and as the cell's number format */
  decimals?: number;
  /** the .xlsx number format instead of the kind's own (e.g. seconds for a log) */
  xlsxFormat?: string;
}

export interface SheetTable {
  /** the worksheet's name (Excel allows 31 characters, without []:*?/\) */
  name: string;
  columns: SheetColumn[];
  rows: SheetValue[][];
}

/** How a CSV writes the instants of date and datetime columns (as text, in the reader's language and zone). */
export interface CsvDates {
  date: (ms: number) => string;
  datetime: (ms: number) => string;
}

/** Dates as the pages show them, in the reader's language. */
export const csvDatesOf = (fmt: TimeFormat): CsvDates => ({ date: fmt.date, datetime: fmt.dateTime });

/** A number shown as text on a page (a rate, an average), or null: the number for a sheet's number column. */
export const numberOrNull = (text: string | null): number | null => (text === null ? null : Number(text));

/**
 * A spreadsheet program would run a cell that starts with = + - @ (or a tab / return) as a formula;
 * such values get a leading apostrophe so they are shown as typed.
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvText(value: SheetValue, { kind, decimals }: SheetColumn, dates: CsvDates): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (kind === 'date') return dates.date(value);
  if (kind === 'datetime') return dates.datetime(value);
  return decimals === undefined ? String(value) : value.toFixed(decimals);
}

/** UTF-8 with a byte-order mark (so Excel reads Chinese correctly), CRLF line ends, formulas neutralised. */
export function sheetCsv(table: SheetTable, dates: CsvDates): string {
  const header = table.columns.map((c) => c.header);
  const body = table.rows.map((row) => table.columns.map((c, i) => csvText(row[i] ?? null, c, dates)));
  return '\uFEFF' + stringify([header, ...body].map((r) => r.map(neutralizeFormula)), { record_delimiter: 'windows' });
}
