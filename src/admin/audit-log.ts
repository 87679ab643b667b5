import { and, desc, eq, gte, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { auditLog, users, type Role } from '../../db/schema';
import type { Actor } from '../auth/policy';
import type { DbOrTx } from '../db';
import { audit } from '../lib/audit';
import type { AppDeps } from '../lib/context';
import { searchText, textLength, type Problem } from '../lib/forms';
import { isValidPhone, normalizePhone } from '../lib/phone';
import { err, ok, type Result } from '../lib/result';
import { TEXT_LIMITS } from '../lib/text-limits';
import { addZonedDays, parseLocalDate } from '../lib/time';
import { escapeLike } from '../lib/name-search';
import { auditNames, type AuditNames } from './audit-names';

/**
 * The audit log, read-only: filters by who, what, which target and when, newest first, in pages of 50 found by
 * keyset (the `at` and id of the last row shown), so every page is one index range however deep it is.
 */

type Deps = Pick<AppDeps, 'db' | 'clock'> & { config: { timeZone: string } };

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_CSV_MAX_ROWS = 10_000;
/** More people than this matching a typed name is a sign the name needs narrowing. */
export const AUDIT_ACTOR_MATCH_MAX = 50;

/** What the services write as targets; the filter offers these (others typed into the address still work). */
export const AUDIT_TARGET_TYPES = ['user', 'club', 'club_membership', 'event', 'registration', 'lounge', 'lounge_booking', 'tier', 'feedback_ticket', 'outbox', 'import'] as const;

/** The filter as typed, kept for the form. */
export interface AuditFilterInput {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  from: string;
  to: string;
}

export const EMPTY_AUDIT_FILTER: AuditFilterInput = { actor: '', action: '', targetType: '', targetId: '', from: '', to: '' };

/** The filter resolved to conditions. */
export interface AuditFilter {
  actor: { ids: number[] } | 'system' | null;
  action: { exact: string } | { prefix: string } | null;
  target: { type: string; id: string | null } | null;
  /** [from, to) as UTC instants */
  from: number | null;
  to: number | null;
}

export interface AuditPerson {
  id: number;
  name: string;
  role: Role;
}

export interface AuditRow {
  id: number;
  at: number;
  actor: AuditPerson | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  detail: Record<string, unknown> | null;
  ip: string | null;
  requestId: string | null;
}

export interface AuditPage {
  filter: AuditFilterInput;
  problems: Record<string, Problem>;
  /** the people the actor text matched (shown so the reader knows whose actions these are) */
  people: AuditPerson[];
  rows: AuditRow[];
  /** the id to ask for the next (older) page with, if there is one */
  olderBefore: number | null;
  /** false when this page was reached through `before` */
  first: boolean;
  /** the names behind the page's targets and detail ids (src/admin/audit-names.ts) */
  names: AuditNames;
}

const ACTION_RE = /^[a-z][a-zA-Z0-9_]*(\.[a-zA-Z0-9_]+)*(\.|\.?\*)?$/;
const TARGET_TYPE_RE = /^[a-z][a-z_]{0,31}$/;
const TARGET_ID_RE = /^[A-Za-z0-9_.:-]{1,64}$/;
const SYSTEM_WORDS = new Set(['system', '系统']);

/** Reads the filter from a query string, checking what can be checked without the database. */
export function readAuditFilter(query: Record<string, string | undefined>, zone: string): { input: AuditFilterInput; filter: AuditFilter; problems: Record<string, Problem> } {
  const problems: Record<string, Problem> = {};
  // each filter as typed (normalised, never cut); one longer than its box takes is refused at the box
  const s = (k: keyof AuditFilterInput, max: number) => {
    const value = searchText(query[k]);
    const count = textLength(value);
    if (count > max) problems[k] = { key: 'text.tooLong', params: { max, count } };
    return value;
  };
  const input: AuditFilterInput = { actor: s('actor', TEXT_LIMITS.peopleSearch), action: s('action', 80), targetType: s('targetType', 32), targetId: s('targetId', 64), from: s('from', 20), to: s('to', 20) };
  const filter: AuditFilter = { actor: null, action: null, target: null, from: null, to: null };

  if (Object.keys(problems).length > 0) return { input, filter, problems };
  if (input.action) {
    if (!ACTION_RE.test(input.action)) problems.action = { key: 'admin.audit.actionInvalid' };
    else if (input.action.endsWith('*') || input.action.endsWith('.')) filter.action = { prefix: input.action.replace(/\*$/, '') };
    else filter.action = { exact: input.action };
  }
  if (input.targetType && !TARGET_TYPE_RE.test(input.targetType)) problems.targetType = { key: 'validation.invalid' };
  else if (input.targetId && !TARGET_ID_RE.test(input.targetId)) problems.targetId = { key: 'validation.invalid' };
  else if (input.targetId && !input.targetType) problems.targetType = { key: 'admin.audit.targetTypeNeeded' };
  else if (input.targetType) filter.target = { type: input.targetType, id: input.targetId || null };

  if (input.from) {
    filter.from = parseLocalDate(input.from, zone);
    if (filter.from === null) problems.from = { key: 'admin.audit.dateInvalid' };
  }
  if (input.to) {
    const day = parseLocalDate(input.to, zone);
    if (day === null) problems.to = { key: 'admin.audit.dateInvalid' };
    else filter.to = addZonedDays(day, 1, zone);
  }
  if (filter.from !== null && filter.to !== null && filter.to <= filter.from) problems.to = { key: 'admin.audit.dateOrder' };
  return { input, filter, problems };
}

/** The smallest text greater than every text starting with `prefix`: its last character moved up by one. */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}


