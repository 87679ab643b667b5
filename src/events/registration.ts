import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { clubCoordinators, clubs, events, registrations, users } from '../../db/schema';
import type { Actor } from '../auth/policy';
import { isUniqueViolation } from '../clubs/waitlist';
import type { AppDeps } from '../lib/context';
import { normalizeCode } from '../lib/codes';
import { preparedFor } from '../lib/prepared';
import { err, ok, type Result } from '../lib/result';
import { notify } from '../notifications/service';
import { canCancelRegistration, type PartyProblem, type RegistrationRefusal } from './policy';
import { insertRegistration, promoteEventWaitlist, registrationPositions, seatCounts, type SeatCounts } from './seats';
import { registrationCheck, resolveParty, type EventRow, type Party, type PartyInput, type RegistrationRow } from './service';

type Deps = Pick<AppDeps, 'db' | 'clock'> & { config: { timeZone: string } };

async function findEvent(deps: Deps, eventId: number): Promise<EventRow | undefined> {
  return (await deps.db.select().from(events).where(eq(events.id, eventId)).limit(1))[0];
}

export interface RegistrationPreview {
  event: EventRow;
  party: Party;
  counts: SeatCounts;
  /** what would happen if confirmed now (decided for real, atomically, when written) */
  outcome: { kind: 'confirmed' } | { kind: 'waitlisted'; position: number };
}

export type RegisterError = RegistrationRefusal | PartyProblem | 'not_found';

/** The confirmation step: the party, the seats it takes and the likely outcome. Nothing is written. */
export async function previewRegistration(deps: Deps, actor: Actor, eventId: number, input: PartyInput): Promise<Result<RegistrationPreview, RegisterError>> {
  const event = await findEvent(deps, eventId);
  if (!event) return err('not_found');
  const check = await registrationCheck(deps, actor, event);
  if (check.refusal) return err(check.refusal);
  const party = resolveParty(event, check, input, deps.config.timeZone);
  if (!party.ok) return party;
  const counts = await seatCounts(deps.db, eventId);
  const fits = counts.confirmedSeats + party.value.seats <= event.capacity;
  return ok({ event, party: party.value, counts, outcome: fits ? { kind: 'confirmed' } : { kind: 'waitlisted', position: counts.waitlisted + 1 } });
}

export type RegisterResult = { registrationId: number; code: string; status: 'confirmed' | 'waitlisted'; position: number | null; event: EventRow };

/**
 * Registers a member's party: confirmed if the seats fit, otherwise waitlisted. The seats are taken in one
 * atomic statement; a repeated submit finds the existing registration (the unique index is the last defence).
 */
export async function register(deps: Deps, actor: Actor, eventId: number, input: PartyInput): Promise<Result<RegisterResult, RegisterError>> {
  const event = await findEvent(deps, eventId);
  if (!event) return err('not_found');
  const check = await registrationCheck(deps, actor, event);
  if (check.refusal) return err(check.refusal);
  const party = resolveParty(event, check, input, deps.config.timeZone);
  if (!party.ok) return party;
  const now = deps.clock.now();
  let row: Awaited<ReturnType<typeof insertRegistration>>;
  try {
    row = await deps.db.transaction(async (tx) => {
      const inserted = await insertRegistration(tx, { eventId, userId: actor.id, guests: party.value.guests, children: party.value.children, seats: party.value.seats, now });
      if (inserted) {
        await notify(tx, now, [
          {
            userId: actor.id,
            kind: inserted.status === 'confirmed' ? 'event.confirmed' : 'event.waitlisted',
            params: { eventZh: event.titleZh, eventEn: event.titleEn, count: party.value.seats },
            link: inserted.status === 'confirmed' ? `/tickets/${inserted.code}` : `/events/${eventId}`,
          },
        ]);
      }
      return inserted;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'registrations.event_id')) return err('already_registered');
    throw error;
  }
  if (!row) return err('event_cancelled');
  const position = row.status === 'waitlisted' ? (await registrationPositions(deps.db, [row.id])).get(row.id) ?? null : null;
  return ok({ registrationId: row.id, code: row.code, status: row.status, position, event });
}

/**
 * Cancels the member's own registration in one step, until the event starts. Seats it held go to the waitlist
 * in the same transaction.
 */
