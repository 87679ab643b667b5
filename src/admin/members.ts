import { and, asc, count, desc, eq, gte, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { ROLES, tiers, users, type Role } from '../../db/schema';
import type { Actor } from '../auth/policy';
import type { DbOrTx } from '../db';
import { normalizeCode } from '../lib/codes';
import type { AppDeps } from '../lib/context';
import { searchText } from '../lib/forms';
import { normalizePhone } from '../lib/phone';
import { err, ok, type Result } from '../lib/result';
import { escapeLike, nameContains } from '../lib/name-search';

/** Members and staff for admins: the search behind /admin/members. One person's page is in ./member-detail.ts. */

export const PEOPLE_PAGE_SIZE = 50;
/** Counting stops here: a broad query on 100,000 people never counts them all on every keystroke. */
export const PEOPLE_COUNT_CAP = 1000;
export const PEOPLE_STATUSES = ['all', 'active', 'disabled'] as const;
export type PeopleStatus = (typeof PEOPLE_STATUSES)[number];
/** Deep enough for 100,000 people at 50 a page; anything beyond is read as the last allowed page. */
export const PEOPLE_MAX_PAGE = 5000;

export interface PeopleQuery {
  q: string;
  role: Role | null;
  tier: string | null;
  status: PeopleStatus;
  page: number;
}

export interface PersonRow {
  id: number;
  name: string;
  phone: string;
  role: Role;
  tierCode: string | null;
  tierNameZh: string | null;
  tierNameEn: string | null;
  disabledAt: number | null;
  createdAt: number;
}

export interface PeoplePage {
  query: PeopleQuery;
  rows: PersonRow[];
  /** people matching, exact unless `capped` (then "more than PEOPLE_COUNT_CAP") */
  total: number;
  capped: boolean;
  hasNext: boolean;
  /** known only when the count is exact */
  pages: number | null;
  tiers: Array<{ code: string; nameZh: string; nameEn: string }>;
}

/** Reads the list's query string; anything unknown falls back to the default. */
export function parsePeopleQuery(params: URLSearchParams): PeopleQuery {
  const role = params.get('role');
  const status = params.get('status');
  const tier = params.get('tier');
  const page = Number(params.get('page'));
  return {
    q: searchText(params.get('q')),
    role: (ROLES as readonly string[]).includes(role ?? '') ? (role as Role) : null,
    tier: tier && /^[a-z0-9_-]{1,32}$/.test(tier) ? tier : null,
    status: (PEOPLE_STATUSES as readonly string[]).includes(status ?? '') ? (status as PeopleStatus) : 'all',
    page: Number.isInteger(page) && page >= 1 ? Math.min(page, PEOPLE_MAX_PAGE) : 1,
  };
}


type Search = { kind: 'none' } | { kind: 'phone'; match: SQL } | { kind: 'text'; match: SQL; prefix: string };

/**
 * What the typed text means, each phone form answered from an index: 11 digits → the unique phone index; 4 digits →
 * the expression index on the last four; any other digit string → a range on the phone index (the number starts
 * with them). Text is part of a name (from the index of the characters in names) or an exact membership-card code.
 */
export function peopleSearch(q: string): Search {
  const raw = q.trim();
  if (!raw) return { kind: 'none' };
  const digits = normalizePhone(raw);
  if (/^\d+$/.test(digits)) {
    if (digits.length > 11) return { kind: 'phone', match: sql`0` };
    if (digits.length === 11) return { kind: 'phone', match: eq(users.phone, digits) };
    if (digits.length === 4) return { kind: 'phone', match: sql`substr(${users.phone}, -4) = ${digits}` };
    // every phone is made of digits, and ':' sorts right after '9': [digits, digits + ':') is "starts with digits",
    // read in phone order straight from the unique index (no sorting, the page stops after 51 entries)
    return { kind: 'phone', match: and(gte(users.phone, digits), lt(users.phone, `${digits}:`))! };
  }
  return { kind: 'text', match: or(nameContains(raw), eq(users.cardCode, normalizeCode(raw)))!, prefix: `${escapeLike(raw)}%` };
}

function peopleWhere(query: PeopleQuery, search: Search): SQL | undefined {
  const parts: SQL[] = [];
  if (search.kind !== 'none') parts.push(search.match);
  // With a phone search the phone indexes must do the work: unary plus keeps SQLite from walking the role or tier
  // index (tens of thousands of members) instead.
  if (query.role) parts.push(search.kind === 'phone' ? sql`+${users.role} = ${query.role}` : eq(users.role, query.role));
  if (query.tier) parts.push(search.kind === 'phone' ? sql`+${users.tierCode} = ${query.tier}` : eq(users.tierCode, query.tier));
  if (query.status === 'active') parts.push(isNull(users.disabledAt));
  if (query.status === 'disabled') parts.push(isNotNull(users.disabledAt));
  return parts.length ? and(...parts) : undefined;
}

function peopleOrder(search: Search): SQL[] {
  if (search.kind === 'phone') return [asc(users.phone)];
  // names starting with the text first, then the others containing it
  if (search.kind === 'text') return [sql`${users.name} LIKE ${search.prefix} ESCAPE '\\' DESC`, asc(users.name), asc(users.id)];
  return [desc(users.id)]; // newest first: the rowid order, no sorting
}

/** The two statements of a search: one page (plus one row, to know whether another page follows) and the capped count. */
export function peopleStatements(db: DbOrTx, query: PeopleQuery) {
  const search = peopleSearch(query.q);
  const where = peopleWhere(query, search);
  const rows = db
    .select({
      id: users.id,
      name: users.name,
      phone: users.phone,
      role: users.role,
      tierCode: users.tierCode,
      tierNameZh: tiers.nameZh,
      tierNameEn: tiers.nameEn,
      disabledAt: users.disabledAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .leftJoin(tiers, eq(tiers.code, users.tierCode))
    .where(where)
    .orderBy(...peopleOrder(search))
    .limit(PEOPLE_PAGE_SIZE + 1)
    .offset((query.page - 1) * PEOPLE_PAGE_SIZE);
  const matching = db.select({ one: sql`1` }).from(users).where(where).limit(PEOPLE_COUNT_CAP + 1).as('matching');
  const counted = db.select({ n: count() }).from(matching);
  return { rows, counted };
}

/**
 * One page of people matching the search and filters, 50 at a time. The count is exact up to 1,000; beyond that
 * the page says "more than 1,000" and offers the next page without a total. A first page with room to spare needs
 * no count at all.
 */
export async function searchPeople(deps: Pick<AppDeps, 'db'>, actor: Actor, query: PeopleQuery): Promise<Result<PeoplePage, 'forbidden'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const { rows: rowsQuery, counted } = peopleStatements(deps.db, query);
  const [found, tierRows] = await Promise.all([rowsQuery, deps.db.select({ code: tiers.code, nameZh: tiers.nameZh, nameEn: tiers.nameEn }).from(tiers).orderBy(asc(tiers.rank))]);
  const hasNext = found.length > PEOPLE_PAGE_SIZE;
  const rows = found.slice(0, PEOPLE_PAGE_SIZE);
  let total: number;
  if (query.page === 1 && !hasNext) total = rows.length;
  else total = Number((await counted)[0]?.n ?? 0);
  const capped = total > PEOPLE_COUNT_CAP;
  return ok({
    query,
    rows,
    total: capped ? PEOPLE_COUNT_CAP : total,
    capped,
    hasNext,
    pages: capped ? null : Math.max(1, Math.ceil(total / PEOPLE_PAGE_SIZE)),
    tiers: tierRows,
  });
}
