import { and, desc, eq, inArray } from 'drizzle-orm';
import pLimit from 'p-limit';
import { importBatches, tiers, users, type ImportStatus } from '../../db/schema';
import { generateServicePassword, PasswordHasherBusyError, type PasswordHasher } from '../auth/password';
import type { Actor } from '../auth/policy';
import type { Db } from '../db';
import { audit } from '../lib/audit';
import { MINUTE } from '../lib/clock';
import type { AppDeps } from '../lib/context';
import { translator } from '../lib/i18n';
import { normalizeText } from '../lib/text';
import { err, ok, type Result } from '../lib/result';
import { zonedParts } from '../lib/time';
import { checkRows, countOutcomes, decodeCsv, looksLikeCsv, parseImportCsv, planImport, previewDigest, type ExistingAccount, type FileProblem, type ImportCounts, type RowOutcome } from './import-csv';
import { writeChunk, type CreatedMember, type PreparedCreate, type UpdateRow } from './import-write';

/**
 * Bulk member import from CSV: upload (checked and stored with its preview's digest), preview, import in chunks with
 * progress in the database, error report. Admins only, checked here in every function.
 */

type Deps = Pick<AppDeps, 'db' | 'clock' | 'passwords' | 'logger'> & { config: { timeZone: string } };

/** Rows written per write transaction. */
export const IMPORT_CHUNK = 500;
/** An import still "importing" this long after it started was cut off (the process stopped). */
export const IMPORT_STALE_MS = 10 * MINUTE;
/** Initial passwords handed to the hashing pool at once: enough to keep it busy, leaving half its queue (64) to sign-ins. */
const HASHES_IN_FLIGHT = 32;

export interface BatchInfo {
  id: number;
  fileName: string;
  createdAt: number;
  createdByName: string | null;
  status: ImportStatus;
  rowCount: number;
  summary: Record<string, number>;
  processed: number;
  /** rows to write: the preview's creates and updates */
  toWrite: number;
  startedAt: number | null;
  finishedAt: number | null;
  failure: string | null;
  /** importing, but for so long that the process doing it must have stopped */
  stale: boolean;
}

export interface Preview {
  outcomes: RowOutcome[];
  counts: ImportCounts;
  digest: string;
}

type Evaluated = { ok: true; value: Preview } | { ok: false; problem: FileProblem };

/** Reads the file and decides every row against the tiers and the accounts holding its phones, as they are now. */
async function evaluate(db: Db, content: string): Promise<Evaluated> {
  const parsed = parseImportCsv(content);
  if (!parsed.ok) return parsed;
  const tierRows = await db.select({ code: tiers.code, nameZh: tiers.nameZh, nameEn: tiers.nameEn }).from(tiers);
  const checked = checkRows(parsed.value, tierRows);
  const phones = [...new Set(checked.flatMap((c) => (c.phone ? [c.phone] : [])))];
  const existing = new Map<string, ExistingAccount>();
  for (let i = 0; i < phones.length; i += IMPORT_CHUNK) {
    const found = await db
      .select({ id: users.id, phone: users.phone, name: users.name, role: users.role, tierCode: users.tierCode, locale: users.locale })
      .from(users)
      .where(inArray(users.phone, phones.slice(i, i + IMPORT_CHUNK)));
    for (const account of found) existing.set(account.phone, account);
  }
  const outcomes = planImport(checked, existing);
  return { ok: true, value: { outcomes, counts: countOutcomes(outcomes), digest: previewDigest(content, outcomes) } };
}

/**
 * The uploaded file's name as shown and recorded: through the shared normaliser (a right-to-left override in a file
 * name is an old disguise), without its folders, and at most 120 characters — a label for the upload, not text
 * anyone typed into a field, so it is shortened rather than the upload refused.
 */
const cleanFileName = (name: string) => [...normalizeText(name, 'line').split(/[\\/]/).pop()!.trim()].slice(0, 120).join('') || 'import.csv';

