import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { clubs, events, lounges, tiers } from '../../db/schema';
import type { AppDeps } from '../lib/context';

/** How many upcoming events the front page shows. */
export const FRONT_EVENTS = 6;

export interface FrontTier {
  code: string;
  nameZh: string;
  nameEn: string;
  loungeVisitsPerYear: number;
  companionsPerVisit: number;
  earlyAccessHours: number;
}

export interface FrontClub {
  id: number;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  descriptionEn: string;
  city: string;
  minTier: string | null;
}

/** An upcoming event as a visitor may see it: what, when, where and whose — never seats or who registered. */
export interface FrontEvent {
  id: number;
  titleZh: string;
  titleEn: string;
  startsAt: number;
  endsAt: number;
  city: string;
  clubNameZh: string | null;
  clubNameEn: string | null;
  minTier: string | null;
}

export interface FrontLounge {
  id: number;
  nameZh: string;
  nameEn: string;
  airportCode: string;
  terminal: string;
  opensAt: number;
  closesAt: number;
}

export interface FrontPage {
  tiers: FrontTier[];
  clubs: FrontClub[];
  events: FrontEvent[];
  lounges: FrontLounge[];
}

/**
 * What the programme offers, for signed-out visitors: the tiers and their benefits, the open clubs, the next events
 * and the lounges. Nothing personal and no capacity figures (seats left would tell who booked). Four small queries:
 * the tiers, the clubs and the lounges are a handful of rows each; the events are a range of events_upcoming_idx.
 */
export async function frontPage(deps: Pick<AppDeps, 'db' | 'clock'>): Promise<FrontPage> {
  const now = deps.clock.now();
  const [tierRows, clubRows, eventRows, loungeRows] = await Promise.all([
    deps.db
      .select({ code: tiers.code, nameZh: tiers.nameZh, nameEn: tiers.nameEn, loungeVisitsPerYear: tiers.loungeVisitsPerYear, companionsPerVisit: tiers.companionsPerVisit, earlyAccessHours: tiers.earlyAccessHours })
      .from(tiers)
      .orderBy(asc(tiers.rank)),
    deps.db
      .select({ id: clubs.id, nameZh: clubs.nameZh, nameEn: clubs.nameEn, descriptionZh: clubs.descriptionZh, descriptionEn: clubs.descriptionEn, city: clubs.city, minTier: clubs.minTier })
      .from(clubs)
      .where(isNull(clubs.archivedAt))
      .orderBy(asc(clubs.id)),
    deps.db
      .select({ id: events.id, titleZh: events.titleZh, titleEn: events.titleEn, startsAt: events.startsAt, endsAt: events.endsAt, city: events.city, clubNameZh: clubs.nameZh, clubNameEn: clubs.nameEn, minTier: events.minTier })
      .from(events)
      .leftJoin(clubs, eq(clubs.id, events.clubId))
      // not yet started (events_upcoming_idx covers scheduled events by end; a started one is no longer a highlight)
      .where(and(eq(events.status, 'scheduled'), gt(events.endsAt, now), gt(events.startsAt, now), isNull(clubs.archivedAt)))
      .orderBy(asc(events.startsAt), asc(events.id))
      .limit(FRONT_EVENTS),
    deps.db
      .select({ id: lounges.id, nameZh: lounges.nameZh, nameEn: lounges.nameEn, airportCode: lounges.airportCode, terminal: lounges.terminal, opensAt: lounges.opensAt, closesAt: lounges.closesAt })
      .from(lounges)
      .orderBy(asc(lounges.id)),
  ]);
  return { tiers: tierRows, clubs: clubRows, events: eventRows, lounges: loungeRows };
}
