import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { CITIES, clubs, dependents, events, registrations, type City, type PartyChild } from '../../db/schema';
import type { Actor } from '../auth/policy';
import type { AppDeps } from '../lib/context';
import { preparedFor } from '../lib/prepared';
import { err, ok, type Result } from '../lib/result';
import { monthRange, zonedParts } from '../lib/time';
import type { TierRank } from '../members/policy';
import { canCancelRegistration, partyProblem, partySeats, registrationOpensAt, registrationRefusal, registrationWindow, type PartyProblem, type RegistrationRefusal, type RegistrationWindow } from './policy';
import { lookups, type Lookups } from './lookups';
import { registrationPositions, seatCountsByEvent, type SeatCounts } from './seats';

type Deps = Pick<AppDeps, 'db' | 'clock'> & { config: { timeZone: string } };
export type EventRow = typeof events.$inferSelect;
export type RegistrationRow = typeof registrations.$inferSelect;

export interface OwnRegistration {
  id: number;
  code: string;
  status: RegistrationRow['status'];
  seats: number;
  guests: number;
  children: PartyChild[];
  position: number | null;
  checkedInSeats: number;
  noShowAt: number | null;
}

export interface EventListItem {
  event: EventRow;
  club: { id: number; nameZh: string; nameEn: string } | null;
  minTier: TierRank | null;
  counts: SeatCounts;
  /** for a member: when registration opens for their tier, the window now, eligibility and their registration */
  opensForMemberAt: number | null;
  window: RegistrationWindow | null;
  eligible: boolean | null;
  own: OwnRegistration | null;
}

export interface EventFilters {
  city?: City | undefined;
  clubId?: number | undefined;
  month?: string | undefined;
  /** 1-based page of the list (EVENTS_PER_PAGE each) */
  page?: number | undefined;
}

/** Events per page of /events: a phone screen's worth of cards a few times over, and a page that renders quickly. */
export const EVENTS_PER_PAGE = 20;

export function parseEventFilters(q: { city?: string | undefined; club?: string | undefined; month?: string | undefined; page?: string | undefined }): EventFilters {
  const clubId = q.club && /^\d{1,9}$/.test(q.club) ? Number(q.club) : undefined;
  const page = q.page && /^[1-9]\d{0,3}$/.test(q.page) ? Number(q.page) : undefined;
  return {
    city: (CITIES as readonly string[]).includes(q.city ?? '') ? (q.city as City) : undefined,
    clubId,
    month: q.month && /^\d{4}-(0[1-9]|1[0-2])$/.test(q.month) ? q.month : undefined,
    page: page && page > 1 ? page : undefined,
  };
}

async function ownRegistrations(deps: Deps, userId: number, eventIds: number[]): Promise<Map<number, OwnRegistration>> {
  if (eventIds.length === 0) return new Map();
  const rows = await deps.db
    .select()
    .from(registrations)
    .where(and(eq(registrations.userId, userId), inArray(registrations.eventId, eventIds)))
    .orderBy(desc(registrations.id));
  const chosen = new Map<number, RegistrationRow>();
  for (const r of rows) {
    const current = chosen.get(r.eventId);
    // the newest wins, except that a live registration beats any cancelled one
    if (!current || (current.status === 'cancelled' && r.status !== 'cancelled')) chosen.set(r.eventId, r);
  }
  const positions = await registrationPositions(deps.db, [...chosen.values()].filter((r) => r.status === 'waitlisted').map((r) => r.id));
  return new Map(
    [...chosen].map(([eventId, r]) => [
      eventId,
      { id: r.id, code: r.code, status: r.status, seats: r.seats, guests: r.guests, children: r.children, position: positions.get(r.id) ?? null, checkedInSeats: r.checkedInSeats, noShowAt: r.noShowAt },
    ]),
  );
}

