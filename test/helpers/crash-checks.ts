import type { Client } from '@libsql/client';
import { openDatabase } from '../../src/db';
import { planPromotion } from '../../src/events/policy';
import type { Acknowledged } from './crash-workload';

/**
 * What must hold in the database file after any crash. Each check returns human-readable problems (empty when
 * all is well), so a failing run says exactly what was lost or broken.
 */

type Row = Record<string, unknown>;
const rows = async (client: Client, sql: string, args: Array<string | number> = []) => (await client.execute({ sql, args })).rows as unknown as Row[];

export interface CrashFigures {
  registrations: number;
  confirmed: number;
  waitlisted: number;
  promoted: number;
  lostAcknowledged: number;
}

/** Opens the file as the restarted server would (recovering the WAL), checks everything, closes it. */
export async function checkDatabase(databaseUrl: string, acks: Acknowledged, crashLoungeIds: number[]): Promise<{ problems: string[]; figures: CrashFigures }> {
  const database = await openDatabase(databaseUrl);
  const client = database.client;
  const problems: string[] = [];
  try {
    // 1. the file itself
    const integrity = await rows(client, 'PRAGMA integrity_check');
    if (integrity.length !== 1 || Object.values(integrity[0]!)[0] !== 'ok') problems.push(`integrity_check: ${JSON.stringify(integrity.slice(0, 5))}`);
    const fk = await rows(client, 'PRAGMA foreign_key_check');
    if (fk.length) problems.push(`foreign_key_check: ${JSON.stringify(fk.slice(0, 5))}`);

    // 2. every acknowledged request is there
    const regs = await rows(client, 'SELECT id, event_id, user_id, status, code FROM registrations');
    const regByPair = new Map<string, Row[]>();
    for (const r of regs) {
      const key = `${r.event_id}:${r.user_id}`;
      regByPair.set(key, [...(regByPair.get(key) ?? []), r]);
    }
    let lost = 0;
    for (const [key, ack] of acks.registrations) {
      const found = regByPair.get(key) ?? [];
      const allowed = new Set<string>(ack.status === 'confirmed' ? ['confirmed'] : ['waitlisted', 'confirmed']);
      if (ack.cancel === 'acked') allowed.clear();
      if (ack.cancel !== 'none') allowed.add('cancelled');
      const match = found.find((r) => allowed.has(String(r.status)) && (ack.code === null || r.code === ack.code));
      if (!match) {
        lost += 1;
        problems.push(`registration ${key} acknowledged as ${ack.status}${ack.code ? ` (${ack.code})` : ''}, cancel ${ack.cancel}: found ${JSON.stringify(found)}`);
      }
    }
    const bookings = new Map((await rows(client, 'SELECT id, code, lounge_id, user_id, status, walk_in FROM lounge_bookings')).map((b) => [Number(b.id), b]));
    for (const [id, ack] of acks.checkIns) {
      const b = bookings.get(id);
      const allowed = ack.checkout === 'acked' ? ['checked_out'] : ack.checkout === 'sent' ? ['checked_in', 'checked_out'] : ['checked_in'];
      if (!b || !allowed.includes(String(b.status))) {
        lost += 1;
        problems.push(`check-in of booking ${id} acknowledged (checkout ${ack.checkout}): found ${JSON.stringify(b ?? null)}`);
      }
    }
    const walkInsByUser = new Map<number, number>();
    for (const b of bookings.values()) if (Number(b.walk_in) === 1) walkInsByUser.set(Number(b.user_id), (walkInsByUser.get(Number(b.user_id)) ?? 0) + 1);
    const ackedWalkIns = new Map<number, number>();
    for (const w of acks.walkIns) ackedWalkIns.set(w.userId, (ackedWalkIns.get(w.userId) ?? 0) + 1);
    for (const [userId, n] of ackedWalkIns) {
      if ((walkInsByUser.get(userId) ?? 0) < n) {
        lost += 1;
        problems.push(`walk-in of user ${userId} acknowledged ${n}×, found ${walkInsByUser.get(userId) ?? 0}`);
      }
    }
    const byCode = new Map([...bookings.values()].map((b) => [String(b.code), b]));
    for (const [code, ack] of acks.passes) {
      const b = byCode.get(code);
      const allowed = ack.cancel === 'acked' ? ['cancelled'] : ack.cancel === 'sent' ? ['booked', 'cancelled'] : ['booked'];
      if (!b || Number(b.user_id) !== ack.userId || !allowed.includes(String(b.status))) {
        lost += 1;
        problems.push(`booking ${code} acknowledged (cancel ${ack.cancel}): found ${JSON.stringify(b ?? null)}`);
      }
    }

    // 3. no event over capacity, and no waitlisted party skipped (FIFO, party-aware: nobody waiting fits the free seats)
    const evs = await rows(client, "SELECT id, capacity FROM events WHERE status = 'scheduled'");
    for (const e of evs) {
      const [taken] = await rows(client, "SELECT coalesce(sum(seats), 0) AS seats FROM registrations WHERE event_id = ? AND status = 'confirmed'", [Number(e.id)]);
      const free = Number(e.capacity) - Number(taken!.seats);
      if (free < 0) problems.push(`event ${e.id} over capacity: ${taken!.seats} confirmed seats for ${e.capacity}`);
      const queue = await rows(client, "SELECT id, seats FROM registrations WHERE event_id = ? AND status = 'waitlisted' ORDER BY queued_at, id", [Number(e.id)]);
      const skipped = planPromotion(queue.map((q) => ({ id: Number(q.id), seats: Number(q.seats) })), free);
      if (skipped.length) problems.push(`event ${e.id}: ${free} free seats yet waitlisted ${JSON.stringify(skipped)} would fit`);
    }

    // 4. no lounge fuller than its capacity
    const over = await rows(
      client,
      `SELECT l.id, l.capacity, coalesce(sum(1 + coalesce(b.companions_arrived, b.companions)), 0) AS inside
       FROM lounges l LEFT JOIN lounge_bookings b ON b.lounge_id = l.id AND b.status = 'checked_in'
       GROUP BY l.id HAVING inside > l.capacity`,
    );
    for (const o of over) problems.push(`lounge ${o.id} holds ${o.inside} people for ${o.capacity}`);

    // 5. ledger: no balance below zero, and every visit of the crash lounges is reserved/used exactly once
    const negative = await rows(
      client,
      `SELECT s.user_id, s.year, s.allowance + CASE WHEN s.grants = 0 THEN coalesce(t.lounge_visits_per_year, 0) ELSE 0 END - s.reserved - s.used AS remaining,
              s.reserved, s.used
       FROM (SELECT user_id, year, sum(allowance_delta) AS allowance, sum(reserved_delta) AS reserved, sum(used_delta) AS used, sum(type = 'grant') AS grants
             FROM entitlement_ledger GROUP BY user_id, year) s
       JOIN users u ON u.id = s.user_id LEFT JOIN tiers t ON t.code = u.tier_code
       WHERE remaining < 0 OR s.reserved < 0 OR s.used < 0`,
    );
    for (const n of negative) problems.push(`ledger of user ${n.user_id} in ${n.year} below zero: ${JSON.stringify(n)}`);
    if (crashLoungeIds.length) {
      const mismatched = await rows(
        client,
        `SELECT b.id, b.status, b.walk_in, coalesce(sum(x.reserved_delta), 0) AS reserved, coalesce(sum(x.used_delta), 0) AS used
         FROM lounge_bookings b LEFT JOIN entitlement_ledger x ON x.booking_id = b.id
         WHERE b.lounge_id IN (${crashLoungeIds.map(() => '?').join(',')})
         GROUP BY b.id
         HAVING reserved != (b.status = 'booked') OR used != (b.status IN ('checked_in', 'checked_out'))`,
        crashLoungeIds,
      );
      for (const m of mismatched) problems.push(`booking ${m.id} (${m.status}) and its ledger lines disagree: ${JSON.stringify(m)}`);
    }

    const [fig] = await rows(
      client,
      `SELECT count(*) AS registrations, coalesce(sum(r.status = 'confirmed'), 0) AS confirmed, coalesce(sum(r.status = 'waitlisted'), 0) AS waitlisted,
              coalesce(sum(r.confirmed_at IS NOT NULL AND r.confirmed_at > r.created_at), 0) AS promoted
       FROM registrations r JOIN events e ON e.id = r.event_id WHERE e.slug LIKE 'crash-%'`,
    );
    return {
      problems,
      figures: { registrations: Number(fig!.registrations), confirmed: Number(fig!.confirmed), waitlisted: Number(fig!.waitlisted), promoted: Number(fig!.promoted), lostAcknowledged: lost },
    };
  } finally {
    database.close();
  }
}
