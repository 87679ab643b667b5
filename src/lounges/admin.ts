import { and, asc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import { loungeBookings, loungeStaff, lounges, tiers, users } from '../../db/schema';
import type { Actor } from '../auth/policy';
import { audit } from '../lib/audit';
import type { AppDeps } from '../lib/context';
import { HOUR } from '../lib/clock';
import { err, ok, type Result } from '../lib/result';
import { addZonedDays, atMinuteOfDay, startOfZonedDay } from '../lib/time';
import type { LoungeRow } from './slots';

type Deps = Pick<AppDeps, 'db' | 'clock'> & { config: { timeZone: string } };

/** Everything an admin sets on a lounge (the table's columns but its id and creation time). */
export type LoungeInput = Omit<typeof lounges.$inferInsert, 'id' | 'createdAt'>;

export type LoungeEditError = 'forbidden' | 'not_found' | 'code_taken' | 'hours';

export interface LoungeAdminItem {
  lounge: LoungeRow;
  staff: Array<{ id: number; name: string; phone: string }>;
}

export async function listAllLounges(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<Result<{ lounges: LoungeAdminItem[]; staffPool: Array<{ id: number; name: string; phone: string }> }, 'forbidden'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const rows = await deps.db.select().from(lounges).orderBy(asc(lounges.id));
  const links = await deps.db
    .select({ loungeId: loungeStaff.loungeId, id: users.id, name: users.name, phone: users.phone })
    .from(loungeStaff)
    .innerJoin(users, eq(users.id, loungeStaff.userId))
    .orderBy(asc(users.name));
  const staffPool = await deps.db.select({ id: users.id, name: users.name, phone: users.phone }).from(users).where(and(eq(users.role, 'lounge_staff'), sql`${users.disabledAt} IS NULL`)).orderBy(asc(users.name));
  return ok({ lounges: rows.map((lounge) => ({ lounge, staff: links.filter((l) => l.loungeId === lounge.id).map(({ loungeId: _l, ...s }) => s) })), staffPool });
}

function hoursProblem(input: LoungeInput): boolean {
  return input.opensAt < 0 || input.closesAt > 1440 || input.opensAt + input.slotMinutes > input.closesAt;
}

export async function createLounge(deps: Deps, actor: Actor, input: LoungeInput): Promise<Result<LoungeRow, LoungeEditError>> {
  if (actor.role !== 'admin') return err('forbidden');
  if (hoursProblem(input)) return err('hours');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.insert(lounges).values({ ...input, createdAt: now }).onConflictDoNothing().returning();
    if (!row) return err('code_taken');
    await audit(tx, actor, now, { action: 'lounge.created', targetType: 'lounge', targetId: row.id, detail: { code: input.code, capacity: input.capacity } });
    return ok(row);
  });
}

export async function updateLounge(deps: Deps, actor: Actor, loungeId: number, input: LoungeInput): Promise<Result<LoungeRow, LoungeEditError>> {
  if (actor.role !== 'admin') return err('forbidden');
  if (hoursProblem(input)) return err('hours');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [before] = await tx.select().from(lounges).where(eq(lounges.id, loungeId));
    if (!before) return err('not_found');
    const [clash] = await tx.select({ id: lounges.id }).from(lounges).where(and(eq(lounges.code, input.code), sql`${lounges.id} != ${loungeId}`));
    if (clash) return err('code_taken');
    const [row] = await tx.update(lounges).set(input).where(eq(lounges.id, loungeId)).returning();
    const changed = Object.fromEntries(
      (Object.keys(input) as Array<keyof LoungeInput>).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(input[k])).map((k) => [k, { from: before[k], to: input[k] }]),
    );
    await audit(tx, actor, now, { action: 'lounge.updated', targetType: 'lounge', targetId: loungeId, detail: { changed } });
    return ok(row!);
  });
}

