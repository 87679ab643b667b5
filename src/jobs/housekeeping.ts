import { lt, or } from 'drizzle-orm';
import { sessions } from '../../db/schema';
import { pruneThrottles } from '../auth/throttle';
import { SESSION_ABSOLUTE_MS } from '../auth/session';
import type { AppDeps } from '../lib/context';
import { markNoShows } from '../events/attendance';
import { markLoungeNoShows, sendLoungeReminders } from '../lounges/jobs';

/**
 * Removes what can no longer be used — expired sessions (past their sliding expiry or absolute cap) and stale
 * sign-in throttle buckets — marks no-shows of events and lounge visits, and sends lounge reminders. Plain conditional statements, so
 * two instances running it at once do no harm.
 */
export async function runHousekeeping(deps: Pick<AppDeps, 'db' | 'clock' | 'client'>): Promise<{ sessions: number; noShows: number; loungeNoShows: number; loungeReminders: number }> {
  const now = deps.clock.now();
  const removed = await deps.db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now + 1), lt(sessions.createdAt, now - SESSION_ABSOLUTE_MS + 1)))
    .returning({ id: sessions.id });
  await pruneThrottles(deps.db, now);
  const noShows = await markNoShows(deps);
  const loungeNoShows = await markLoungeNoShows(deps);
  const loungeReminders = await sendLoungeReminders(deps);
  return { sessions: removed.length, noShows, loungeNoShows, loungeReminders };
}
