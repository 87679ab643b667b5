import { sql, type SQL } from 'drizzle-orm';
import { DAY, MINUTE } from '../lib/clock';
import { zonedParts } from '../lib/time';

/**
 * Local-time buckets (month, weekday, hour) computed inside SQLite, correctly for any IANA zone.
 *
 * SQLite knows no time zones, so a fixed "+8 hours" would be right for Asia/Shanghai only. Instead the zone's UTC
 * offsets over the report's period are worked out here (through src/lib/time.ts), as a short list of segments —
 * one per offset in force, i.e. one segment for a zone without daylight saving, about two a year for one with it —
 * and each row's local wall-clock time is `instant + the offset of its segment`, chosen by a CASE in the query.
 * Rows are then grouped by strftime() over that local time, so the database returns at most one row per bucket.
 */

export interface OffsetSegment {
  /** the segment applies from this instant (inclusive) until the next segment's `from` */
  from: number;
  /** local wall-clock minus UTC, in ms */
  offset: number;
}

/** The zone's offset at an instant, at minute precision: the wall-clock parts read back as if they were UTC. */
export function offsetAt(ms: number, zone: string): number {
  const minute = Math.floor(ms / MINUTE) * MINUTE;
  const p = zonedParts(minute, zone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - minute;
}

const cache = new Map<string, OffsetSegment[]>();

/**
 * The offsets in force over [start, end). Steps a day at a time (no zone changes its offset twice within a day)
 * and narrows each change to the minute it happens. Memoised: a zone's rules do not change while we run.
 */
export function offsetSegments(start: number, end: number, zone: string): OffsetSegment[] {
  const key = `${zone}|${start}|${end}`;
  const known = cache.get(key);
  if (known) return known;
  const segments: OffsetSegment[] = [{ from: start, offset: offsetAt(start, zone) }];
  let prev = start;
  for (let t = Math.min(start + DAY, end); prev < end; t = Math.min(t + DAY, end)) {
    const offset = offsetAt(t, zone);
    const current = segments[segments.length - 1]!.offset;
    if (offset !== current) {
      // the first minute in (prev, t] with the new offset
      let lo = Math.floor(prev / MINUTE);
      let hi = Math.floor(t / MINUTE);
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(mid * MINUTE, zone) === current) lo = mid;
        else hi = mid;
      }
      segments.push({ from: hi * MINUTE, offset });
    }
    prev = t;
    if (t === end) break;
  }
  if (cache.size > 200) cache.clear();
  cache.set(key, segments);
  return segments;
}

/** SQL for the local wall-clock time of `column` (UTC ms) as Unix seconds, ready for strftime(…, 'unixepoch'). */
export function localSeconds(column: SQL, segments: OffsetSegment[]): SQL {
  if (segments.length === 1) return sql`((${column} + ${segments[0]!.offset}) / 1000)`;
  const cases = sql.join(
    segments.slice(1).map((s, i) => sql`WHEN ${column} < ${s.from} THEN ${segments[i]!.offset}`),
    sql` `,
  );
  return sql`((${column} + CASE ${cases} ELSE ${segments[segments.length - 1]!.offset} END) / 1000)`;
}

/** "2026-12": the local month of `column`. */
export function localMonth(column: SQL, segments: OffsetSegment[]): SQL<string> {
  return sql<string>`strftime('%Y-%m', ${localSeconds(column, segments)}, 'unixepoch')`;
}

/** 0–23: the local hour of `column`. */
export function localHour(column: SQL, segments: OffsetSegment[]): SQL<number> {
  return sql<number>`CAST(strftime('%H', ${localSeconds(column, segments)}, 'unixepoch') AS INTEGER)`;
}

/** 1 = Monday … 7 = Sunday (as src/lib/time.ts counts): the local weekday of `column`. */
export function localWeekday(column: SQL, segments: OffsetSegment[]): SQL<number> {
  return sql<number>`((CAST(strftime('%w', ${localSeconds(column, segments)}, 'unixepoch') AS INTEGER) + 6) % 7 + 1)`;
}
