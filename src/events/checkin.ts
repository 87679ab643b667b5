import { and, asc, eq, or, sql } from 'drizzle-orm';
import { registrations, tiers, users, type RegistrationStatus } from '../../db/schema';
import type { Actor } from '../auth/policy';
import type { DbOrTx } from '../db';
import { isUniqueViolation } from '../clubs/waitlist';
import { audit } from '../lib/audit';
import { normalizeCode, parseScan } from '../lib/codes';
import type { AppDeps } from '../lib/context';
import { isValidPhone, normalizePhone } from '../lib/phone';
import { err, ok, type Result } from '../lib/result';
import { managedEvent } from './manage';
import { eventCheckInTiming, partySeats } from './policy';
import { insertRegistration, seatCounts, type SeatCounts } from './seats';
import type { EventRow } from './service';
import { escapeLike } from '../lib/name-search';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface DoorEntry {
  registrationId: number;
  code: string;
  name: string;
  phone: string;
  tierNameZh: string | null;
  tierNameEn: string | null;
  seats: number;
  guests: number;
  childNames: string[];
  checkedInSeats: number;
  checkedInAt: number | null;
  checkedInByName: string | null;
  walkIn: boolean;
}

const checkerName = sql<string | null>`(SELECT u2.name FROM users u2 WHERE u2.id = ${registrations.checkedInBy})`;

function entrySelect() {
  return {
    registrationId: registrations.id,
    code: registrations.code,
    name: users.name,
    phone: users.phone,
    tierNameZh: tiers.nameZh,
    tierNameEn: tiers.nameEn,
    seats: registrations.seats,
    guests: registrations.guests,
    children: registrations.children,
    checkedInSeats: registrations.checkedInSeats,
    checkedInAt: registrations.checkedInAt,
    checkedInByName: checkerName,
    walkIn: registrations.walkIn,
  };
}

/** The door view of registrations: the holder, their tier and who checked them in. */
function entryQuery(db: DbOrTx) {
  return db.select(entrySelect()).from(registrations).innerJoin(users, eq(users.id, registrations.userId)).leftJoin(tiers, eq(tiers.code, users.tierCode));
}

type EntryRow = { children: Array<{ name: string }> } & Omit<DoorEntry, 'childNames'>;
const toEntry = ({ children, ...rest }: EntryRow): DoorEntry => ({ ...rest, childNames: children.map((c) => c.name) });


/**
 * Finds confirmed parties at the door by ticket code (typed or scanned), by name, or by phone (full or any
 * part, e.g. the last four digits). For the event's coordinators and admins only.
 */
/**
 * When a membership card (scanned, or its code typed) finds no confirmed party: whose card it is and where they stand
 * for this event (`null`: no registration at all), so the door can say so instead of "no confirmed registration";
 * `unknown`: a scanned card no member holds.
 */
export type DoorCardHolder = { name: string; status: Exclude<RegistrationStatus, 'confirmed'> | null } | 'unknown';

export async function searchDoor(
  deps: Deps,
  actor: Actor,
  eventId: number,
  query: string,
): Promise<Result<{ event: EventRow; entries: DoorEntry[]; cardHolder?: DoorCardHolder }, 'forbidden' | 'not_found'>> {
  const event = await managedEvent(deps.db, actor, eventId);
  if (!event.ok) return event;
  const scan = parseScan(query);
  const q = scan.text;
  const base = and(eq(registrations.eventId, eventId), eq(registrations.status, 'confirmed'));
  let where = base;
  if (q && scan.kind === 'card') {
    // the membership card's QR: this member's confirmed party for this event
    where = and(base, eq(users.cardCode, normalizeCode(q)));
  } else if (q) {
    const pattern = `%${escapeLike(q)}%`;
    const code = normalizeCode(q);
    where = and(
      base,
      or(eq(registrations.code, code), eq(users.cardCode, code), sql`${users.name} LIKE ${pattern} ESCAPE '\\'`, sql`${users.phone} LIKE ${`%${escapeLike(normalizePhone(q))}%`} ESCAPE '\\'`),
    );
  }
  const rows = await entryQuery(deps.db)
    .where(where)
    .orderBy(sql`${registrations.checkedInSeats} > 0`, asc(users.name))
    .limit(q ? 20 : 50);
  if (rows.length === 0 && q) {
    const cardHolder = await doorCardHolder(deps.db, eventId, normalizeCode(q));
    if (cardHolder) return ok({ event: event.value, entries: [], cardHolder });
    if (scan.kind === 'card') return ok({ event: event.value, entries: [], cardHolder: 'unknown' });
  }
  return ok({ event: event.value, entries: rows.map(toEntry) });
}