export type UploadResult = Result<{ batchId: number }, 'forbidden'> | { ok: false; error: 'invalid_file'; problem: FileProblem };

/** Checks an uploaded file and stores it with its preview; a malformed file is refused whole and nothing is stored. */
export async function uploadImport(deps: Deps, actor: Actor, file: { name: string; type: string; bytes: Uint8Array }): Promise<UploadResult> {
  if (actor.role !== 'admin') return err('forbidden');
  const refuse = (problem: FileProblem) => ({ ok: false as const, error: 'invalid_file' as const, problem });
  if (file.bytes.length === 0) return refuse({ code: 'empty' });
  if (!looksLikeCsv(file.name, file.type)) return refuse({ code: 'notCsv' });
  const text = decodeCsv(file.bytes);
  if (!text.ok) return refuse(text.problem);
  const content = text.value.replace(/^\uFEFF/, '');
  const preview = await evaluate(deps.db, content);
  if (!preview.ok) return refuse(preview.problem);
  const now = deps.clock.now();
  const fileName = cleanFileName(file.name);
  const { counts, digest, outcomes } = preview.value;
  const batchId = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(importBatches)
      .values({ createdBy: actor.id, createdAt: now, fileName, content, digest, status: 'previewed', rowCount: outcomes.length, summary: counts })
      .returning({ id: importBatches.id });
    await audit(tx, actor, now, { action: 'member.import.previewed', targetType: 'import', targetId: row!.id, detail: { file: fileName, rows: outcomes.length, ...counts } });
    return row!.id;
  });
  return ok({ batchId });
}

async function loadBatch(deps: Deps, id: number): Promise<(BatchInfo & { content: string; digest: string }) | null> {
  const [row] = await deps.db
    .select({ batch: importBatches, createdByName: users.name })
    .from(importBatches)
    .leftJoin(users, eq(users.id, importBatches.createdBy))
    .where(eq(importBatches.id, id));
  if (!row) return null;
  return { ...toInfo(deps, row.batch, row.createdByName), content: row.batch.content, digest: row.batch.digest };
}

function toInfo(deps: Deps, b: typeof importBatches.$inferSelect, createdByName: string | null): BatchInfo {
  const s = b.summary;
  const stale = b.status === 'importing' && b.startedAt !== null && deps.clock.now() - b.startedAt > IMPORT_STALE_MS;
  const toWrite = (s.create ?? 0) + (s.update ?? 0) + (s.skipped ?? 0);
  return { id: b.id, fileName: b.fileName, createdAt: b.createdAt, createdByName, status: b.status, rowCount: b.rowCount, summary: s, processed: b.processed, toWrite, startedAt: b.startedAt, finishedAt: b.finishedAt, failure: b.failure, stale };
}

/** The latest imports, newest first. */
export async function listImports(deps: Deps, actor: Actor, limit = 20): Promise<Result<BatchInfo[], 'forbidden'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const rows = await deps.db
    .select({ batch: importBatches, createdByName: users.name })
    .from(importBatches)
    .leftJoin(users, eq(users.id, importBatches.createdBy))
    .orderBy(desc(importBatches.createdAt), desc(importBatches.id))
    .limit(limit);
  return ok(rows.map((r) => toInfo(deps, r.batch, r.createdByName)));
}

/** A batch, and while it waits to be imported, its preview worked out afresh against the database as it is now. */
export async function getImport(deps: Deps, actor: Actor, id: number): Promise<Result<{ batch: BatchInfo; preview: Preview | null }, 'forbidden' | 'not_found'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const batch = await loadBatch(deps, id);
  if (!batch) return err('not_found');
  const { content: _content, digest: _digest, ...info } = batch;
  if (batch.status !== 'previewed') return ok({ batch: info, preview: null });
  const preview = await evaluate(deps.db, batch.content);
  if (!preview.ok) throw new Error(`stored import ${id} no longer parses: ${preview.problem.code}`);
  return ok({ batch: info, preview: preview.value });
}

