import { and, eq, sql } from 'drizzle-orm';
import { clubMemberships, tiers } from '../../db/schema';
import type { Actor } from '../auth/policy';
import type { DbOrTx } from '../db';
import { preparedFor } from '../lib/prepared';
import { memberTier } from '../members/tier';

/** What the event pages know about a member: their tier, whether the account is disabled, the clubs they belong to. */
export interface MemberFacts {
  tier: (typeof tiers.$inferSelect) | null;
  disabled: boolean;
  clubIds: Set<number>;
}

/** What every event page and list looks up about the tiers and the member, once per request. */
export interface Lookups {
  tierRows: Array<typeof tiers.$inferSelect>;
  facts: MemberFacts | null;
}

// Run for every event page, list and registration: built once per database handle (src/lib/prepared.ts).
const allTiers = preparedFor((db: DbOrTx) => db.select().from(tiers).prepare());
const activeClubs = preparedFor((db: DbOrTx) =>
  db
    .select({ clubId: clubMemberships.clubId })
    .from(clubMemberships)
    .where(and(eq(clubMemberships.userId, sql.placeholder('userId')), eq(clubMemberships.status, 'active')))
    .prepare(),
);

async function memberFacts(db: DbOrTx, actor: Actor): Promise<MemberFacts | null> {
  if (actor.role !== 'member') return null;
  const person = await memberTier(db, actor.id);
  const active = await activeClubs(db).all({ userId: actor.id });
  return { tier: person?.tier ?? null, disabled: person?.disabled ?? true, clubIds: new Set(active.map((a) => a.clubId)) };
}

export async function lookups(db: DbOrTx, actor: Actor): Promise<Lookups> {
  const [tierRows, facts] = await Promise.all([allTiers(db).all(), memberFacts(db, actor)]);
  return { tierRows, facts };
}
