import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { Role } from '../../db/schema';
import type { Locale } from '../lib/i18n';
import { isValidPhone, normalizePhone } from '../lib/phone';
import { TEXT_LIMITS } from '../lib/text-limits';
import { normalizeText, textLength } from '../lib/text';

/**
 * Bulk member import, the pure part: reading the uploaded file and deciding, row by row, what an import would do.
 * No database and no clock here; the service supplies the tiers and the accounts that already hold the phones.
 */

export const IMPORT_MAX_ROWS = 20_000;
/** A name in the file is held to the same limit as the enrol form's. */
export const IMPORT_NAME_MAX = TEXT_LIMITS.personName;

export type ImportField = 'phone' | 'name' | 'tier' | 'language';
export const IMPORT_FIELDS: readonly ImportField[] = ['phone', 'name', 'tier', 'language'];
const REQUIRED_FIELDS: readonly ImportField[] = ['phone', 'name', 'tier'];

/** Header names, compared without case and spaces: English or Chinese. */
const HEADER_NAMES: Record<string, ImportField> = {
  phone: 'phone', mobile: 'phone', 手机号: 'phone', 手机号码: 'phone', 手机: 'phone',
  name: 'name', 姓名: 'name', 名字: 'name',
  tier: 'tier', 等级: 'tier', 会员等级: 'tier',
  language: 'language', lang: 'language', locale: 'language', 语言: 'language',
};

/** Language cells, compared without case: codes and the languages' names. An empty cell means "not given". */
const LANGUAGE_NAMES: Record<string, Locale> = {
  zh: 'zh', 'zh-cn': 'zh', 'zh-hans': 'zh', cn: 'zh', chinese: 'zh', 中文: 'zh', 简体中文: 'zh', 汉语: 'zh',
  en: 'en', 'en-us': 'en', 'en-gb': 'en', english: 'en', 英文: 'en', 英语: 'en',
};

/** Why a whole file is refused (nothing is stored). */
export type FileProblem =
  | { code: 'empty' }
  | { code: 'notUtf8' }
  | { code: 'notCsv' }
  | { code: 'badCsv'; line: number }
  | { code: 'noHeader' }
  | { code: 'missingColumn'; column: ImportField }
  | { code: 'unknownColumn'; column: string }
  | { code: 'duplicateColumn'; column: string }
  | { code: 'noRows' }
  | { code: 'tooManyRows'; count: number };

/**
 * A data row as written in the file, each cell through the normaliser every typed field goes through (normalizeText:
 * invisible controls removed, NFC, trimmed, one line); `line` is its line in the file, the header being line 1.
 */
export interface CsvRow {
  line: number;
  phone: string;
  name: string;
  tier: string;
  language: string;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: FileProblem };

const CSV_TYPES = new Set(['text/csv', 'application/csv', 'text/comma-separated-values', 'text/plain']);
/** Types browsers report for a .csv file they know nothing more about (Windows with Excel says vnd.ms-excel). */
const VAGUE_TYPES = new Set(['', 'application/octet-stream', 'application/vnd.ms-excel']);

/** A CSV upload by its declared type and name: an Excel workbook, an image or a PDF is refused before reading. */
export function looksLikeCsv(fileName: string, type: string): boolean {
  const mime = type.split(';')[0]!.trim().toLowerCase();
  if (CSV_TYPES.has(mime)) return true;
  return VAGUE_TYPES.has(mime) && /\.(csv|txt)$/i.test(fileName);
}

/** The file's text: UTF-8 only (with or without a byte-order mark, which is dropped); anything else is refused. */
export function decodeCsv(bytes: Uint8Array): Parsed<string> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, problem: { code: 'notUtf8' } };
  }
  if (text.includes('\u0000')) return { ok: false, problem: { code: 'notCsv' } };
  if (text.trim() === '') return { ok: false, problem: { code: 'empty' } };
  return { ok: true, value: text };
}

const headerKey = (cell: string) => normalizeText(cell, 'line').replace(/\s+/g, '').toLowerCase();

