import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { clubCoordinators, feedbackMessages, feedbackTickets, users, type FeedbackCategory, type Role } from '../../db/schema';
import type { Actor } from '../auth/policy';
import { isUniqueViolation } from '../clubs/waitlist';
import type { DbOrTx } from '../db';
import { audit } from '../lib/audit';
import { formatCode, normalizeCode, randomCode } from '../lib/codes';
import type { AppDeps } from '../lib/context';
import { maskPhone } from '../lib/phone';
import { err, ok, type Result } from '../lib/result';
import { notify } from '../notifications/service';
import { describeAbout, type About, type AboutRef } from './about';
import { canAddMessage, dueAtFor, dueClock, owesFirstReply, slaState, statusAfterMemberMessage, ticketAccess, type DueClock, type SlaState } from './policy';

type Deps = Pick<AppDeps, 'db' | 'clock'>;
export type TicketRow = typeof feedbackTickets.$inferSelect;

export interface ThreadMessage {
  id: number;
  body: string;
  createdAt: number;
  fromStaff: boolean;
  authorName: string | null;
  authorRole: Role | null;
}

export interface TicketDetail {
  ticket: TicketRow;
  about: About | null;
  messages: ThreadMessage[];
  sla: SlaState;
  /** time left to (or past) the first-reply due time, while a first reply is still owed */
  clock: DueClock | null;
}

export interface StaffTicketDetail extends TicketDetail {
  member: { name: string; phoneMasked: string };
}

/** The clubs a coordinator runs (empty for everyone else). */
export async function coordinatedClubIds(db: DbOrTx, actor: Actor): Promise<number[]> {
  if (actor.role !== 'coordinator') return [];
  const rows = await db.select({ clubId: clubCoordinators.clubId }).from(clubCoordinators).where(eq(clubCoordinators.userId, actor.id));
  return rows.map((r) => r.clubId);
}

const REFERENCE_RE = /^[A-Z0-9]{8}$/;

export interface NewTicket {
  category: FeedbackCategory;
  subject: string;
  body: string;
  about: AboutRef | null;
}

/**
 * A member opens a ticket: a reference, a due time 48 hours on, and their first message, in one transaction.
 * The subject must be the member's own (else not_found, as if it did not exist); only members open tickets.
 */
export async function openTicket(deps: Deps, actor: Actor, input: NewTicket): Promise<Result<TicketRow, 'forbidden' | 'not_found'>> {
  if (actor.role !== 'member') return err('forbidden');
  const now = deps.clock.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await deps.db.transaction(async (tx) => {
        const about = input.about ? await describeAbout(tx, actor.id, input.about) : null;
        if (input.about && !about) return err('not_found');
        const [ticket] = await tx
          .insert(feedbackTickets)
          .values({
            reference: randomCode(8),
            userId: actor.id,
            category: input.category,
            subject: input.subject,
            status: 'open',
            aboutType: about?.type ?? null,
            aboutId: about?.id ?? null,
            clubId: about?.clubId ?? null,
            createdAt: now,
            dueAt: dueAtFor(now),
            updatedAt: now,
          })
          .returning();
        await tx.insert(feedbackMessages).values({ ticketId: ticket!.id, authorId: actor.id, fromStaff: false, body: input.body, createdAt: now });
        return ok(ticket!);
      });
    } catch (error) {
      // a reference drawn twice (1 in 6.5 × 10¹¹ per pair): draw again
      if (attempt < 3 && isUniqueViolation(error, 'feedback_tickets.reference')) continue;
      throw error;
    }
  }
}

/** The member's own tickets, newest first. */
export async function listMyTickets(deps: Deps, actor: Actor, limit = 100): Promise<TicketRow[]> {
  if (actor.role !== 'member') return [];
  return deps.db.select().from(feedbackTickets).where(eq(feedbackTickets.userId, actor.id)).orderBy(desc(feedbackTickets.createdAt), desc(feedbackTickets.id)).limit(limit);
}

async function threadOf(db: DbOrTx, ticketId: number): Promise<ThreadMessage[]> {
  return db
    .select({
      id: feedbackMessages.id,
      body: feedbackMessages.body,
      createdAt: feedbackMessages.createdAt,
      fromStaff: feedbackMessages.fromStaff,
      authorName: users.name,
      authorRole: users.role,
    })
    .from(feedbackMessages)
    .leftJoin(users, eq(users.id, feedbackMessages.authorId))
    .where(eq(feedbackMessages.ticketId, ticketId))
    .orderBy(asc(feedbackMessages.id));
}

async function detailOf(db: DbOrTx, ticket: TicketRow, now: number): Promise<TicketDetail> {
  const [about, messages] = await Promise.all([
    ticket.aboutType && ticket.aboutId ? describeAbout(db, ticket.userId, { type: ticket.aboutType, id: ticket.aboutId }) : Promise.resolve(null),
    threadOf(db, ticket.id),
  ]);
  const sla = slaState(ticket, now);
  return { ticket, about, messages, sla, clock: owesFirstReply(sla) ? dueClock(ticket.dueAt, now) : null };
}

async function ownTicket(db: DbOrTx, actor: Actor, rawReference: string): Promise<TicketRow | null> {
  if (actor.role !== 'member') return null;
  const reference = normalizeCode(rawReference);
  if (!REFERENCE_RE.test(reference)) return null;
  const [row] = await db.select().from(feedbackTickets).where(eq(feedbackTickets.reference, reference));
  return row && ticketAccess(actor, row, []) === 'owner' ? row : null;
}

