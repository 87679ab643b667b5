import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { entitlementLedger, loungeBookings, lounges, tiers, type LedgerType } from '../../db/schema';
import type { Actor } from '../auth/policy';
import type { DbOrTx } from '../db';
import { audit } from '../lib/audit';
import type { AppDeps } from '../lib/context';
import { err, ok, type Result } from '../lib/result';
import { memberTier } from '../members/tier';
import { balanceOf, type Balance } from './policy';

export type TierRow = typeof tiers.$inferSelect;


/** Ledger sums per member for a year, in one grouped query. */
async function sumsByUser(db: DbOrTx, userIds: number[], year: number) {
  const rows = userIds.length
    ? await db
        .select({
          userId: entitlementLedger.userId,
          allowance: sql<number>`coalesce(sum(${entitlementLedger.allowanceDelta}), 0)`,
          reserved: sql<number>`coalesce(sum(${entitlementLedger.reservedDelta}), 0)`,
          used: sql<number>`coalesce(sum(${entitlementLedger.usedDelta}), 0)`,
          grants: sql<number>`coalesce(sum(${entitlementLedger.type} = 'grant'), 0)`,
        })
        .from(entitlementLedger)
        .where(and(inArray(entitlementLedger.userId, userIds), eq(entitlementLedger.year, year)))
        .groupBy(entitlementLedger.userId)
    : [];
  return new Map(rows.map((r) => [r.userId, { allowance: Number(r.allowance), reserved: Number(r.reserved), used: Number(r.used), granted: Number(r.grants) > 0 }]));
}

/**
 * Lounge-visit balances for a year, from the ledger. Before the year's allowance has been written (it is written
 * with the member's first booking of the year), the allowance is what their current tier grants.
 */
export async function balancesFor(db: DbOrTx, members: Array<{ userId: number; tier: Pick<TierRow, 'loungeVisitsPerYear'> | null }>, year: number): Promise<Map<number, Balance>> {
  const sums = await sumsByUser(db, members.map((m) => m.userId), year);
  return new Map(
    members.map(({ userId, tier }) => {
      const s = sums.get(userId) ?? { allowance: 0, reserved: 0, used: 0, granted: false };
      return [userId, balanceOf({ allowance: s.allowance + (s.granted ? 0 : tier?.loungeVisitsPerYear ?? 0), reserved: s.reserved, used: s.used })];
    }),
  );
}

/** One member's balance for a year (see balancesFor). */
export async function balanceFor(db: DbOrTx, userId: number, year: number, tier: Pick<TierRow, 'loungeVisitsPerYear'> | null): Promise<Balance> {
  return (await balancesFor(db, [{ userId, tier }], year)).get(userId)!;
}

/** Writes the year's allowance line once (a unique index makes a second one impossible). */
export async function ensureGrant(tx: DbOrTx, userId: number, tier: TierRow, year: number, at: number): Promise<void> {
  await tx
    .insert(entitlementLedger)
    .values({ userId, year, at, type: 'grant', allowanceDelta: tier.loungeVisitsPerYear, params: { tierZh: tier.nameZh, tierEn: tier.nameEn, visits: tier.loungeVisitsPerYear } })
    .onConflictDoNothing();
}

export interface LedgerLine {
  id: number | null;
  at: number;
  type: LedgerType;
  allowanceDelta: number;
  reservedDelta: number;
  usedDelta: number;
  params: Record<string, string | number>;
  reason: string | null;
  bookingCode: string | null;
  /** remaining visits after this line */
  remaining: number;
}

export interface Statement {
  year: number;
  tier: TierRow | null;
  balance: Balance;
  lines: LedgerLine[];
}

/** The member's own statement for a year: every line with its reason and the running balance. */
export async function statementFor(deps: Pick<AppDeps, 'db'>, actor: Actor, year: number, userId = actor.id): Promise<Result<Statement, 'forbidden'>> {
  if (userId !== actor.id && actor.role !== 'admin') return err('forbidden');
  const facts = await memberTier(deps.db, userId);
  if (!facts || facts.role !== 'member') return err('forbidden');
  const rows = await deps.db
    .select({ line: entitlementLedger, bookingCode: loungeBookings.code })
    .from(entitlementLedger)
    .leftJoin(loungeBookings, eq(loungeBookings.id, entitlementLedger.bookingId))
    .where(and(eq(entitlementLedger.userId, userId), eq(entitlementLedger.year, year)))
    .orderBy(asc(entitlementLedger.at), asc(entitlementLedger.id));
  const lines: LedgerLine[] = [];
  let allowance = 0;
  let taken = 0;
  if (!rows.some((r) => r.line.type === 'grant') && facts.tier) {
    // not written yet: shown as what the current tier grants
    allowance = facts.tier.loungeVisitsPerYear;
    lines.push({ id: null, at: 0, type: 'grant', allowanceDelta: allowance, reservedDelta: 0, usedDelta: 0, params: { tierZh: facts.tier.nameZh, tierEn: facts.tier.nameEn, visits: allowance }, reason: null, bookingCode: null, remaining: allowance });
  }
  for (const { line, bookingCode } of rows) {
    allowance += line.allowanceDelta;
    taken += line.reservedDelta + line.usedDelta;
    lines.push({ id: line.id, at: line.at, type: line.type, allowanceDelta: line.allowanceDelta, reservedDelta: line.reservedDelta, usedDelta: line.usedDelta, params: line.params, reason: line.reason, bookingCode, remaining: allowance - taken });
  }
  return ok({ year, tier: facts.tier, balance: await balanceFor(deps.db, userId, year, facts.tier), lines });
}

/** An admin's correction of a member's allowance for a year, with the reason the member will read. */
export async function adjustEntitlement(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  input: { userId: number; year: number; delta: number; reason: string },
): Promise<Result<Balance, 'forbidden' | 'not_member' | 'zero'>> {
  if (actor.role !== 'admin') return err('forbidden');
  if (input.delta === 0) return err('zero');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const facts = await memberTier(tx, input.userId);
    if (!facts?.tier || facts.role !== 'member') return err('not_member');
    await ensureGrant(tx, input.userId, facts.tier, input.year, now);
    await tx.insert(entitlementLedger).values({ userId: input.userId, year: input.year, at: now, type: 'adjust', allowanceDelta: input.delta, actorId: actor.id, reason: input.reason, params: {} });
    await audit(tx, actor, now, { action: 'entitlement.adjusted', targetType: 'user', targetId: input.userId, detail: { year: input.year, delta: input.delta, reason: input.reason } });
    return ok(await balanceFor(tx, input.userId, input.year, facts.tier));
  });
}

/** Names of a lounge in both languages, for ledger lines and messages. */
export async function loungeNames(db: DbOrTx, loungeId: number): Promise<{ loungeZh: string; loungeEn: string }> {
  const [row] = await db.select({ nameZh: lounges.nameZh, nameEn: lounges.nameEn }).from(lounges).where(eq(lounges.id, loungeId));
  return { loungeZh: row?.nameZh ?? '', loungeEn: row?.nameEn ?? '' };
}