/** The holder of a membership card and their registration status for the event, if the code is a card's. */
async function doorCardHolder(db: DbOrTx, eventId: number, cardCode: string): Promise<DoorCardHolder | undefined> {
  if (!cardCode) return undefined;
  const [holder] = await db
    .select({ name: users.name, status: registrations.status })
    .from(users)
    .leftJoin(registrations, and(eq(registrations.userId, users.id), eq(registrations.eventId, eventId)))
    .where(eq(users.cardCode, cardCode));
  if (!holder) return undefined;
  return { name: holder.name, status: holder.status === 'confirmed' ? null : holder.status };
}

export async function doorEntry(deps: Deps, registrationId: number): Promise<DoorEntry | undefined> {
  const [row] = await entryQuery(deps.db).where(eq(registrations.id, registrationId));
  return row ? toEntry(row) : undefined;
}

/** `changed`: whether this call changed anything; when it did not, `alreadyBy`/`alreadyAt` say who was first. */
export type CheckInOutcome = { entry: DoorEntry; changed: boolean; alreadyBy: string | null; alreadyAt: number | null };

/**
 * Checks in a party, or part of it (`seats` of them). Idempotent across devices: the first check-in keeps its
 * time and its staff member, a repeat changes nothing, and the answer says who was first.
 */
export async function checkIn(
  deps: Deps,
  actor: Actor,
  input: { eventId: number; registrationId: number; seats?: number | undefined },
): Promise<Result<CheckInOutcome, 'forbidden' | 'not_found' | 'too_many' | 'too_early' | 'too_late'>> {
  const event = await managedEvent(deps.db, actor, input.eventId);
  if (!event.ok) return event;
  const now = deps.clock.now();
  const timing = eventCheckInTiming(now, event.value.startsAt, event.value.endsAt);
  return deps.db.transaction(async (tx) => {
    const [before] = await tx
      .select({ seats: registrations.seats, checkedInSeats: registrations.checkedInSeats, checkedInAt: registrations.checkedInAt, by: checkerName })
      .from(registrations)
      .where(and(eq(registrations.id, input.registrationId), eq(registrations.eventId, input.eventId), eq(registrations.status, 'confirmed')));
    if (!before) return err('not_found');
    if (timing) return err(timing);
    const seats = input.seats ?? before.seats;
    if (seats < 1 || seats > before.seats) return err('too_many');
    const repeat = before.checkedInAt !== null && before.checkedInSeats === seats;
    if (!repeat) {
      await tx
        .update(registrations)
        .set({ checkedInSeats: seats, checkedInAt: sql`coalesce(${registrations.checkedInAt}, ${now})`, checkedInBy: sql`coalesce(${registrations.checkedInBy}, ${actor.id})`, noShowAt: null })
        .where(eq(registrations.id, input.registrationId));
      await audit(tx, actor, now, { action: 'event.checkin.recorded', targetType: 'registration', targetId: input.registrationId, detail: { eventId: input.eventId, seats, from: before.checkedInSeats } });
    }
    const [entry] = await entryQuery(tx).where(eq(registrations.id, input.registrationId));
    return ok({ entry: toEntry(entry!), changed: !repeat, alreadyBy: before.checkedInAt !== null ? before.by : null, alreadyAt: before.checkedInAt });
  });
}

