import { asc, eq, sql } from 'drizzle-orm';
import { tiers } from '../../db/schema';
import type { Actor } from '../auth/policy';
import type { Db } from '../db';
import { audit } from '../lib/audit';
import type { AppDeps } from '../lib/context';
import { err, ok, type Result } from '../lib/result';
import { zonedParts } from '../lib/time';
import { setTierAllowance } from '../lounges/allowances';
import type { TierRow } from '../lounges/entitlements';

/**
 * The tiers page: what each tier gives (lounge visits a year, companions per visit, hours of early access to event
 * registration) and what a change would touch now.
 */

type Deps = Pick<AppDeps, 'db' | 'clock'> & { config: { timeZone: string } };

export const TIER_LIMITS = {
  loungeVisitsPerYear: { min: 0, max: 365 },
  /** the booking form takes one digit, so a tier cannot offer more than 9 */
  companionsPerVisit: { min: 0, max: 9 },
  /** 30 days */
  earlyAccessHours: { min: 0, max: 720 },
} as const;

export interface TierSettings {
  loungeVisitsPerYear: number;
  companionsPerVisit: number;
  earlyAccessHours: number;
}

export interface TierOverview {
  tier: TierRow;
  /** members of the tier whose allowance for this year is already written: a change of visits gives each a line */
  membersIntoYear: number;
  /** scheduled events not yet open to everyone that this tier may register for: early access moves their opening */
  eventsAhead: number;
}

export interface TiersPage {
  year: number;
  tiers: TierOverview[];
}

/** Every tier with what a change would touch now. */
export async function tierSettingsPage(deps: Deps, actor: Actor): Promise<Result<TiersPage, 'forbidden'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const now = deps.clock.now();
  const year = zonedParts(now, deps.config.timeZone).year;
  const rows = await deps.db.select().from(tiers).orderBy(asc(tiers.rank));
  const counts = await deps.db.all<{ code: string; members: number; events: number }>(sql`
    SELECT t.code AS code,
      (SELECT count(*) FROM users u WHERE u.tier_code = t.code AND u.role = 'member'
         AND EXISTS (SELECT 1 FROM entitlement_ledger g WHERE g.user_id = u.id AND g.year = ${year} AND g.type = 'grant')) AS members,
      (SELECT count(*) FROM events e LEFT JOIN tiers m ON m.code = e.min_tier
         WHERE e.status = 'scheduled' AND e.opens_at > ${now} AND (m.rank IS NULL OR m.rank <= t.rank)) AS events
    FROM tiers t`);
  const byCode = new Map(counts.map((c) => [c.code, c]));
  return ok({
    year,
    tiers: rows.map((tier) => ({ tier, membersIntoYear: Number(byCode.get(tier.code)?.members ?? 0), eventsAhead: Number(byCode.get(tier.code)?.events ?? 0) })),
  });
}

export interface TierSaved {
  tier: TierRow;
  changed: boolean;
  membersAdjusted: number;
}

/**
 * Saves a tier's three settings in one write transaction. Visits and companions go through setTierAllowance (which
 * writes the ledger lines for members already into the year and its own audit entry); early access is read by
 * the events' registration rule whenever someone looks, so changing the row is the whole change. A field that
 * did not change writes nothing, and nothing at all is written when none did.
 */
export async function saveTierSettings(deps: Deps, actor: Actor, code: string, input: TierSettings): Promise<Result<TierSaved, 'forbidden' | 'not_found' | 'out_of_range'>> {
  if (actor.role !== 'admin') return err('forbidden');
  for (const [field, { min, max }] of Object.entries(TIER_LIMITS)) {
    const value = input[field as keyof TierSettings];
    if (!Number.isInteger(value) || value < min || value > max) return err('out_of_range');
  }
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [before] = await tx.select().from(tiers).where(eq(tiers.code, code));
    if (!before) return err('not_found');
    let membersAdjusted = 0;
    const allowanceChanged = before.loungeVisitsPerYear !== input.loungeVisitsPerYear || before.companionsPerVisit !== input.companionsPerVisit;
    if (allowanceChanged) {
      // inside this transaction: drizzle runs the nested transaction as a savepoint, so all three land together
      const result = await setTierAllowance({ ...deps, db: tx as unknown as Db }, actor, code, { loungeVisitsPerYear: input.loungeVisitsPerYear, companionsPerVisit: input.companionsPerVisit });
      if (!result.ok) return result;
      membersAdjusted = result.value.membersAdjusted;
    }
    const earlyChanged = before.earlyAccessHours !== input.earlyAccessHours;
    if (earlyChanged) {
      await tx.update(tiers).set({ earlyAccessHours: input.earlyAccessHours }).where(eq(tiers.code, code));
      await audit(tx, actor, now, { action: 'tier.earlyAccess.changed', targetType: 'tier', targetId: code, detail: { from: before.earlyAccessHours, to: input.earlyAccessHours } });
    }
    const [tier] = await tx.select().from(tiers).where(eq(tiers.code, code));
    return ok({ tier: tier!, changed: allowanceChanged || earlyChanged, membersAdjusted });
  });
}
