import { stringify } from 'csv-stringify/sync';
import type { RowOutcome } from '../../src/admin/import-csv';
import type { Locale, Translate } from '../../src/lib/i18n';
import { neutralizeFormula } from '../coordinator/roster-csv';
import { rowProblemText } from './import-text';

type ErrorRow = Extract<RowOutcome, { kind: 'error' }>;

const csv = (rows: string[][]) => '\uFEFF' + stringify(rows.map((r) => r.map(neutralizeFormula)), { record_delimiter: 'windows' });

/** The rows that were not imported and why, in the admin's language (UTF-8 with a byte-order mark for Excel). */
export function importErrorsCsv(errors: readonly ErrorRow[], { t, locale }: { t: Translate; locale: Locale }): string {
  const header = [t('admin.import.col.line'), t('admin.import.col.phone'), t('admin.import.col.name'), t('admin.import.col.tier'), t('admin.import.col.language'), t('admin.import.col.reasons')];
  const sep = locale === 'zh' ? '；' : '; ';
  return csv([header, ...errors.map((e) => [String(e.line), e.row.phone, e.row.name, e.row.tier, e.row.language, e.problems.map((p) => rowProblemText(t, p)).join(sep)])]);
}

/** An empty file with the header row, in the admin's language (the import reads Chinese and English headers alike). */
export function importTemplateCsv(t: Translate): string {
  return csv([[t('admin.import.col.phone'), t('admin.import.col.name'), t('admin.import.col.tier'), t('admin.import.col.language')]]);
}
