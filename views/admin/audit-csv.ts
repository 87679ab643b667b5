import type { AuditRow } from '../../src/admin/audit-log';
import type { Translate } from '../../src/lib/i18n';
import type { TimeFormat } from '../../src/lib/time';
import { sheetCsv, type CsvDates, type SheetTable } from '../../src/lib/sheet';
import type { AuditNames } from '../../src/admin/audit-names';
import type { Locale } from '../../src/lib/i18n';
import { actionLabel, truncate } from './audit-parts';
import { detailWords, targetName } from './audit-words';

/** Detail in a CSV cell (in words, and the whole JSON object as stored), cut at this length. */
const DETAIL_CELL_MAX = 2000;

/**
 * Audit entries as a table, for the CSV and the .xlsx alike. The CSV writes the time as an ISO instant with its
 * offset, so the file sorts and converts without guessing; the .xlsx as a date cell.
 */
export function auditTable(rows: AuditRow[], names: AuditNames, w: { t: Translate; locale: Locale; fmt: TimeFormat }): SheetTable {
  const { t } = w;
  return {
    name: t('admin.audit.title'),
    columns: [
      { header: t('admin.audit.col.when'), kind: 'datetime', width: 20, xlsxFormat: 'yyyy-mm-dd hh:mm:ss' },
      { header: t('admin.audit.col.actorId'), kind: 'number', width: 8 },
      { header: t('admin.audit.col.who'), kind: 'text', width: 16 },
      { header: t('admin.audit.col.role'), kind: 'text', width: 10 },
      { header: t('admin.audit.col.action'), kind: 'text', width: 28 },
      { header: t('admin.audit.col.label'), kind: 'text', width: 24 },
      { header: t('admin.audit.targetType'), kind: 'text', width: 12 },
      { header: t('admin.audit.targetId'), kind: 'text', width: 10 },
      { header: t('admin.audit.col.targetName'), kind: 'text', width: 24 },
      { header: t('admin.audit.col.detail'), kind: 'text', width: 48 },
      { header: t('admin.audit.col.ip'), kind: 'text', width: 16 },
      { header: t('admin.audit.col.request'), kind: 'text', width: 20 },
      { header: t('admin.audit.col.detailJson'), kind: 'text', width: 40 },
    ],
    rows: rows.map((r) => [
      r.at,
      r.actor ? r.actor.id : null,
      r.actor ? r.actor.name : t('admin.audit.system'),
      r.actor ? t(`role.${r.actor.role}`) : '',
      r.action,
      actionLabel(t, r.action) ?? '',
      r.targetType ?? '',
      r.targetId ?? '',
      targetName(w, names, r.targetType, r.targetId) ?? (r.targetId ? `#${r.targetId}` : ''),
      truncate(detailWords(w, names, r.action, r.detail), DETAIL_CELL_MAX),
      r.ip ?? '',
      r.requestId ?? '',
      r.detail ? truncate(JSON.stringify(r.detail), DETAIL_CELL_MAX) : '',
    ]),
  };
}

/** The CSV's dates: ISO instants with their offset. */
export const auditCsvDates = (fmt: TimeFormat): CsvDates => ({ date: fmt.iso, datetime: fmt.iso });

/** Audit entries as CSV (UTF-8 with a byte-order mark, so Excel opens Chinese names correctly). */
export function auditCsv(rows: AuditRow[], names: AuditNames, ctx: { t: Translate; locale: Locale; fmt: TimeFormat }): string {
  return sheetCsv(auditTable(rows, names, ctx), auditCsvDates(ctx.fmt));
}