/** The member's ticket by its reference, with the thread. Anyone else's reference is not_found. */
export async function getMyTicket(deps: Deps, actor: Actor, reference: string): Promise<Result<TicketDetail, 'not_found'>> {
  const ticket = await ownTicket(deps.db, actor, reference);
  if (!ticket) return err('not_found');
  return ok(await detailOf(deps.db, ticket, deps.clock.now()));
}

/** The member adds to their thread (until it is closed); an answered ticket goes back into the queue. */
export async function addMemberMessage(deps: Deps, actor: Actor, reference: string, body: string): Promise<Result<TicketRow, 'not_found' | 'closed'>> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const ticket = await ownTicket(tx, actor, reference);
    if (!ticket) return err('not_found');
    if (!canAddMessage(ticket.status)) return err('closed');
    await tx.insert(feedbackMessages).values({ ticketId: ticket.id, authorId: actor.id, fromStaff: false, body, createdAt: now });
    const [row] = await tx
      .update(feedbackTickets)
      .set({ status: statusAfterMemberMessage(ticket.status), updatedAt: now })
      .where(eq(feedbackTickets.id, ticket.id))
      .returning();
    return ok(row!);
  });
}

/** A ticket staff may work on: every ticket for admins, their clubs' tickets for coordinators. Others: forbidden. */
async function staffTicket(db: DbOrTx, actor: Actor, id: number): Promise<Result<TicketRow, 'forbidden' | 'not_found'>> {
  if (actor.role !== 'admin' && actor.role !== 'coordinator') return err('forbidden');
  const [row] = await db.select().from(feedbackTickets).where(eq(feedbackTickets.id, id));
  // another club's ticket looks like no ticket at all, so ids reveal nothing
  if (!row || ticketAccess(actor, row, await coordinatedClubIds(db, actor)) !== 'staff') return err('not_found');
  return ok(row);
}

export async function getStaffTicket(deps: Deps, actor: Actor, id: number): Promise<Result<StaffTicketDetail, 'forbidden' | 'not_found'>> {
  const found = await staffTicket(deps.db, actor, id);
  if (!found.ok) return found;
  const [detail, [member]] = await Promise.all([
    detailOf(deps.db, found.value, deps.clock.now()),
    deps.db.select({ name: users.name, phone: users.phone }).from(users).where(eq(users.id, found.value.userId)),
  ]);
  return ok({ ...detail, member: { name: member?.name ?? '', phoneMasked: maskPhone(member?.phone ?? '') } });
}

export type ReplyError = 'forbidden' | 'not_found' | 'closed';

/**
 * A staff reply: the first one records the first-response time; the ticket becomes answered and the member is
 * told in their inbox — all in one transaction, audited.
 */
export async function replyToTicket(deps: Deps, actor: Actor, id: number, body: string): Promise<Result<{ ticket: TicketRow; first: boolean }, ReplyError>> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const found = await staffTicket(tx, actor, id);
    if (!found.ok) return found;
    const ticket = found.value;
    if (!canAddMessage(ticket.status)) return err('closed');
    await tx.insert(feedbackMessages).values({ ticketId: ticket.id, authorId: actor.id, fromStaff: true, body, createdAt: now });
    const [row] = await tx
      .update(feedbackTickets)
      .set({ status: 'answered', firstResponseAt: sql`coalesce(${feedbackTickets.firstResponseAt}, ${now})`, updatedAt: now })
      .where(eq(feedbackTickets.id, ticket.id))
      .returning();
    const first = ticket.firstResponseAt === null;
    await notify(tx, now, [{ userId: ticket.userId, kind: 'feedback.answered', params: { reference: formatCode(ticket.reference) }, link: `/me/feedback/${ticket.reference}` }]);
    await audit(tx, actor, now, { action: 'feedback.replied', targetType: 'feedback_ticket', targetId: ticket.id, detail: { reference: ticket.reference, first, late: first && now > ticket.dueAt } });
    return ok({ ticket: row!, first });
  });
}

/** Staff close a ticket (the thread stays readable); closing twice changes nothing. */
export async function closeTicket(deps: Deps, actor: Actor, id: number): Promise<Result<TicketRow, 'forbidden' | 'not_found' | 'closed'>> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const found = await staffTicket(tx, actor, id);
    if (!found.ok) return found;
    if (found.value.status === 'closed') return err('closed');
    const [row] = await tx
      .update(feedbackTickets)
      .set({ status: 'closed', closedAt: now, updatedAt: now })
      .where(and(eq(feedbackTickets.id, id), sql`${feedbackTickets.status} != 'closed'`))
      .returning();
    await audit(tx, actor, now, { action: 'feedback.closed', targetType: 'feedback_ticket', targetId: id, detail: { reference: found.value.reference, answered: found.value.firstResponseAt !== null } });
    return ok(row!);
  });
}

/** What a new ticket would be about, if it is the member's own; someone else's looks like nothing at all. */
export async function feedbackSubject(deps: Deps, actor: Actor, ref: AboutRef): Promise<Result<About, 'forbidden' | 'not_found'>> {
  if (actor.role !== 'member') return err('forbidden');
  const about = await describeAbout(deps.db, actor.id, ref);
  return about ? ok(about) : err('not_found');
}