async function eventItems(deps: Deps, actor: Actor, rows: Array<{ event: EventRow; club: EventListItem['club'] }>, known?: Lookups): Promise<EventListItem[]> {
  const ids = rows.map((r) => r.event.id);
  const [{ tierRows, facts }, counts] = await Promise.all([known ?? lookups(deps.db, actor), seatCountsByEvent(deps.db, ids)]);
  const byCode = new Map(tierRows.map((t) => [t.code, t]));
  const own = facts ? await ownRegistrations(deps, actor.id, ids) : new Map<number, OwnRegistration>();
  const now = deps.clock.now();
  return rows.map(({ event, club }) => {
    const minTier = event.minTier ? byCode.get(event.minTier) ?? null : null;
    const opensForMemberAt = facts?.tier ? registrationOpensAt(event.opensAt, facts.tier.earlyAccessHours) : null;
    return {
      event,
      club,
      minTier,
      counts: counts.get(event.id) ?? { confirmedSeats: 0, confirmed: 0, waitlisted: 0, waitlistedSeats: 0, checkedInSeats: 0 },
      opensForMemberAt,
      window: opensForMemberAt !== null ? registrationWindow(now, opensForMemberAt, event.closesAt) : null,
      eligible: facts ? (minTier === null || (facts.tier !== null && facts.tier.rank >= minTier.rank)) && (!event.requiresClubMembership || (event.clubId !== null && facts.clubIds.has(event.clubId))) : null,
      own: own.get(event.id) ?? null,
    };
  });
}

function eventQuery(deps: Pick<Deps, 'db'>) {
  return deps.db
    .select({ event: events, clubId: clubs.id, clubNameZh: clubs.nameZh, clubNameEn: clubs.nameEn })
    .from(events)
    .leftJoin(clubs, eq(clubs.id, events.clubId));
}

/** One event with its club, for every event page: built once per database handle (src/lib/prepared.ts). */
const eventById = preparedFor((db: Deps['db']) =>
  eventQuery({ db })
    .where(eq(events.id, sql.placeholder('id')))
    .limit(1)
    .prepare(),
);

function withClub(r: { event: EventRow; clubId: number | null; clubNameZh: string | null; clubNameEn: string | null }) {
  return { event: r.event, club: r.clubId !== null ? { id: r.clubId, nameZh: r.clubNameZh ?? '', nameEn: r.clubNameEn ?? '' } : null };
}

/** Scheduled events that have not ended, soonest first, filtered by city, club and month. */
export async function listUpcomingEvents(deps: Deps, actor: Actor, filters: EventFilters = {}, limit = EVENTS_PER_PAGE, offset = 0): Promise<EventListItem[]> {
  const conditions = [eq(events.status, 'scheduled'), gte(events.endsAt, deps.clock.now())];
  if (filters.city) conditions.push(eq(events.city, filters.city));
  if (filters.clubId) conditions.push(eq(events.clubId, filters.clubId));
  const month = filters.month ? monthRange(filters.month, deps.config.timeZone) : null;
  if (month) conditions.push(gte(events.startsAt, month.start), lt(events.startsAt, month.end));
  const rows = await eventQuery(deps).where(and(...conditions)).orderBy(asc(events.startsAt), asc(events.id)).limit(limit).offset(offset);
  return eventItems(deps, actor, rows.map(withClub));
}

export interface EventListPage {
  items: EventListItem[];
  page: number;
  hasMore: boolean;
}

/** One page of the upcoming events (filters.page), and whether a next page exists. */
export async function listEventPage(deps: Deps, actor: Actor, filters: EventFilters): Promise<EventListPage> {
  const page = filters.page ?? 1;
  const items = await listUpcomingEvents(deps, actor, filters, EVENTS_PER_PAGE + 1, (page - 1) * EVENTS_PER_PAGE);
  return { items: items.slice(0, EVENTS_PER_PAGE), page, hasMore: items.length > EVENTS_PER_PAGE };
}

export interface EventPage extends EventListItem {
  refusal: RegistrationRefusal | null;
  ownTier: TierRank | null;
  /** the member's children who fit the event's age range (empty when the event takes no children) */
  eligibleChildren: PartyChild[];
  canCancel: boolean;
}