/** How far an import has got, from the database (so any instance answers the same). */
export async function importProgress(deps: Deps, actor: Actor, id: number): Promise<Result<BatchInfo, 'forbidden' | 'not_found'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const batch = await loadBatch(deps, id);
  if (!batch) return err('not_found');
  const { content: _content, digest: _digest, ...info } = batch;
  return ok(info);
}

/** The rows of a batch that are not imported, with their reasons, worked out from the stored file. */
export async function importErrors(deps: Deps, actor: Actor, id: number): Promise<Result<{ batch: BatchInfo; errors: Array<Extract<RowOutcome, { kind: 'error' }>> }, 'forbidden' | 'not_found'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const batch = await loadBatch(deps, id);
  if (!batch) return err('not_found');
  const preview = await evaluate(deps.db, batch.content);
  if (!preview.ok) throw new Error(`stored import ${id} no longer parses: ${preview.problem.code}`);
  const { content: _content, digest: _digest, ...info } = batch;
  return ok({ batch: info, errors: preview.value.outcomes.flatMap((o) => (o.kind === 'error' ? [o] : [])) });
}

export type ImportRun =
  /** the database changed since the preview the admin saw: nothing written, here is the new one */
  | { kind: 'changed'; batch: BatchInfo; preview: Preview }
  /** already importing, imported or stopped (another request got there first) */
  | { kind: 'taken'; batch: BatchInfo }
  /** finished, or stopped by an error part-way; `created` holds the initial passwords, shown once and never stored */
  | { kind: 'done' | 'failed'; batch: BatchInfo; created: CreatedMember[]; skipped: Array<{ line: number; phone: string }> };

/**
 * Why an import stopped, fit to keep and to log: never the statement's parameters (a failed query's message lists
 * them, and the SMS text carries an initial password), never a 6-digit code.
 */
export function failureText(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const message = cause instanceof Error ? cause.message : String(error);
  return message.split(/\bparams:/)[0]!.replace(/(?<!\d)\d{6}(?!\d)/g, '******').trim().slice(0, 300) || 'unknown error';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Hashes through the shared pool; when sign-ins have filled its queue, waits for room rather than failing the import. */
async function hashInitial(passwords: PasswordHasher, password: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await passwords.hashInitial(password);
    } catch (error) {
      if (!(error instanceof PasswordHasherBusyError) || attempt >= 200) throw error;
      await sleep(25);
    }
  }
}

function prepareCreates(passwords: PasswordHasher, rows: RowOutcome[]): Promise<PreparedCreate[]> {
  const limit = pLimit(HASHES_IN_FLIGHT);
  return Promise.all(
    rows.flatMap((row) => {
      if (row.kind !== 'create') return [];
      const password = generateServicePassword();
      return [limit(async () => ({ row, password, passwordHash: await hashInitial(passwords, password) }))];
    }),
  );
}

/**
 * Imports a previewed batch if the database still gives the preview the admin saw (`digestSeen`); otherwise writes
 * nothing and returns the new preview. One request claims the batch (previewed → importing); rows are written
 * IMPORT_CHUNK at a time, each chunk one write transaction that also advances `processed`, while the next chunk's
 * initial passwords are already being hashed. Error rows are skipped. One `member.import` audit entry per batch.
 */
