import { stringify } from 'csv-stringify/sync';
import type { RosterRow } from '../../src/clubs/roster';
import type { MessageKey, Translate, Locale } from '../../src/lib/i18n';
import type { TimeFormat } from '../../src/lib/time';

export const ROSTER_CSV_COLUMNS = ['name', 'phone', 'tier', 'status', 'joined', 'requested', 'position', 'registered', 'attended', 'noShows'] as const;
export type RosterCsvColumn = (typeof ROSTER_CSV_COLUMNS)[number];

/**
 * A spreadsheet program would run a cell that starts with = + - @ (or a tab / return) as a formula;
 * such values get a leading apostrophe so they are shown as typed.
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function statusLabel(t: Translate, row: RosterRow): string {
  if (row.status === 'waitlisted') return t('roster.status.waitlisted', { count: row.position ?? 0 });
  return t(`roster.status.${row.status}` as MessageKey);
}

/** The roster as CSV in UTF-8 with a byte-order mark, so Excel opens Chinese names correctly. */
export function rosterCsv(rows: RosterRow[], columns: RosterCsvColumn[], ctx: { t: Translate; locale: Locale; fmt: TimeFormat }): string {
  const { t, locale, fmt } = ctx;
  const header = columns.map((c) => t(`roster.col.${c}`));
  const cell = (row: RosterRow, column: RosterCsvColumn): string => {
    switch (column) {
      case 'name':
        return row.name;
      case 'phone':
        return row.phone;
      case 'tier':
        return (locale === 'zh' ? row.tierNameZh : row.tierNameEn) ?? '';
      case 'status':
        return statusLabel(t, row);
      case 'joined':
        return row.activeSince ? fmt.date(row.activeSince) : '';
      case 'requested':
        return fmt.date(row.requestedAt);
      case 'position':
        return row.position === null ? '' : String(row.position);
      case 'registered':
        return String(row.eventsRegistered);
      case 'attended':
        return String(row.eventsAttended);
      case 'noShows':
        return String(row.eventsNoShow);
    }
  };
  const body = rows.map((row) => columns.map((c) => neutralizeFormula(cell(row, c))));
  return '\uFEFF' + stringify([header, ...body], { record_delimiter: 'windows' });
}