/** Undoes a mistaken check-in (recorded in the audit log); undoing a party nobody checked in changes nothing. */
export async function undoCheckIn(deps: Deps, actor: Actor, input: { eventId: number; registrationId: number }): Promise<Result<DoorEntry, 'forbidden' | 'not_found'>> {
  const event = await managedEvent(deps.db, actor, input.eventId);
  if (!event.ok) return event;
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const mine = and(eq(registrations.id, input.registrationId), eq(registrations.eventId, input.eventId), eq(registrations.status, 'confirmed'));
    const [before] = await tx.select({ seats: registrations.checkedInSeats }).from(registrations).where(mine);
    if (!before) return err('not_found');
    if (before.seats > 0) {
      await tx.update(registrations).set({ checkedInSeats: 0, checkedInAt: null, checkedInBy: null }).where(mine);
      await audit(tx, actor, now, { action: 'event.checkin.undone', targetType: 'registration', targetId: input.registrationId, detail: { eventId: input.eventId, seats: before.seats } });
    }
    const [entry] = await entryQuery(tx).where(eq(registrations.id, input.registrationId));
    return ok(toEntry(entry!));
  });
}

export type WalkInError = 'forbidden' | 'not_found' | 'phone_invalid' | 'unknown_member' | 'already_registered' | 'full' | 'guests_over_limit' | 'event_over' | 'too_early';

/**
 * Registers and checks in a VIP member who arrives without a registration, if their party fits the free seats.
 * Waitlisted people are not skipped by this: by construction, everyone waiting needs more seats than are free.
 */
export async function walkIn(deps: Deps, actor: Actor, input: { eventId: number; phone: string; guests: number }): Promise<Result<DoorEntry, WalkInError>> {
  const event = await managedEvent(deps.db, actor, input.eventId);
  if (!event.ok) return event;
  const now = deps.clock.now();
  if (event.value.status !== 'scheduled' || now >= event.value.endsAt) return err('event_over');
  if (eventCheckInTiming(now, event.value.startsAt, event.value.endsAt) === 'too_early') return err('too_early');
  if (input.guests < 0 || input.guests > event.value.maxGuests) return err('guests_over_limit');
  const phone = normalizePhone(input.phone);
  if (!isValidPhone(phone)) return err('phone_invalid');
  const [member] = await deps.db.select({ id: users.id }).from(users).where(and(eq(users.phone, phone), eq(users.role, 'member'), sql`${users.disabledAt} IS NULL`));
  if (!member) return err('unknown_member');
  try {
    return await deps.db.transaction(async (tx) => {
      const row = await insertRegistration(tx, { eventId: input.eventId, userId: member.id, guests: input.guests, children: [], seats: partySeats(input.guests, 0), now, walkInBy: actor.id });
      if (!row) return err('full');
      await audit(tx, actor, now, { action: 'event.walkin.registered', targetType: 'registration', targetId: row.id, detail: { eventId: input.eventId, userId: member.id, seats: partySeats(input.guests, 0) } });
      const [entry] = await entryQuery(tx).where(eq(registrations.id, row.id));
      return ok(toEntry(entry!));
    });
  } catch (error) {
    if (isUniqueViolation(error, 'registrations.event_id')) return err('already_registered');
    throw error;
  }
}

/** Expected and checked-in seats, for the live count at the door. */
export async function doorCounts(deps: Deps, actor: Actor, eventId: number): Promise<Result<SeatCounts & { capacity: number }, 'forbidden' | 'not_found'>> {
  const event = await managedEvent(deps.db, actor, eventId);
  if (!event.ok) return event;
  return ok({ ...(await seatCounts(deps.db, eventId)), capacity: event.value.capacity });
}

