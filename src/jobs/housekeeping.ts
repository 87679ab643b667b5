import { lt, or } from 'drizzle-orm';
import { sessions } from '../../db/schema';
import { pruneThrottles } from '../auth/throttle';
import { SESSION_ABSOLUTE_MS } from '../auth/session';
import type { AppDeps } from '../lib/context';

/**
 * Removes what can no longer be used: expired sessions (past their sliding expiry or absolute cap)
 * and stale sign-in throttle buckets. Plain conditional deletes, so two instances running it at once
 * do no harm.
 */
export async function runHousekeeping(deps: Pick<AppDeps, 'db' | 'clock'>): Promise<{ sessions: number }> {
  const now = deps.clock.now();
  const removed = await deps.db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now + 1), lt(sessions.createdAt, now - SESSION_ABSOLUTE_MS + 1)))
    .returning({ id: sessions.id });
  await pruneThrottles(deps.db, now);
  return { sessions: removed.length };
}
