import { and, asc, eq, gte, sql } from 'drizzle-orm';
import { entitlementLedger, tiers, users } from '../../db/schema';
import type { Actor } from '../auth/policy';
import type { DbOrTx } from '../db';
import { audit } from '../lib/audit';
import type { AppDeps } from '../lib/context';
import { normalizePhone } from '../lib/phone';
import { err, ok, type Result } from '../lib/result';
import { zonedParts } from '../lib/time';
import { balanceFor, ensureGrant, statementFor, type Statement, type TierRow } from './entitlements';
import { memberTier } from '../members/tier';
import { notifyTierChanged } from '../members/tier-notice';
import type { Balance } from './policy';

type Deps = Pick<AppDeps, 'db' | 'clock'> & { config: { timeZone: string } };

export interface TierAllowanceInput {
  loungeVisitsPerYear: number;
  companionsPerVisit: number;
}

/**
 * Changes what a tier gives. Members of the tier whose allowance for this year is already written get an
 * itemised line for the difference, so their statement explains the new figure; the rest simply see the new
 * allowance when their year starts. One statement for the whole tier, inside one write transaction.
 */
export async function setTierAllowance(deps: Deps, actor: Actor, code: string, input: TierAllowanceInput): Promise<Result<{ tier: TierRow; membersAdjusted: number }, 'forbidden' | 'not_found'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const now = deps.clock.now();
  const year = zonedParts(now, deps.config.timeZone).year;
  return deps.db.transaction(async (tx) => {
    const [before] = await tx.select().from(tiers).where(eq(tiers.code, code));
    if (!before) return err('not_found');
    const [tier] = await tx.update(tiers).set(input).where(eq(tiers.code, code)).returning();
    const delta = input.loungeVisitsPerYear - before.loungeVisitsPerYear;
    let membersAdjusted = 0;
    if (delta !== 0) {
      const params = JSON.stringify({ kind: 'tierAllowance', tierZh: before.nameZh, tierEn: before.nameEn, from: before.loungeVisitsPerYear, to: input.loungeVisitsPerYear });
      // this year and any later year already started (a January visit booked in December)
      const result = await tx.run(sql`
        INSERT INTO entitlement_ledger (user_id, year, at, type, allowance_delta, actor_id, params)
        SELECT g.user_id, g.year, ${now}, 'adjust', ${delta}, ${actor.id}, ${params}
        FROM entitlement_ledger g JOIN users u ON u.id = g.user_id
        WHERE g.type = 'grant' AND g.year >= ${year} AND u.tier_code = ${code} AND u.role = 'member'`);
      membersAdjusted = result.rowsAffected;
    }
    await audit(tx, actor, now, { action: 'tier.allowance.changed', targetType: 'tier', targetId: code, detail: { from: { visits: before.loungeVisitsPerYear, companions: before.companionsPerVisit }, to: input, membersAdjusted } });
    return ok({ tier: tier!, membersAdjusted });
  });
}

/**
 * The ledger side of a tier change, in the caller's transaction: this year's allowance of the old tier is written if
 * it was not yet, the member moves, and every year already started (this one, and a later one whose allowance is
 * written — a January visit booked in December) gets a tier-change line for the difference. Used by an admin's
 * tier change and by the bulk import.
 */
export async function writeTierChange(tx: DbOrTx, actor: Actor, input: { userId: number; from: TierRow; to: TierRow; now: number; year: number }): Promise<void> {
  const { userId, from, to, now, year } = input;
  await ensureGrant(tx, userId, from, year, now);
  await tx.update(users).set({ tierCode: to.code }).where(eq(users.id, userId));
  const years = await tx
    .select({ year: entitlementLedger.year })
    .from(entitlementLedger)
    .where(and(eq(entitlementLedger.userId, userId), eq(entitlementLedger.type, 'grant'), gte(entitlementLedger.year, year)));
  await tx.insert(entitlementLedger).values(
    years.map((y) => ({
      userId,
      year: y.year,
      at: now,
      type: 'tier_change' as const,
      allowanceDelta: to.loungeVisitsPerYear - from.loungeVisitsPerYear,
      actorId: actor.id,
      params: { fromZh: from.nameZh, fromEn: from.nameEn, toZh: to.nameZh, toEn: to.nameEn },
    })),
  );
}

/**
 * Moves a member to another tier. This year's allowance follows: the ledger gets a tier-change line for the
 * difference (after writing the old tier's allowance if it was not written yet), so nothing already reserved
 * or used is lost and the statement says why the figure moved.
 */
export async function changeMemberTier(deps: Deps, actor: Actor, input: { userId: number; tierCode: string }): Promise<Result<{ balance: Balance; from: TierRow; to: TierRow }, 'forbidden' | 'not_member' | 'tier_unknown' | 'same_tier'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const now = deps.clock.now();
  const year = zonedParts(now, deps.config.timeZone).year;
  return deps.db.transaction(async (tx) => {
    const facts = await memberTier(tx, input.userId);
    if (!facts?.tier || facts.role !== 'member') return err('not_member');
    const [to] = await tx.select().from(tiers).where(eq(tiers.code, input.tierCode));
    if (!to) return err('tier_unknown');
    const from = facts.tier;
    if (from.code === to.code) return err('same_tier');
    await writeTierChange(tx, actor, { userId: input.userId, from, to, now, year });
    await audit(tx, actor, now, { action: 'member.tier.changed', targetType: 'user', targetId: input.userId, detail: { from: from.code, to: to.code } });
    await notifyTierChanged(tx, now, [{ userId: input.userId, from, to }]);
    return ok({ balance: await balanceFor(tx, input.userId, year, to), from, to });
  });
}

export interface EntitlementLookup {
  member: { id: number; name: string; phone: string; tierCode: string | null } | null;
  statement: Statement | null;
}

/** An admin looks a member up by phone to read their statement and correct it. */
export async function lookupEntitlements(deps: Deps, actor: Actor, phone: string, year: number): Promise<Result<EntitlementLookup, 'forbidden'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const digits = normalizePhone(phone);
  if (!digits) return ok({ member: null, statement: null });
  const [member] = await deps.db
    .select({ id: users.id, name: users.name, phone: users.phone, tierCode: users.tierCode })
    .from(users)
    .where(and(eq(users.phone, digits), eq(users.role, 'member')))
    .orderBy(asc(users.id));
  if (!member) return ok({ member: null, statement: null });
  const statement = await statementFor(deps, actor, year, member.id);
  return ok({ member, statement: statement.ok ? statement.value : null });
}

/** The phone of a member, for an admin returning to their statement after a change ('' if unknown). */
export async function memberPhoneFor(deps: Pick<AppDeps, 'db'>, actor: Actor, userId: number): Promise<string> {
  if (actor.role !== 'admin') return '';
  const [row] = await deps.db.select({ phone: users.phone }).from(users).where(eq(users.id, userId));
  return row?.phone ?? '';
}
