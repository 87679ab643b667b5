import { asc } from 'drizzle-orm';
import { auditLog, clubMemberships, feedbackMessages, feedbackTickets, loungeBookings, notifications, ratings, registrations, type BookingStatus, type RegistrationStatus } from '../../../db/schema';
import { HOUR } from '../../../src/lib/clock';
import { randomCode } from '../../../src/lib/codes';
import type { TestContext } from '../../helpers/context';

/** Rows written straight into the database, for the situations feedback and ratings are about. */

export async function addRegistration(ctx: TestContext, o: { eventId: number; userId: number; status?: RegistrationStatus; checkedInAt?: number | null }) {
  const now = ctx.clock.now();
  const status = o.status ?? 'confirmed';
  const checkedInAt = o.checkedInAt === undefined ? null : o.checkedInAt;
  const [row] = await ctx.deps.db
    .insert(registrations)
    .values({
      code: randomCode(8),
      eventId: o.eventId,
      userId: o.userId,
      status,
      guests: 0,
      children: [],
      seats: 1,
      createdAt: now,
      queuedAt: now,
      confirmedAt: status === 'confirmed' ? now : null,
      checkedInSeats: checkedInAt === null ? 0 : 1,
      checkedInAt,
    })
    .returning();
  return row!;
}

export async function addBooking(ctx: TestContext, o: { loungeId: number; userId: number; slotStart: number; status?: BookingStatus }) {
  const status = o.status ?? 'booked';
  const [row] = await ctx.deps.db
    .insert(loungeBookings)
    .values({
      code: randomCode(8),
      loungeId: o.loungeId,
      userId: o.userId,
      slotStart: o.slotStart,
      slotEnd: o.slotStart + HOUR,
      year: new Date(o.slotStart).getUTCFullYear(),
      status,
      createdAt: ctx.clock.now(),
      checkedInAt: status === 'checked_in' || status === 'checked_out' ? o.slotStart : null,
      checkedOutAt: status === 'checked_out' ? o.slotStart + HOUR : null,
    })
    .returning();
  return row!;
}

export async function addMembership(ctx: TestContext, clubId: number, userId: number, status: 'active' | 'left' | 'pending' = 'active') {
  const now = ctx.clock.now();
  await ctx.deps.db.insert(clubMemberships).values({ clubId, userId, status, requestedAt: now, queuedAt: now, statusChangedAt: now, activeSince: status === 'pending' ? null : now });
}

/** Everything a feedback request might write; a refused request must leave it as it was. */
export async function feedbackSnapshot(ctx: TestContext) {
  const db = ctx.deps.db;
  return {
    tickets: await db.select().from(feedbackTickets).orderBy(asc(feedbackTickets.id)),
    messages: await db.select().from(feedbackMessages).orderBy(asc(feedbackMessages.id)),
    ratings: await db.select().from(ratings).orderBy(asc(ratings.id)),
    notifications: await db.select().from(notifications).orderBy(asc(notifications.id)),
    audit: await db.select().from(auditLog).orderBy(asc(auditLog.id)),
  };
}

/** The text of the page's <h1>. */
export function h1(html: string): string {
  return /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '';
}
