import { and, asc, eq, gte } from 'drizzle-orm';
import { clubs, events, tiers } from '../../db/schema';
import type { Actor } from '../auth/policy';
import type { AppDeps } from '../lib/context';
import { meetsTier, type TierRank } from '../members/policy';
import { registrationOpensAt, registrationWindow, type RegistrationWindow } from './policy';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface EventListItem {
  event: typeof events.$inferSelect;
  club: { nameZh: string; nameEn: string } | null;
  minTier: TierRank | null;
  /** for a member: when registration opens for their tier, and whether it is open now */
  opensForMemberAt: number | null;
  window: RegistrationWindow | null;
  eligible: boolean | null;
}

/** Scheduled events that have not ended, soonest first, as this actor sees them. */
export async function listUpcomingEvents(deps: Deps, actor: Actor & { tierCode?: string | null }, limit = 100): Promise<EventListItem[]> {
  const now = deps.clock.now();
  const [rows, tierRows] = await Promise.all([
    deps.db
      .select({ event: events, clubNameZh: clubs.nameZh, clubNameEn: clubs.nameEn })
      .from(events)
      .leftJoin(clubs, eq(clubs.id, events.clubId))
      .where(and(eq(events.status, 'scheduled'), gte(events.endsAt, now)))
      .orderBy(asc(events.startsAt))
      .limit(limit),
    deps.db.select().from(tiers),
  ]);
  const byCode = new Map(tierRows.map((t) => [t.code, t]));
  const own = actor.role === 'member' && actor.tierCode ? byCode.get(actor.tierCode) ?? null : null;
  return rows.map(({ event, clubNameZh, clubNameEn }) => {
    const minTier = event.minTier ? byCode.get(event.minTier) ?? null : null;
    const opensForMemberAt = own ? registrationOpensAt(event.opensAt, own.earlyAccessHours) : null;
    return {
      event,
      club: clubNameZh !== null && clubNameEn !== null ? { nameZh: clubNameZh, nameEn: clubNameEn } : null,
      minTier,
      opensForMemberAt,
      window: opensForMemberAt !== null ? registrationWindow(now, opensForMemberAt, event.closesAt) : null,
      eligible: actor.role === 'member' ? meetsTier(own, minTier) : null,
    };
  });
}
