import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { events, registrations, tiers, users } from '../../db/schema';
import type { Actor } from '../auth/policy';
import { audit } from '../lib/audit';
import type { AppDeps } from '../lib/context';
import { ok, type Result } from '../lib/result';
import { managedEvent } from './manage';
import type { EventRow } from './service';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface AttendanceRow {
  registrationId: number;
  code: string;
  name: string;
  phone: string;
  tierCode: string | null;
  tierNameZh: string | null;
  tierNameEn: string | null;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  seats: number;
  checkedInSeats: number;
  checkedInAt: number | null;
  noShowAt: number | null;
  walkIn: boolean;
}

export interface TierLine {
  code: string | null;
  nameZh: string | null;
  nameEn: string | null;
  confirmed: number;
  checkedIn: number;
  noShows: number;
}

export interface AttendanceReport {
  event: EventRow;
  totals: { confirmed: number; confirmedSeats: number; checkedIn: number; checkedInSeats: number; noShows: number; waitlistLeft: number; walkIns: number };
  byTier: TierLine[];
  rows: AttendanceRow[];
}

/** Who was expected, who came (and when), who did not, who was still waiting — overall and by tier. */
export async function attendanceReport(deps: Deps, actor: Actor, eventId: number, opts: { forExport?: boolean } = {}): Promise<Result<AttendanceReport, 'forbidden' | 'not_found'>> {
  const event = await managedEvent(deps.db, actor, eventId);
  if (!event.ok) return event;
  const rows = await deps.db
    .select({
      registrationId: registrations.id,
      code: registrations.code,
      name: users.name,
      phone: users.phone,
      tierCode: users.tierCode,
      tierNameZh: tiers.nameZh,
      tierNameEn: tiers.nameEn,
      tierRank: tiers.rank,
      status: registrations.status,
      seats: registrations.seats,
      checkedInSeats: registrations.checkedInSeats,
      checkedInAt: registrations.checkedInAt,
      noShowAt: registrations.noShowAt,
      walkIn: registrations.walkIn,
    })
    .from(registrations)
    .innerJoin(users, eq(users.id, registrations.userId))
    .leftJoin(tiers, eq(tiers.code, users.tierCode))
    .where(and(eq(registrations.eventId, eventId), inArray(registrations.status, ['confirmed', 'waitlisted'])))
    .orderBy(sql`${registrations.checkedInAt} IS NULL`, asc(registrations.checkedInAt), asc(users.name));
  const confirmed = rows.filter((r) => r.status === 'confirmed');
  const byTier = new Map<string, TierLine & { rank: number }>();
  for (const r of confirmed) {
    const key = r.tierCode ?? '';
    const line = byTier.get(key) ?? { code: r.tierCode, nameZh: r.tierNameZh, nameEn: r.tierNameEn, rank: r.tierRank ?? 0, confirmed: 0, checkedIn: 0, noShows: 0 };
    line.confirmed += 1;
    if (r.checkedInSeats > 0) line.checkedIn += 1;
    if (r.noShowAt !== null) line.noShows += 1;
    byTier.set(key, line);
  }
  if (opts.forExport) {
    await audit(deps.db, actor, deps.clock.now(), { action: 'event.attendance.exported', targetType: 'event', targetId: eventId, detail: { rows: rows.length } });
  }
  return ok({
    event: event.value,
    totals: {
      confirmed: confirmed.length,
      confirmedSeats: confirmed.reduce((n, r) => n + r.seats, 0),
      checkedIn: confirmed.filter((r) => r.checkedInSeats > 0).length,
      checkedInSeats: confirmed.reduce((n, r) => n + r.checkedInSeats, 0),
      noShows: confirmed.filter((r) => r.noShowAt !== null).length,
      waitlistLeft: rows.length - confirmed.length,
      walkIns: confirmed.filter((r) => r.walkIn).length,
    },
    byTier: [...byTier.values()].sort((a, b) => b.rank - a.rank).map(({ rank: _rank, ...line }) => line),
    rows: rows.map(({ tierRank: _rank, ...r }) => r),
  });
}

/**
 * Marks confirmed registrations nobody checked in for as no-shows once their event has ended. One conditional
 * UPDATE: running it twice, or on two instances at once, marks each registration once.
 */
export async function markNoShows(deps: Pick<AppDeps, 'db' | 'clock'>): Promise<number> {
  const now = deps.clock.now();
  const rows = await deps.db
    .update(registrations)
    .set({ noShowAt: now })
    .where(
      and(
        eq(registrations.status, 'confirmed'),
        eq(registrations.checkedInSeats, 0),
        sql`${registrations.noShowAt} IS NULL`,
        inArray(registrations.eventId, deps.db.select({ id: events.id }).from(events).where(and(eq(events.status, 'scheduled'), sql`${events.endsAt} <= ${now}`))),
      ),
    )
    .returning({ id: registrations.id });
  return rows.length;
}
