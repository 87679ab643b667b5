import type { AppDeps } from '../lib/context';
import { DAY } from '../lib/clock';
import { NO_SHOW_GRACE_MS } from './policy';

type Deps = Pick<AppDeps, 'client' | 'clock'>;

/**
 * Bookings nobody checked in for become no-shows once their slot ended plus the grace period; the reserved visit
 * is released or counted as used, as the lounge's policy says (and as the member was told when booking).
 *
 * One write batch: the ledger lines, the members' messages and the status change are selected by the same
 * condition and committed together, without yielding in between. A second run — on this instance or another —
 * finds nothing left to do.
 */
export async function markLoungeNoShows(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const due = `b.status = 'booked' AND b.slot_end <= ?`;
  const cutoff = now - NO_SHOW_GRACE_MS;
  const [, , update] = await deps.client.batch(
    [
      {
        sql: `INSERT INTO entitlement_ledger (user_id, year, at, type, allowance_delta, reserved_delta, used_delta, booking_id, params)
              SELECT b.user_id, b.year, ?, 'no_show', 0, -1, CASE WHEN l.no_show_policy = 'use' THEN 1 ELSE 0 END, b.id,
                     json_object('loungeZh', l.name_zh, 'loungeEn', l.name_en, 'slotStart', b.slot_start, 'policy', l.no_show_policy)
              FROM lounge_bookings b JOIN lounges l ON l.id = b.lounge_id WHERE ${due}`,
        args: [now, cutoff],
      },
      {
        sql: `INSERT INTO notifications (user_id, kind, params, link, created_at)
              SELECT b.user_id, 'lounge.noShow',
                     json_object('loungeZh', l.name_zh, 'loungeEn', l.name_en, 'slotStart', b.slot_start, 'policy', l.no_show_policy),
                     '/me/statement', ?
              FROM lounge_bookings b JOIN lounges l ON l.id = b.lounge_id WHERE ${due}`,
        args: [now, cutoff],
      },
      { sql: `UPDATE lounge_bookings AS b SET status = 'no_show', no_show_at = ? WHERE ${due}`, args: [now, cutoff] },
    ],
    'write',
  );
  return update?.rowsAffected ?? 0;
}

/** An inbox reminder a day before a booked visit, sent once (claimed by setting reminded_at in the same batch). */
export async function sendLoungeReminders(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const due = `b.status = 'booked' AND b.reminded_at IS NULL AND b.slot_start >= ? AND b.slot_start <= ?`;
  const [, update] = await deps.client.batch(
    [
      {
        sql: `INSERT INTO notifications (user_id, kind, params, link, created_at)
              SELECT b.user_id, 'lounge.reminder', json_object('loungeZh', l.name_zh, 'loungeEn', l.name_en, 'slotStart', b.slot_start),
                     '/lounges/passes/' || b.code, ?
              FROM lounge_bookings b JOIN lounges l ON l.id = b.lounge_id WHERE ${due}`,
        args: [now, now, now + DAY],
      },
      { sql: `UPDATE lounge_bookings AS b SET reminded_at = ? WHERE ${due}`, args: [now, now, now + DAY] },
    ],
    'write',
  );
  return update?.rowsAffected ?? 0;
}