const personColumns = { id: users.id, name: users.name, role: users.role };

/**
 * Who the actor text means: "system" (nobody), "#42" (an account id), a full phone number, the last four digits
 * of a phone, or a name (exactly, else any part of it).
 */
async function resolveActor(db: DbOrTx, text: string): Promise<{ actor: AuditFilter['actor']; people: AuditPerson[]; problem?: Problem }> {
  if (!text) return { actor: null, people: [] };
  if (SYSTEM_WORDS.has(text.toLowerCase())) return { actor: 'system', people: [] };
  let people: AuditPerson[];
  const digits = normalizePhone(text);
  if (/^#[1-9]\d{0,15}$/.test(text)) {
    people = await db.select(personColumns).from(users).where(eq(users.id, Number(text.slice(1))));
  } else if (isValidPhone(digits)) {
    people = await db.select(personColumns).from(users).where(eq(users.phone, digits));
  } else if (/^\d{4}$/.test(digits)) {
    people = await db.select(personColumns).from(users).where(sql`substr(${users.phone}, -4) = ${digits}`).limit(AUDIT_ACTOR_MATCH_MAX + 1);
  } else {
    people = await db.select(personColumns).from(users).where(eq(users.name, text)).limit(AUDIT_ACTOR_MATCH_MAX + 1);
    if (people.length === 0) {
      people = await db
        .select(personColumns)
        .from(users)
        .where(sql`${users.name} LIKE ${`%${escapeLike(text)}%`} ESCAPE '\\'`)
        .limit(AUDIT_ACTOR_MATCH_MAX + 1);
    }
  }
  if (people.length === 0) return { actor: { ids: [] }, people, problem: { key: 'admin.audit.actorUnknown' } };
  if (people.length > AUDIT_ACTOR_MATCH_MAX) return { actor: { ids: [] }, people: [], problem: { key: 'admin.audit.actorTooMany', params: { max: AUDIT_ACTOR_MATCH_MAX } } };
  return { actor: { ids: people.map((p) => p.id) }, people };
}

/**
 * The page query: filters, then the keyset (rows older than the cursor), newest first. `at <= cursor.at` is the
 * range the index seeks to; the second condition drops the rows of the same instant already shown.
 */
export function auditQuery(db: DbOrTx, filter: AuditFilter, cursor: { at: number; id: number } | null, limit: number) {
  // One target's history is short: when a target is named, the other filters are checked on its rows (a unary +
  // keeps SQLite from walking a busy person's or action's entries instead).
  const narrow = filter.target !== null && filter.target.id !== null;
  const actorId = narrow ? sql`+${auditLog.actorId}` : sql`${auditLog.actorId}`;
  const action = narrow ? sql`+${auditLog.action}` : sql`${auditLog.action}`;
  const conditions: SQL[] = [];
  if (filter.actor === 'system') conditions.push(isNull(actorId));
  else if (filter.actor && filter.actor.ids.length === 1) conditions.push(eq(actorId, filter.actor.ids[0]!));
  else if (filter.actor) conditions.push(inArray(actorId, filter.actor.ids));
  if (filter.action && 'exact' in filter.action) conditions.push(eq(action, filter.action.exact));
  else if (filter.action) conditions.push(gte(action, filter.action.prefix), lt(action, prefixEnd(filter.action.prefix)));
  if (filter.target) {
    conditions.push(eq(auditLog.targetType, filter.target.type));
    if (filter.target.id !== null) conditions.push(eq(auditLog.targetId, filter.target.id));
  }
  if (filter.from !== null) conditions.push(gte(auditLog.at, filter.from));
  if (filter.to !== null) conditions.push(lt(auditLog.at, filter.to));
  if (cursor) conditions.push(lte(auditLog.at, cursor.at), or(lt(auditLog.at, cursor.at), lt(auditLog.id, cursor.id))!);
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorId: auditLog.actorId,
      actorName: users.name,
      actorRole: users.role,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      detail: auditLog.detail,
      ip: auditLog.ip,
      requestId: auditLog.requestId,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...conditions))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
}

