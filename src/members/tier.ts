import { eq, sql } from 'drizzle-orm';
import { tiers, users } from '../../db/schema';
import type { DbOrTx } from '../db';
import { preparedFor } from '../lib/prepared';

type TierRow = typeof tiers.$inferSelect;

/** A person's tier (null for staff), whether the account is disabled, and the role: what booking and registering check. */
const personWithTier = preparedFor((db: DbOrTx) =>
  db
    .select({ tier: tiers, disabledAt: users.disabledAt, role: users.role })
    .from(users)
    .leftJoin(tiers, eq(tiers.code, users.tierCode))
    .where(eq(users.id, sql.placeholder('userId')))
    .prepare(),
);

/** Run by every event page, registration, booking and the hub: built once per database handle (src/lib/prepared.ts). */
export async function memberTier(db: DbOrTx, userId: number): Promise<{ tier: TierRow | null; disabled: boolean; role: string } | undefined> {
  const [row] = await personWithTier(db).all({ userId });
  return row ? { tier: row.tier, disabled: row.disabledAt !== null, role: row.role } : undefined;
}
