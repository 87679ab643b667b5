import type { tiers } from '../../db/schema';
import type { DbOrTx } from '../db';
import { notify } from '../notifications/service';

type TierRow = typeof tiers.$inferSelect;

/**
 * Tells a member their tier changed: an inbox message (copied to SMS / e-mail by the outbox like every notice), in
 * the caller's transaction so it exists exactly when the change does. The one wording for every way a tier
 * changes — an admin on the member's page or the lounge statement, and the bulk import.
 */
export async function notifyTierChanged(tx: DbOrTx, now: number, changes: Array<{ userId: number; from: TierRow; to: TierRow }>): Promise<void> {
  await notify(
    tx,
    now,
    changes.map(({ userId, from, to }) => ({
      userId,
      kind: 'member.tierChanged' as const,
      params: { fromZh: from.nameZh, fromEn: from.nameEn, toZh: to.nameZh, toEn: to.nameEn, count: to.loungeVisitsPerYear },
      link: '/me/statement',
    })),
  );
}