const SECRET_KEY = /password|secret|token|hash/i;

/** Detail as stored, with anything that looks like a secret blanked (nothing should be there; this makes sure). */
function redact(detail: unknown): Record<string, unknown> | null {
  if (!detail || typeof detail !== 'object' || Array.isArray(detail)) return detail === null || detail === undefined ? null : { value: detail };
  return Object.fromEntries(Object.entries(detail as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) ? '••••' : v && typeof v === 'object' && !Array.isArray(v) ? redact(v) : v]));
}

type QueryRow = Awaited<ReturnType<ReturnType<typeof auditQuery>['execute']>>[number];

function toRow(r: QueryRow): AuditRow {
  return {
    id: r.id,
    at: r.at,
    actor: r.actorId !== null && r.actorName !== null && r.actorRole !== null ? { id: r.actorId, name: r.actorName, role: r.actorRole } : null,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    detail: redact(r.detail),
    ip: r.ip,
    requestId: r.requestId,
  };
}

async function resolve(db: DbOrTx, query: Record<string, string | undefined>, zone: string) {
  const read = readAuditFilter(query, zone);
  // an actor already refused (too long) is not looked up
  const who = read.problems.actor ? { actor: null, people: [] } : await resolveActor(db, read.input.actor);
  read.filter.actor = who.actor;
  const problems = { ...read.problems, ...('problem' in who && who.problem ? { actor: who.problem } : {}) };
  return { input: read.input, filter: read.filter, problems, people: who.people };
}

/** One page of the log for an admin. `before` is the id of the last row of the previous page. */
export async function auditLogPage(deps: Deps, actor: Actor, query: Record<string, string | undefined>, before: number | null): Promise<Result<AuditPage, 'forbidden'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const { input, filter, problems, people } = await resolve(deps.db, query, deps.config.timeZone);
  if (Object.keys(problems).length > 0) return ok({ filter: input, problems, people, rows: [], olderBefore: null, first: true, names: new Map() });
  const [cursorRow] = before === null ? [] : await deps.db.select({ at: auditLog.at, id: auditLog.id }).from(auditLog).where(eq(auditLog.id, before));
  const found = await auditQuery(deps.db, filter, cursorRow ?? null, AUDIT_PAGE_SIZE + 1);
  const rows = found.slice(0, AUDIT_PAGE_SIZE).map(toRow);
  const names = await auditNames(deps.db, rows);
  return ok({ filter: input, problems, people, rows, olderBefore: found.length > AUDIT_PAGE_SIZE ? rows[rows.length - 1]!.id : null, first: !cursorRow, names });
}

/**
 * The rows for a CSV file of the current filter (newest first, at most AUDIT_CSV_MAX_ROWS). Taking a copy of the
 * log out of the system is itself recorded.
 */
export async function auditLogExport(
  deps: Deps,
  actor: Actor,
  query: Record<string, string | undefined>,
): Promise<Result<{ rows: AuditRow[]; names: AuditNames; truncated: boolean; page: AuditPage | null }, 'forbidden'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const { input, filter, problems, people } = await resolve(deps.db, query, deps.config.timeZone);
  if (Object.keys(problems).length > 0) return ok({ rows: [], names: new Map(), truncated: false, page: { filter: input, problems, people, rows: [], olderBefore: null, first: true, names: new Map() } });
  const found = await auditQuery(deps.db, filter, null, AUDIT_CSV_MAX_ROWS + 1);
  const rows = found.slice(0, AUDIT_CSV_MAX_ROWS).map(toRow);
  const used = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== ''));
  const names = await auditNames(deps.db, rows);
  await audit(deps.db, actor, deps.clock.now(), { action: 'audit.log.exported', detail: { rows: rows.length, ...used } });
  return ok({ rows, names, truncated: found.length > AUDIT_CSV_MAX_ROWS, page: null });
}
