import { stringify } from 'csv-stringify/sync';
import type { AuditRow } from '../../src/admin/audit-log';
import type { Translate } from '../../src/lib/i18n';
import type { TimeFormat } from '../../src/lib/time';
import { neutralizeFormula } from '../coordinator/roster-csv';
import { actionLabel, truncate } from './audit-parts';

/** Detail in a CSV cell: the whole JSON object, cut at this length. */
const DETAIL_CELL_MAX = 2000;

/**
 * Audit entries as CSV (UTF-8 with a byte-order mark, so Excel opens Chinese names correctly). The time is an ISO
 * instant with its offset, so the file sorts and converts without guessing; every cell that a spreadsheet would
 * read as a formula is neutralised.
 */
export function auditCsv(rows: AuditRow[], ctx: { t: Translate; fmt: TimeFormat }): string {
  const { t, fmt } = ctx;
  const header = [
    t('admin.audit.col.when'),
    t('admin.audit.col.actorId'),
    t('admin.audit.col.who'),
    t('admin.audit.col.role'),
    t('admin.audit.col.action'),
    t('admin.audit.col.label'),
    t('admin.audit.targetType'),
    t('admin.audit.targetId'),
    t('admin.audit.col.detail'),
    t('admin.audit.col.ip'),
    t('admin.audit.col.request'),
  ];
  const body = rows.map((r) =>
    [
      fmt.iso(r.at),
      r.actor ? String(r.actor.id) : '',
      r.actor ? r.actor.name : t('admin.audit.system'),
      r.actor ? t(`role.${r.actor.role}`) : '',
      r.action,
      actionLabel(t, r.action) ?? '',
      r.targetType ?? '',
      r.targetId ?? '',
      r.detail ? truncate(JSON.stringify(r.detail), DETAIL_CELL_MAX) : '',
      r.ip ?? '',
      r.requestId ?? '',
    ].map(neutralizeFormula),
  );
  return '\uFEFF' + stringify([header, ...body], { record_delimiter: 'windows' });
}
