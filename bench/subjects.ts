import { createClient } from '@libsql/client';

/** What the benchmarks request, picked from the large database the same way by bench/run.ts and bench/pages.ts. */
export interface BenchSubjects {
  /** the diamond member with the most lounge bookings (the heaviest /me) */
  reader: string;
  /** the upcoming event with the most registrations */
  eventPage: number;
  /** Haikou T2, the desk the demo lounge staff account serves */
  hak: number;
  /** the demo coordinator's club with the most members */
  golf: number;
}

export async function pickSubjects(url: string, now: number): Promise<BenchSubjects> {
  const client = createClient({ url });
  const one = async (sql: string, args: Array<string | number> = []) => (await client.execute({ sql, args })).rows[0]!;
  try {
    return {
      reader: String((await one("SELECT phone FROM users WHERE role = 'member' AND tier_code = 'diamond' AND disabled_at IS NULL AND phone > '13910000000' ORDER BY (SELECT count(*) FROM lounge_bookings b WHERE b.user_id = users.id) DESC LIMIT 1")).phone),
      eventPage: Number((await one(`SELECT e.id FROM events e WHERE e.starts_at > ? AND e.status = 'scheduled' ORDER BY (SELECT count(*) FROM registrations r WHERE r.event_id = e.id) DESC LIMIT 1`, [now])).id),
      hak: Number((await one("SELECT id FROM lounges WHERE code = 'HAK-T2'")).id),
      golf: Number((await one("SELECT c.id FROM clubs c JOIN club_coordinators k ON k.club_id = c.id JOIN users u ON u.id = k.user_id WHERE u.phone = '13800000001' ORDER BY (SELECT count(*) FROM club_memberships m WHERE m.club_id = c.id) DESC LIMIT 1")).id),
    };
  } finally {
    client.close();
  }
}