/**
 * Reads the CSV: line breaks CRLF, LF or CR; quoted fields; blank lines (and lines of empty cells) skipped. The first
 * line is the header naming the columns in any order (phone, name, tier and optionally language, in English or
 * Chinese); a column the import does not know is refused rather than ignored, so a misspelt "language" is noticed.
 */
export function parseImportCsv(text: string): Parsed<CsvRow[]> {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text.replace(/\r\n?/g, '\n'), { bom: true, info: true, trim: true, skip_empty_lines: true, skip_records_with_empty_values: true, relax_quotes: true }) as unknown as typeof records;
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : 0;
    return { ok: false, problem: { code: 'badCsv', line } };
  }
  const [head, ...body] = records;
  if (!head) return { ok: false, problem: { code: 'empty' } };
  const columns = new Map<ImportField, number>();
  for (const [i, cell] of head.record.entries()) {
    const field = HEADER_NAMES[headerKey(cell)];
    if (!field) return { ok: false, problem: isValidPhone(normalizePhone(cell)) ? { code: 'noHeader' } : { code: 'unknownColumn', column: cell.slice(0, 40) } };
    if (columns.has(field)) return { ok: false, problem: { code: 'duplicateColumn', column: cell.slice(0, 40) } };
    columns.set(field, i);
  }
  for (const field of REQUIRED_FIELDS) if (!columns.has(field)) return { ok: false, problem: { code: 'missingColumn', column: field } };
  if (body.length === 0) return { ok: false, problem: { code: 'noRows' } };
  if (body.length > IMPORT_MAX_ROWS) return { ok: false, problem: { code: 'tooManyRows', count: body.length } };
  const cell = (record: string[], field: ImportField) => {
    const i = columns.get(field);
    return i === undefined ? '' : normalizeText(record[i] ?? '', 'line');
  };
  return {
    ok: true,
    value: body.map(({ record, info }) => ({ line: info.lines, phone: cell(record, 'phone'), name: cell(record, 'name'), tier: cell(record, 'tier'), language: cell(record, 'language') })),
  };
}

export interface TierName {
  code: string;
  nameZh: string;
  nameEn: string;
}

/** A tier by its code or its Chinese or English name, without regard to case or spaces ("金卡", "Gold", "gold"). */
export function resolveTier(raw: string, tiers: readonly TierName[]): string | null {
  const key = headerKey(raw);
  if (!key) return null;
  return tiers.find((t) => [t.code, t.nameZh, t.nameEn].some((n) => headerKey(n) === key))?.code ?? null;
}

/** A language cell: a locale, null when not given, or 'invalid'. */
export function resolveLanguage(raw: string): Locale | null | 'invalid' {
  const key = raw.trim().toLowerCase();
  if (!key) return null;
  return LANGUAGE_NAMES[key] ?? 'invalid';
}

export type RowProblem =
  | { code: 'phone' }
  | { code: 'nameMissing' }
  | { code: 'nameTooLong' }
  | { code: 'nameMarkup' }
  | { code: 'tierMissing' }
  | { code: 'tier' }
  | { code: 'language' }
  | { code: 'duplicate'; line: number }
  | { code: 'staff' };

/** A row checked on its own and against the rows above it; `phone` is set when its phone is valid. */
export interface CheckedRow {
  row: CsvRow;
  phone: string | null;
  name: string;
  tierCode: string | null;
  locale: Locale | null;
  problems: RowProblem[];
}

/**
 * Checks every row by itself: the phone (normalised: spaces, dashes, +86, full-width digits), the name (1–40
 * characters once normalised like a typed name, no < or >), the tier and the language. A phone met again further down is an
 * error on every later row ("same phone as line n"); the first row with it is imported if it is otherwise fine.
 */