export async function runImport(deps: Deps, actor: Actor, id: number, digestSeen: string): Promise<Result<ImportRun, 'forbidden' | 'not_found'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const batch = await loadBatch(deps, id);
  if (!batch) return err('not_found');
  const { content, digest: _digest, ...info } = batch;
  if (batch.status !== 'previewed') return ok({ kind: 'taken', batch: info });
  const evaluated = await evaluate(deps.db, content);
  if (!evaluated.ok) throw new Error(`stored import ${id} no longer parses: ${evaluated.problem.code}`);
  const preview = evaluated.value;
  const claimedAt = deps.clock.now();
  if (preview.digest !== digestSeen) {
    await deps.db.update(importBatches).set({ digest: preview.digest, summary: preview.counts }).where(and(eq(importBatches.id, id), eq(importBatches.status, 'previewed')));
    return ok({ kind: 'changed', batch: { ...info, summary: preview.counts }, preview });
  }
  const [claimed] = await deps.db
    .update(importBatches)
    .set({ status: 'importing', startedAt: claimedAt, processed: 0, summary: preview.counts })
    .where(and(eq(importBatches.id, id), eq(importBatches.status, 'previewed')))
    .returning({ id: importBatches.id });
  if (!claimed) return ok({ kind: 'taken', batch: (await loadBatch(deps, id))! });

  const tierRows = new Map((await deps.db.select().from(tiers)).map((t) => [t.code, t]));
  const texts = { zh: translator('zh'), en: translator('en') };
  const smsText = (locale: 'zh' | 'en', password: string) => texts[locale]('admin.import.sms', { password });
  const work = preview.outcomes.filter((o) => o.kind === 'create' || o.kind === 'update');
  const chunks: RowOutcome[][] = [];
  for (let i = 0; i < work.length; i += IMPORT_CHUNK) chunks.push(work.slice(i, i + IMPORT_CHUNK));

  const created: CreatedMember[] = [];
  const skipped: Array<{ line: number; phone: string }> = [];
  let updated = 0;
  let failure: string | null = null;
  let next = chunks.length > 0 ? prepareCreates(deps.passwords, chunks[0]!) : null;
  next?.catch(() => {}); // awaited below; this only keeps an early failure from being reported as unhandled
  try {
    for (let i = 0; i < chunks.length; i++) {
      const creates = await next!;
      next = i + 1 < chunks.length ? prepareCreates(deps.passwords, chunks[i + 1]!) : null;
      next?.catch(() => {});
      const now = deps.clock.now();
      const updates = chunks[i]!.filter((o): o is UpdateRow => o.kind === 'update');
      const result = await writeChunk(deps.db, { actor, now, year: zonedParts(now, deps.config.timeZone).year, batchId: id, tiers: tierRows, smsText }, creates, updates);
      created.push(...result.created);
      skipped.push(...result.skipped);
      updated += result.updated;
    }
  } catch (error) {
    failure = failureText(error);
    deps.logger.error('member import stopped', { batch: id, rowsWritten: created.length + updated, error: failure });
  }

  const summary = { create: created.length, update: updated, unchanged: preview.counts.unchanged, error: preview.counts.error, skipped: skipped.length };
  const finishedAt = deps.clock.now();
  const status = failure === null ? 'done' : 'failed';
  await deps.db.transaction(async (tx) => {
    await tx.update(importBatches).set({ status, finishedAt, summary, failure }).where(eq(importBatches.id, id));
    await audit(tx, actor, finishedAt, { action: 'member.import', targetType: 'import', targetId: id, detail: { file: batch.fileName, status, rows: batch.rowCount, created: summary.create, updated: summary.update, unchanged: summary.unchanged, errors: summary.error, skipped: summary.skipped } });
  });
  const after = (await loadBatch(deps, id))!;
  const { content: _c, digest: _d, ...finalInfo } = after;
  return ok({ kind: status, batch: finalInfo, created, skipped });
}

export const PREVIEW_PAGE_SIZE = 100;

/** One page of a preview's rows, all of them or those of one outcome. */
export function previewRows(outcomes: readonly RowOutcome[], filter: 'all' | RowOutcome['kind'], page: number): { rows: RowOutcome[]; page: number; pages: number } {
  const chosen = filter === 'all' ? outcomes : outcomes.filter((o) => o.kind === filter);
  const pages = Math.max(1, Math.ceil(chosen.length / PREVIEW_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  return { rows: chosen.slice((current - 1) * PREVIEW_PAGE_SIZE, current * PREVIEW_PAGE_SIZE), page: current, pages };
}