export async function cancelRegistration(
  deps: Deps,
  actor: Actor,
  eventId: number,
): Promise<Result<{ previous: 'confirmed' | 'waitlisted'; event: EventRow; promoted: number }, 'not_found' | 'not_registered' | 'started'>> {
  const event = await findEvent(deps, eventId);
  if (!event) return err('not_found');
  const now = deps.clock.now();
  if (!canCancelRegistration(now, event.startsAt)) return err('started');
  return deps.db.transaction(async (tx) => {
    const [current] = await tx
      .select({ id: registrations.id, status: registrations.status })
      .from(registrations)
      .where(and(eq(registrations.eventId, eventId), eq(registrations.userId, actor.id), inArray(registrations.status, ['confirmed', 'waitlisted'])));
    if (!current) return err('not_registered');
    await tx.update(registrations).set({ status: 'cancelled', cancelledAt: now }).where(eq(registrations.id, current.id));
    await notify(tx, now, [{ userId: actor.id, kind: 'event.registrationCancelled', params: { eventZh: event.titleZh, eventEn: event.titleEn }, link: `/events/${eventId}` }]);
    const promoted = current.status === 'confirmed' ? await promoteEventWaitlist(tx, event, now) : [];
    return ok({ previous: current.status as 'confirmed' | 'waitlisted', event, promoted: promoted.length });
  });
}

export interface Ticket {
  registration: RegistrationRow;
  event: EventRow;
  club: { nameZh: string; nameEn: string } | null;
  holder: { name: string; phone: string };
  position: number | null;
}

/**
 * A ticket by its code, for its holder — or for the event's coordinators and admins (at the door).
 * Anyone else gets not_found, so codes cannot be probed.
 */
export async function getTicket(deps: Deps, actor: Actor, rawCode: string): Promise<Result<Ticket, 'not_found'>> {
  const code = normalizeCode(rawCode);
  if (!/^[A-Z0-9]{8}$/.test(code)) return err('not_found');
  const [row] = await deps.db
    .select({ registration: registrations, event: events, clubNameZh: clubs.nameZh, clubNameEn: clubs.nameEn, holderName: users.name, holderPhone: users.phone })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .innerJoin(users, eq(users.id, registrations.userId))
    .leftJoin(clubs, eq(clubs.id, events.clubId))
    .where(eq(registrations.code, code))
    .limit(1);
  if (!row) return err('not_found');
  let allowed = row.registration.userId === actor.id || actor.role === 'admin';
  if (!allowed && actor.role === 'coordinator' && row.event.clubId !== null) {
    allowed = (await deps.db.select().from(clubCoordinators).where(and(eq(clubCoordinators.clubId, row.event.clubId), eq(clubCoordinators.userId, actor.id)))).length > 0;
  }
  if (!allowed) return err('not_found');
  const position = row.registration.status === 'waitlisted' ? (await registrationPositions(deps.db, [row.registration.id])).get(row.registration.id) ?? null : null;
  return ok({
    registration: row.registration,
    event: row.event,
    club: row.clubNameZh !== null ? { nameZh: row.clubNameZh, nameEn: row.clubNameEn ?? '' } : null,
    holder: { name: row.holderName, phone: row.holderPhone },
    position,
  });
}

export interface MyRegistration {
  registration: RegistrationRow;
  event: EventRow;
  position: number | null;
}

/** The hub lists them on every visit: built once per database handle (src/lib/prepared.ts). */
const myRegistrations = preparedFor((db: Deps['db']) =>
  db
    .select({ registration: registrations, event: events })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .where(eq(registrations.userId, sql.placeholder('userId')))
    .orderBy(desc(events.startsAt), desc(registrations.id))
    .limit(sql.placeholder('limit'))
    .prepare(),
);

/** The member's registrations, newest event first, with waitlist positions. */
export async function listMyRegistrations(deps: Deps, actor: Actor, limit = 50): Promise<MyRegistration[]> {
  const rows = await myRegistrations(deps.db).all({ userId: actor.id, limit });
  const positions = await registrationPositions(deps.db, rows.filter((r) => r.registration.status === 'waitlisted').map((r) => r.registration.id));
  return rows.map((r) => ({ ...r, position: positions.get(r.registration.id) ?? null }));
}
