import type { AppDeps } from '../lib/context';
import { DAY } from '../lib/clock';
import { startOfZonedYear, zonedParts } from '../lib/time';

type Deps = Pick<AppDeps, 'client' | 'clock' | 'config'>;

/** Reminders about lapsing visits go out this long before the year's allowance ends. */
export const LAPSE_NOTICE_DAYS = 30;

/**
 * An inbox reminder a day before an event, for every confirmed registration — except those confirmed within
 * that day (they have just had the confirmation). Each message carries a dedupe key with a unique index, so a
 * second run, on this instance or another at the same moment, adds nothing.
 */
export async function sendEventReminders(deps: Pick<AppDeps, 'client' | 'clock'>): Promise<number> {
  const now = deps.clock.now();
  const result = await deps.client.execute({
    sql: `INSERT INTO notifications (user_id, kind, params, link, created_at, dedupe_key)
          SELECT r.user_id, 'event.reminder',
                 json_object('eventZh', e.title_zh, 'eventEn', e.title_en, 'venueZh', e.venue_zh, 'venueEn', e.venue_en, 'slotStart', e.starts_at),
                 '/tickets/' || r.code, ?, 'event.reminder:' || r.id
          FROM events e JOIN registrations r ON r.event_id = e.id AND r.status = 'confirmed'
          WHERE e.status = 'scheduled' AND e.starts_at > ? AND e.starts_at <= ?
            AND coalesce(r.confirmed_at, r.created_at) < e.starts_at - ?
          ON CONFLICT DO NOTHING`,
    args: [now, now, now + DAY, DAY],
  });
  return result.rowsAffected;
}

/**
 * Once a year, 30 days before the allowance lapses at the end of the year (in the programme's zone), every
 * active member with unused lounge visits gets a reminder with the number left. One write batch sends the
 * messages unless the year's run is already claimed in job_claims, and claims it: a batch runs whole, so of
 * two instances running at once exactly one sends. Each message also has a dedupe key as a second guard.
 */
export async function sendLapseReminders(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const zone = deps.config.timeZone;
  const year = zonedParts(now, zone).year;
  const lapsesAt = startOfZonedYear(startOfZonedYear(now, zone) + 370 * DAY, zone);
  if (now < lapsesAt - LAPSE_NOTICE_DAYS * DAY) return 0;
  const claimKey = `lounge-lapse:${year}`;
  const claimed = await deps.client.execute({ sql: 'SELECT 1 FROM job_claims WHERE key = ?', args: [claimKey] });
  if (claimed.rows.length > 0) return 0; // the usual case after the first run: no scan of every member
  const [sent] = await deps.client.batch(
    [
      {
        sql: `INSERT INTO notifications (user_id, kind, params, link, created_at, dedupe_key)
              SELECT id, 'lounge.lapsing', json_object('count', remaining, 'year', CAST(?1 AS INTEGER)), '/lounges', ?2, 'lounge.lapsing:' || id || ':' || CAST(?1 AS INTEGER)
              FROM (
                SELECT u.id,
                       coalesce(s.allowance, 0) + CASE WHEN coalesce(s.grants, 0) > 0 THEN 0 ELSE t.lounge_visits_per_year END
                         - coalesce(s.reserved, 0) - coalesce(s.used, 0) AS remaining
                FROM users u
                JOIN tiers t ON t.code = u.tier_code
                LEFT JOIN (
                  SELECT user_id, sum(allowance_delta) AS allowance, sum(reserved_delta) AS reserved, sum(used_delta) AS used, sum(type = 'grant') AS grants
                  FROM entitlement_ledger WHERE year = ?1 GROUP BY user_id
                ) s ON s.user_id = u.id
                WHERE u.role = 'member' AND u.disabled_at IS NULL
              )
              WHERE remaining > 0 AND NOT EXISTS (SELECT 1 FROM job_claims WHERE key = ?3)
              ON CONFLICT DO NOTHING`,
        args: [year, now, claimKey],
      },
      { sql: 'INSERT INTO job_claims (key, claimed_at) VALUES (?, ?) ON CONFLICT DO NOTHING', args: [claimKey, now] },
    ],
    'write',
  );
  return sent?.rowsAffected ?? 0;
}
