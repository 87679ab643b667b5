import { csvDatesOf, sheetCsv, type SheetColumn, type SheetTable, type SheetValue } from '../../src/lib/sheet';
import type { RosterRow } from '../../src/clubs/roster';
import type { MessageKey, Translate, Locale } from '../../src/lib/i18n';
import type { TimeFormat } from '../../src/lib/time';

export const ROSTER_CSV_COLUMNS = ['name', 'phone', 'tier', 'status', 'joined', 'requested', 'position', 'registered', 'attended', 'noShows'] as const;
export type RosterCsvColumn = (typeof ROSTER_CSV_COLUMNS)[number];

export { neutralizeFormula } from '../../src/lib/sheet';

function statusLabel(t: Translate, row: RosterRow): string {
  if (row.status === 'waitlisted') return t('roster.status.waitlisted', { count: row.position ?? 0 });
  return t(`roster.status.${row.status}` as MessageKey);
}

const COLUMN_SHAPE: Record<RosterCsvColumn, Pick<SheetColumn, 'kind' | 'width'>> = {
  name: { kind: 'text', width: 18 },
  phone: { kind: 'text', width: 14 },
  tier: { kind: 'text', width: 10 },
  status: { kind: 'text', width: 12 },
  joined: { kind: 'date', width: 12 },
  requested: { kind: 'date', width: 12 },
  position: { kind: 'number', width: 10 },
  registered: { kind: 'number', width: 12 },
  attended: { kind: 'number', width: 10 },
  noShows: { kind: 'number', width: 10 },
};

/** The roster's chosen columns as a table, for the CSV and the .xlsx alike. */
export function rosterTable(rows: RosterRow[], columns: RosterCsvColumn[], ctx: { t: Translate; locale: Locale }): SheetTable {
  const { t, locale } = ctx;
  const cell = (row: RosterRow, column: RosterCsvColumn): SheetValue => {
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
        return row.activeSince;
      case 'requested':
        return row.requestedAt;
      case 'position':
        return row.position;
      case 'registered':
        return row.eventsRegistered;
      case 'attended':
        return row.eventsAttended;
      case 'noShows':
        return row.eventsNoShow;
    }
  };
  return {
    name: t('roster.title'),
    columns: columns.map((c) => ({ header: t(`roster.col.${c}`), ...COLUMN_SHAPE[c] })),
    rows: rows.map((row) => columns.map((c) => cell(row, c))),
  };
}

/** The roster as CSV in UTF-8 with a byte-order mark, so Excel opens Chinese names correctly. */
export function rosterCsv(rows: RosterRow[], columns: RosterCsvColumn[], ctx: { t: Translate; locale: Locale; fmt: TimeFormat }): string {
  return sheetCsv(rosterTable(rows, columns, ctx), csvDatesOf(ctx.fmt));
}