export async function getEventPage(deps: Deps, actor: Actor, eventId: number): Promise<Result<EventPage, 'not_found'>> {
  const [row] = await eventById(deps.db).all({ id: eventId });
  if (!row) return err('not_found');
  const known = await lookups(deps.db, actor);
  const [item] = await eventItems(deps, actor, [withClub(row)], known);
  const check = actor.role === 'member' ? await registrationCheck(deps, actor, row.event, known) : null;
  const now = deps.clock.now();
  return ok({
    ...item!,
    refusal: check?.refusal ?? null,
    ownTier: check?.ownTier ?? null,
    eligibleChildren: check?.eligibleChildren ?? [],
    canCancel: canCancelRegistration(now, row.event.startsAt),
  });
}

export interface RegistrationCheck {
  refusal: RegistrationRefusal | null;
  ownTier: TierRank | null;
  minTier: TierRank | null;
  opensForMember: number | null;
  children: PartyChild[];
  eligibleChildren: PartyChild[];
}

export async function registrationCheck(deps: Deps, actor: Actor, event: EventRow, known?: Lookups): Promise<RegistrationCheck> {
  const [{ tierRows, facts }, live, kids] = await Promise.all([
    known ?? lookups(deps.db, actor),
    deps.db
      .select({ id: registrations.id })
      .from(registrations)
      .where(and(eq(registrations.eventId, event.id), eq(registrations.userId, actor.id), inArray(registrations.status, ['confirmed', 'waitlisted']))),
    deps.db.select({ id: dependents.id, name: dependents.name, birthYear: dependents.birthYear }).from(dependents).where(eq(dependents.userId, actor.id)),
  ]);
  const minTier = event.minTier ? tierRows.find((t) => t.code === event.minTier) ?? null : null;
  const ownTier = facts?.tier ?? null;
  const now = deps.clock.now();
  const opensForMember = ownTier ? registrationOpensAt(event.opensAt, ownTier.earlyAccessHours) : null;
  const refusal = registrationRefusal({
    role: actor.role,
    disabled: facts?.disabled ?? true,
    alreadyRegistered: live.length > 0,
    eventStatus: event.status,
    now,
    startsAt: event.startsAt,
    closesAt: event.closesAt,
    opensForMember: opensForMember ?? event.opensAt,
    ownTier,
    minTier,
    requiresClubMembership: event.requiresClubMembership,
    isClubMember: event.clubId !== null && (facts?.clubIds.has(event.clubId) ?? false),
  });
  const startYear = zonedParts(event.startsAt, deps.config.timeZone).year;
  const takesChildren = event.childMinAge !== null || event.childMaxAge !== null;
  const eligibleChildren = takesChildren
    ? kids.filter((k) => partyProblem({ guests: 0, children: [k] }, { maxGuests: 0, childMinAge: event.childMinAge, childMaxAge: event.childMaxAge, startYear }) === null)
    : [];
  return { refusal, ownTier, minTier, opensForMember, children: kids, eligibleChildren };
}

export interface PartyInput {
  guests: number;
  childIds: number[];
}

export interface Party {
  guests: number;
  children: PartyChild[];
  seats: number;
}

/** Checks a requested party against the event and the member's own children (someone else's child is "unknown"). */
export function resolveParty(event: EventRow, check: RegistrationCheck, input: PartyInput, timeZone: string): Result<Party, PartyProblem> {
  const ids = [...new Set(input.childIds)];
  const chosen = ids.map((id) => check.children.find((c) => c.id === id));
  const problem = partyProblem(
    { guests: input.guests, children: chosen },
    { maxGuests: event.maxGuests, childMinAge: event.childMinAge, childMaxAge: event.childMaxAge, startYear: zonedParts(event.startsAt, timeZone).year },
  );
  if (problem) return err(problem);
  const children = chosen.filter((c): c is PartyChild => c !== undefined);
  return ok({ guests: input.guests, children, seats: partySeats(input.guests, children.length) });
}

export { type PartyProblem, type RegistrationRefusal };
