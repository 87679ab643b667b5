import { stringify } from 'csv-stringify/sync';
import type { Visit } from '../../src/lounges/admin';
import type { Locale, Translate } from '../../src/lib/i18n';
import type { TimeFormat } from '../../src/lib/time';
import { formatCode } from '../../src/lib/codes';
import { neutralizeFormula } from '../coordinator/roster-csv';

/** The visits of a day or week as CSV (UTF-8 with a byte-order mark, so Excel opens Chinese names correctly). */
export function visitsCsv(visits: Visit[], ctx: { t: Translate; locale: Locale; fmt: TimeFormat }): string {
  const { t, locale, fmt } = ctx;
  const header = [t('admin.visits.col.slot'), t('roster.col.name'), t('roster.col.phone'), t('roster.col.tier'), t('admin.visits.col.code'), t('admin.visits.col.people'), t('roster.col.status'), t('admin.visits.col.walkIn'), t('admin.visits.col.in'), t('admin.visits.col.out')];
  const rows = visits.map((v) =>
    [
      fmt.dateTime(v.slotStart),
      v.name,
      v.phone,
      (locale === 'zh' ? v.tierNameZh : v.tierNameEn) ?? '',
      formatCode(v.code),
      String(v.people),
      t(`pass.status.${v.status}`),
      v.walkIn ? t('admin.visits.yes') : '',
      v.checkedInAt ? fmt.dateTime(v.checkedInAt) : '',
      v.checkedOutAt ? fmt.dateTime(v.checkedOutAt) : '',
    ].map(neutralizeFormula),
  );
  return '\uFEFF' + stringify([header, ...rows], { record_delimiter: 'windows' });
}
