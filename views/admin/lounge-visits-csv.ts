import type { Visit } from '../../src/lounges/admin';
import type { Locale, Translate } from '../../src/lib/i18n';
import type { SheetTable } from '../../src/lib/sheet';
import { formatCode } from '../../src/lib/codes';

/** The visits of a day or week as a table, for the CSV and the .xlsx alike. */
export function visitsTable(visits: Visit[], ctx: { t: Translate; locale: Locale }): SheetTable {
  const { t, locale } = ctx;
  return {
    name: t('admin.occupancy.visits'),
    columns: [
      { header: t('admin.visits.col.slot'), kind: 'datetime', width: 18 },
      { header: t('roster.col.name'), kind: 'text', width: 18 },
      { header: t('roster.col.phone'), kind: 'text', width: 14 },
      { header: t('roster.col.tier'), kind: 'text', width: 10 },
      { header: t('admin.visits.col.code'), kind: 'text', width: 12 },
      { header: t('admin.visits.col.people'), kind: 'number', width: 8 },
      { header: t('roster.col.status'), kind: 'text', width: 12 },
      { header: t('admin.visits.col.walkIn'), kind: 'text', width: 8 },
      { header: t('admin.visits.col.in'), kind: 'datetime', width: 18 },
      { header: t('admin.visits.col.out'), kind: 'datetime', width: 18 },
    ],
    rows: visits.map((v) => [
      v.slotStart,
      v.name,
      v.phone,
      (locale === 'zh' ? v.tierNameZh : v.tierNameEn) ?? '',
      formatCode(v.code),
      v.people,
      t(`pass.status.${v.status}`),
      v.walkIn ? t('admin.visits.yes') : '',
      v.checkedInAt,
      v.checkedOutAt,
    ]),
  };
}
