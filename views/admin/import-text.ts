import type { FileProblem, ImportField, MemberChanges, RowProblem } from '../../src/admin/import-csv';
import { IMPORT_MAX_ROWS, IMPORT_NAME_MAX } from '../../src/admin/import-csv';
import type { Locale, Translate } from '../../src/lib/i18n';

/** Wording shared by the import pages and the error report. */

export interface TierLabel {
  code: string;
  nameZh: string;
  nameEn: string;
}

export function columnLabel(t: Translate, field: ImportField): string {
  return t(`admin.import.col.${field}`);
}

export function fileProblemText(t: Translate, problem: FileProblem | { code: 'noFile' }): string {
  switch (problem.code) {
    case 'badCsv':
      return t('admin.import.problem.badCsv', { line: problem.line });
    case 'missingColumn':
      return t('admin.import.problem.missingColumn', { column: columnLabel(t, problem.column) });
    case 'unknownColumn':
    case 'duplicateColumn':
      return t(`admin.import.problem.${problem.code}`, { column: problem.column });
    case 'tooManyRows':
      return t('admin.import.problem.tooManyRows', { count: problem.count, max: IMPORT_MAX_ROWS });
    default:
      return t(`admin.import.problem.${problem.code}`);
  }
}

export function rowProblemText(t: Translate, problem: RowProblem): string {
  switch (problem.code) {
    case 'duplicate':
      return t('admin.import.row.duplicate', { line: problem.line });
    case 'nameTooLong':
      return t('admin.import.row.nameTooLong', { max: IMPORT_NAME_MAX });
    default:
      return t(`admin.import.row.${problem.code}`);
  }
}

export function tierLabel(locale: Locale, tiers: readonly TierLabel[], code: string): string {
  const tier = tiers.find((x) => x.code === code);
  if (!tier) return code;
  return locale === 'zh' ? tier.nameZh : tier.nameEn;
}

export function languageLabel(t: Translate, locale: Locale): string {
  return t(`admin.import.language.${locale}`);
}

/** "name: 张三 → 张三丰", one entry per field that changes. */
export function changeTexts(ctx: { t: Translate; locale: Locale }, tiers: readonly TierLabel[], changes: MemberChanges): string[] {
  const { t, locale } = ctx;
  const out: string[] = [];
  if (changes.name) out.push(t('admin.import.change.name', { from: changes.name.from, to: changes.name.to }));
  if (changes.tier) out.push(t('admin.import.change.tier', { from: tierLabel(locale, tiers, changes.tier.from), to: tierLabel(locale, tiers, changes.tier.to) }));
  if (changes.locale) out.push(t('admin.import.change.locale', { from: languageLabel(t, changes.locale.from), to: languageLabel(t, changes.locale.to) }));
  return out;
}
