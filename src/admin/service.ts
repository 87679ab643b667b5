import { and, count, eq, gte, isNull, sql } from 'drizzle-orm';
import { clubs, events, lounges, tiers, users } from '../../db/schema';
import type { Actor } from '../auth/policy';
import type { AppDeps } from '../lib/context';
import { err, ok, type Result } from '../lib/result';

export interface AdminOverview {
  membersByTier: Array<{ code: string; nameZh: string; nameEn: string; members: number }>;
  staff: { coordinators: number; loungeStaff: number; admins: number };
  disabledAccounts: number;
  clubs: number;
  lounges: number;
  upcomingEvents: number;
}

/** The programme at a glance: a handful of aggregate queries over indexed columns. */
export async function getAdminOverview(deps: Pick<AppDeps, 'db' | 'clock'>, actor: Actor): Promise<Result<AdminOverview, 'forbidden'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const now = deps.clock.now();
  const [tierRows, roleRows, disabled, clubCount, loungeCount, eventCount] = await Promise.all([
    deps.db
      .select({ code: tiers.code, nameZh: tiers.nameZh, nameEn: tiers.nameEn, members: sql<number>`count(${users.id})` })
      .from(tiers)
      .leftJoin(users, and(eq(users.tierCode, tiers.code), eq(users.role, 'member'), isNull(users.disabledAt)))
      .groupBy(tiers.code)
      .orderBy(tiers.rank),
    deps.db.select({ role: users.role, n: count() }).from(users).groupBy(users.role),
    deps.db.select({ n: count() }).from(users).where(sql`${users.disabledAt} IS NOT NULL`),
    deps.db.select({ n: count() }).from(clubs).where(isNull(clubs.archivedAt)),
    deps.db.select({ n: count() }).from(lounges),
    deps.db.select({ n: count() }).from(events).where(and(eq(events.status, 'scheduled'), gte(events.endsAt, now))),
  ]);
  const byRole = new Map(roleRows.map((r) => [r.role, r.n]));
  return ok({
    membersByTier: tierRows.map((r) => ({ ...r, members: Number(r.members) })),
    staff: { coordinators: byRole.get('coordinator') ?? 0, loungeStaff: byRole.get('lounge_staff') ?? 0, admins: byRole.get('admin') ?? 0 },
    disabledAccounts: disabled[0]?.n ?? 0,
    clubs: clubCount[0]?.n ?? 0,
    lounges: loungeCount[0]?.n ?? 0,
    upcomingEvents: eventCount[0]?.n ?? 0,
  });
}
