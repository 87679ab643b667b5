import type { AttendanceReport } from '../../src/events/attendance';
import type { Locale, Translate } from '../../src/lib/i18n';
import type { SheetTable } from '../../src/lib/sheet';
import { statusText } from './attendance';

/** The attendance list as a table, for the CSV and the .xlsx alike: a line per party, with its seats and who came. */
export function attendanceTable(report: AttendanceReport, { t, locale }: { t: Translate; locale: Locale }): SheetTable {
  return {
    name: t('att.title'),
    columns: [
      { header: t('roster.col.name'), kind: 'text', width: 18 },
      { header: t('roster.col.phone'), kind: 'text', width: 14 },
      { header: t('roster.col.tier'), kind: 'text', width: 10 },
      { header: t('att.col.code'), kind: 'text', width: 12 },
      { header: t('att.col.seats'), kind: 'number', width: 8 },
      { header: t('att.checkedIn'), kind: 'number', width: 10 },
      { header: t('roster.col.status'), kind: 'text', width: 12 },
      { header: t('att.col.checkedInAt'), kind: 'datetime', width: 18 },
    ],
    rows: report.rows.map((r) => [r.name, r.phone, (locale === 'zh' ? r.tierNameZh : r.tierNameEn) ?? '', r.code, r.seats, r.checkedInSeats, statusText(t, r), r.checkedInAt]),
  };
}
