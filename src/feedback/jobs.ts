import type { AppDeps } from '../lib/context';

/**
 * The 48-hour promise, watched: for every ticket still waiting for its first reply past its due time, one
 * 'feedback.overdue' inbox message to every (enabled) admin and to the coordinators of the ticket's club.
 *
 * One INSERT … SELECT: each message carries a dedupe key `feedback.overdue:<ticket>:<person>` that the unique
 * partial index on notifications.dedupe_key allows once, and ON CONFLICT DO NOTHING skips the ones already
 * sent — so running it again, or on two app instances at the same moment, sends nobody a second message.
 * A coordinator assigned to the club later still gets their one message on the next run.
 * The staff accounts are picked once (a materialized CTE): joining users directly made SQLite scan every member
 * for every overdue ticket — seconds on 100,000 members, with the database queue held.
 * Returns how many messages were written.
 */
export async function flagOverdueFeedback(deps: Pick<AppDeps, 'db' | 'clock' | 'client'>): Promise<number> {
  const now = deps.clock.now();
  const result = await deps.client.execute({
    sql: `WITH staff AS MATERIALIZED (SELECT id, role FROM users WHERE role IN ('admin', 'coordinator') AND disabled_at IS NULL)
          INSERT INTO notifications (user_id, kind, params, link, created_at, dedupe_key)
          SELECT u.id, 'feedback.overdue',
                 json_object('reference', substr(t.reference, 1, 4) || '-' || substr(t.reference, 5)),
                 CASE WHEN u.role = 'admin' THEN '/admin/feedback/' ELSE '/coordinator/feedback/' END || t.id,
                 ?, 'feedback.overdue:' || t.id || ':' || u.id
          FROM feedback_tickets t
          JOIN staff u ON (
                 u.role = 'admin'
              OR (u.role = 'coordinator' AND EXISTS (SELECT 1 FROM club_coordinators cc WHERE cc.club_id = t.club_id AND cc.user_id = u.id)))
          WHERE t.status = 'open' AND t.first_response_at IS NULL AND t.due_at < ?
          ORDER BY t.due_at, t.id, u.id
          ON CONFLICT DO NOTHING`,
    args: [now, now],
  });
  return result.rowsAffected;
}