export function checkRows(rows: readonly CsvRow[], tiers: readonly TierName[]): CheckedRow[] {
  const firstLine = new Map<string, number>();
  return rows.map((row) => {
    const problems: RowProblem[] = [];
    const normalized = normalizePhone(row.phone);
    const phone = isValidPhone(normalized) ? normalized : null;
    if (!phone) problems.push({ code: 'phone' });
    else {
      const first = firstLine.get(phone);
      if (first !== undefined) problems.push({ code: 'duplicate', line: first });
      else firstLine.set(phone, row.line);
    }
    const name = row.name;
    if (!name) problems.push({ code: 'nameMissing' });
    else if (/[<>]/.test(name)) problems.push({ code: 'nameMarkup' });
    else if (textLength(name) > IMPORT_NAME_MAX) problems.push({ code: 'nameTooLong' });
    const tierCode = resolveTier(row.tier, tiers);
    if (!row.tier.trim()) problems.push({ code: 'tierMissing' });
    else if (!tierCode) problems.push({ code: 'tier' });
    const language = resolveLanguage(row.language);
    if (language === 'invalid') problems.push({ code: 'language' });
    return { row, phone, name, tierCode, locale: language === 'invalid' ? null : language, problems };
  });
}

/** The account that already holds a phone. */
export interface ExistingAccount {
  id: number;
  phone: string;
  name: string;
  role: Role;
  tierCode: string | null;
  locale: Locale;
}

export interface Change<T> {
  from: T;
  to: T;
}
export interface MemberChanges {
  name?: Change<string>;
  tier?: Change<string>;
  locale?: Change<Locale>;
}

export type RowOutcome =
  | { kind: 'create'; line: number; phone: string; name: string; tierCode: string; locale: Locale }
  | { kind: 'update'; line: number; phone: string; name: string; tierCode: string; locale: Locale; userId: number; changes: MemberChanges }
  | { kind: 'unchanged'; line: number; phone: string; name: string; tierCode: string; locale: Locale; userId: number }
  | { kind: 'error'; line: number; row: CsvRow; problems: RowProblem[] };

export type OutcomeKind = RowOutcome['kind'];
export const OUTCOME_KINDS: readonly OutcomeKind[] = ['create', 'update', 'unchanged', 'error'];
export type ImportCounts = Record<OutcomeKind, number>;

/**
 * What importing each row would do, given the accounts holding the file's phones: create a member (default
 * language Chinese), update one (name, tier and, when the file gives it, language; say what changes), leave one as it
 * is, or nothing because of errors — a phone held by a staff account is an error, never turned into a member.
 */
export function planImport(checked: readonly CheckedRow[], existing: ReadonlyMap<string, ExistingAccount>): RowOutcome[] {
  return checked.map((c) => {
    const line = c.row.line;
    const account = c.phone ? existing.get(c.phone) : undefined;
    const problems = account && account.role !== 'member' && !c.problems.some((p) => p.code === 'duplicate') ? [...c.problems, { code: 'staff' as const }] : c.problems;
    if (problems.length > 0 || !c.phone || !c.tierCode) return { kind: 'error', line, row: c.row, problems };
    if (!account) return { kind: 'create', line, phone: c.phone, name: c.name, tierCode: c.tierCode, locale: c.locale ?? 'zh' };
    const locale = c.locale ?? account.locale;
    const changes: MemberChanges = {};
    if (account.name !== c.name) changes.name = { from: account.name, to: c.name };
    if (account.tierCode !== c.tierCode) changes.tier = { from: account.tierCode ?? '', to: c.tierCode };
    if (account.locale !== locale) changes.locale = { from: account.locale, to: locale };
    const base = { line, phone: c.phone, name: c.name, tierCode: c.tierCode, locale, userId: account.id };
    return Object.keys(changes).length > 0 ? { kind: 'update', ...base, changes } : { kind: 'unchanged', ...base };
  });
}

export function countOutcomes(outcomes: readonly RowOutcome[]): ImportCounts {
  const counts: ImportCounts = { create: 0, update: 0, unchanged: 0, error: 0 };
  for (const o of outcomes) counts[o.kind] += 1;
  return counts;
}

/** SHA-256 of the file and of what importing it would do: another digest means the database changed meanwhile. */
export function previewDigest(content: string, outcomes: readonly RowOutcome[]): string {
  const hash = createHash('sha256').update(content).update('\u0000');
  for (const o of outcomes) {
    hash.update(JSON.stringify(o.kind === 'error' ? [o.line, o.kind, o.problems] : o)).update('\n');
  }
  return hash.digest('hex');
}
