import { asc, eq, inArray } from 'drizzle-orm';
import { loungeStaff, lounges, tiers } from '../../db/schema';
import { canWorkLounge, type Actor } from '../auth/policy';
import type { AppDeps } from '../lib/context';
import { err, ok, type Result } from '../lib/result';

type Deps = Pick<AppDeps, 'db' | 'clock'>;
export type LoungeRow = typeof lounges.$inferSelect;

export interface LoungeAllowance {
  visitsPerYear: number;
  companionsPerVisit: number;
}

/** Every lounge, and for a member the yearly allowance their tier gives. */
export async function listLounges(deps: Deps, actor: Actor & { tierCode?: string | null }): Promise<{ lounges: LoungeRow[]; allowance: LoungeAllowance | null }> {
  const rows = await deps.db.select().from(lounges).orderBy(asc(lounges.id));
  let allowance: LoungeAllowance | null = null;
  if (actor.role === 'member' && actor.tierCode) {
    const tier = (await deps.db.select().from(tiers).where(eq(tiers.code, actor.tierCode)).limit(1))[0];
    if (tier) allowance = { visitsPerYear: tier.loungeVisitsPerYear, companionsPerVisit: tier.companionsPerVisit };
  }
  return { lounges: rows, allowance };
}

async function staffedLoungeIds(deps: Deps, userId: number): Promise<number[]> {
  const rows = await deps.db.select({ loungeId: loungeStaff.loungeId }).from(loungeStaff).where(eq(loungeStaff.userId, userId));
  return rows.map((r) => r.loungeId);
}

/** The lounges this actor works at: all for an admin, the assigned ones for lounge staff. */
export async function listDeskLounges(deps: Deps, actor: Actor): Promise<Result<LoungeRow[], 'forbidden'>> {
  if (actor.role === 'admin') return ok(await deps.db.select().from(lounges).orderBy(asc(lounges.id)));
  if (actor.role !== 'lounge_staff') return err('forbidden');
  const ids = await staffedLoungeIds(deps, actor.id);
  if (ids.length === 0) return ok([]);
  return ok(await deps.db.select().from(lounges).where(inArray(lounges.id, ids)).orderBy(asc(lounges.id)));
}

/** One lounge's desk; staff of another lounge are refused. */
export async function getDeskLounge(deps: Deps, actor: Actor, loungeId: number): Promise<Result<LoungeRow, 'forbidden' | 'not_found'>> {
  const ids = actor.role === 'lounge_staff' ? await staffedLoungeIds(deps, actor.id) : [];
  if (!canWorkLounge(actor, ids, loungeId)) return err('forbidden');
  const lounge = (await deps.db.select().from(lounges).where(eq(lounges.id, loungeId)).limit(1))[0];
  return lounge ? ok(lounge) : err('not_found');
}
