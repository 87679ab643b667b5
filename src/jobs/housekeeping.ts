import { and, eq, lt, or } from 'drizzle-orm';
import { formSubmissions, outbox, sessions } from '../../db/schema';
import { SUBMISSION_KEEP_MS } from '../lib/submit-once';
import { pruneThrottles } from '../auth/throttle';
import { SESSION_ABSOLUTE_MS } from '../auth/session';
import { DAY } from '../lib/clock';
import type { AppDeps } from '../lib/context';
import { markNoShows } from '../events/attendance';
import { markLoungeNoShows, sendLoungeReminders } from '../lounges/jobs';
import { sendEventReminders, sendLapseReminders } from '../notifications/reminders';
import { flagOverdueFeedback } from '../feedback/jobs';

/**
 * Removes what can no longer be used — expired sessions (past their sliding expiry or absolute cap) and stale
 * sign-in throttle buckets — marks no-shows of events and lounge visits, and sends reminders (events and lounge visits a day ahead, lapsing visits before the year ends), tells staff
 * about feedback past its 48-hour first-reply time, and prunes
 * delivered SMS / e-mail copies after 90 days and the answers kept for repeated form submissions after a day. Plain conditional statements, so
 * two instances running it at once do no harm.
 */
export type HousekeepingReport = {
  sessions: number;
  noShows: number;
  loungeNoShows: number;
  loungeReminders: number;
  eventReminders: number;
  lapseReminders: number;
  overdueFeedback: number;
  outboxPruned: number;
  submissionsPruned: number;
};

/** Delivered SMS / e-mail copies are kept this long (the inbox message itself stays). */
export const OUTBOX_KEEP_MS = 90 * DAY;

export async function runHousekeeping(deps: Pick<AppDeps, 'db' | 'clock' | 'client' | 'config'>): Promise<HousekeepingReport> {
  const now = deps.clock.now();
  const removed = await deps.db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now + 1), lt(sessions.createdAt, now - SESSION_ABSOLUTE_MS + 1)))
    .returning({ id: sessions.id });
  await pruneThrottles(deps.db, now);
  const noShows = await markNoShows(deps);
  const loungeNoShows = await markLoungeNoShows(deps);
  const loungeReminders = await sendLoungeReminders(deps);
  const eventReminders = await sendEventReminders(deps);
  const lapseReminders = await sendLapseReminders(deps);
  const overdueFeedback = await flagOverdueFeedback(deps);
  const pruned = await deps.db
    .delete(outbox)
    .where(and(eq(outbox.status, 'sent'), lt(outbox.sentAt, now - OUTBOX_KEEP_MS)))
    .returning({ id: outbox.id });
  // answers kept for repeated form submissions (src/lib/submit-once.ts)
  const submissions = await deps.db.delete(formSubmissions).where(lt(formSubmissions.createdAt, now - SUBMISSION_KEEP_MS)).returning({ key: formSubmissions.key });
  return { sessions: removed.length, noShows, loungeNoShows, loungeReminders, eventReminders, lapseReminders, overdueFeedback, outboxPruned: pruned.length, submissionsPruned: submissions.length };
}