/** Assigns or removes a lounge-staff account at a lounge. */
export async function setLoungeStaff(deps: Deps, actor: Actor, input: { loungeId: number; userId: number; assigned: boolean }): Promise<Result<null, 'forbidden' | 'not_found' | 'not_staff'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [lounge] = await tx.select({ id: lounges.id }).from(lounges).where(eq(lounges.id, input.loungeId));
    if (!lounge) return err('not_found');
    const [user] = await tx.select({ role: users.role }).from(users).where(eq(users.id, input.userId));
    if (!user || user.role !== 'lounge_staff') return err('not_staff');
    if (input.assigned) await tx.insert(loungeStaff).values({ loungeId: input.loungeId, userId: input.userId }).onConflictDoNothing();
    else await tx.delete(loungeStaff).where(and(eq(loungeStaff.loungeId, input.loungeId), eq(loungeStaff.userId, input.userId)));
    await audit(tx, actor, now, { action: input.assigned ? 'lounge.staff.assigned' : 'lounge.staff.removed', targetType: 'lounge', targetId: input.loungeId, detail: { userId: input.userId } });
    return ok(null);
  });
}

export interface Visit {
  code: string;
  name: string;
  phone: string;
  tierNameZh: string | null;
  tierNameEn: string | null;
  slotStart: number;
  people: number;
  status: (typeof loungeBookings.$inferSelect)['status'];
  walkIn: boolean;
  checkedInAt: number | null;
  checkedOutAt: number | null;
}

export interface OccupancyReport {
  lounge: LoungeRow;
  from: number;
  days: number[];
  /** per day, per hour of the day (0–23): the most people inside at once during that hour, as far as visits show */
  byDayHour: number[][];
  visits: Visit[];
}

/**
 * Occupancy by hour over one day or seven, from the visits themselves (who was checked in from when to when;
 * a guest still inside counts until now). Also the visits, for the CSV export.
 */
export async function occupancyReport(deps: Deps, actor: Actor, loungeId: number, from: number, dayCount: 1 | 7): Promise<Result<OccupancyReport, 'forbidden' | 'not_found'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const [lounge] = await deps.db.select().from(lounges).where(eq(lounges.id, loungeId));
  if (!lounge) return err('not_found');
  const zone = deps.config.timeZone;
  const now = deps.clock.now();
  const start = startOfZonedDay(from, zone);
  const days = Array.from({ length: dayCount }, (_, i) => addZonedDays(start, i, zone));
  const end = addZonedDays(start, dayCount, zone);
  const visits = await deps.db
    .select({
      code: loungeBookings.code,
      name: users.name,
      phone: users.phone,
      tierNameZh: tiers.nameZh,
      tierNameEn: tiers.nameEn,
      slotStart: loungeBookings.slotStart,
      people: sql<number>`1 + coalesce(${loungeBookings.companionsArrived}, ${loungeBookings.companions})`,
      status: loungeBookings.status,
      walkIn: loungeBookings.walkIn,
      checkedInAt: loungeBookings.checkedInAt,
      checkedOutAt: loungeBookings.checkedOutAt,
    })
    .from(loungeBookings)
    .innerJoin(users, eq(users.id, loungeBookings.userId))
    .leftJoin(tiers, eq(tiers.code, users.tierCode))
    .where(and(eq(loungeBookings.loungeId, loungeId), or(and(gte(loungeBookings.slotStart, start), lt(loungeBookings.slotStart, end)), and(gte(loungeBookings.checkedInAt, start), lt(loungeBookings.checkedInAt, end)))!, inArray(loungeBookings.status, ['booked', 'checked_in', 'checked_out', 'no_show'])))
    .orderBy(asc(loungeBookings.slotStart));
  const stays = visits.filter((v) => v.checkedInAt !== null).map((v) => ({ from: v.checkedInAt!, to: v.checkedOutAt ?? Math.max(now, v.checkedInAt!), people: Number(v.people) }));
  const byDayHour = days.map((day) =>
    Array.from({ length: 24 }, (_, h) => {
      const hStart = atMinuteOfDay(day, h * 60, zone);
      const hEnd = hStart + HOUR;
      // the peak inside the hour is reached at some stay's start (or the hour's start)
      const moments = [hStart, ...stays.filter((s) => s.from > hStart && s.from < hEnd).map((s) => s.from)];
      return Math.max(0, ...moments.map((m) => stays.filter((s) => s.from <= m && s.to > m).reduce((n, s) => n + s.people, 0)));
    }),
  );
  return ok({ lounge, from: start, days, byDayHour, visits: visits.map((v) => ({ ...v, people: Number(v.people) })) });
}
