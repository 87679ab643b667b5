import { clubMemberships, events, feedbackTickets, loungeBookings, notifications, outbox, ratings, registrations, type MembershipStatus, type RegistrationStatus } from '../../../db/schema';
import { HOUR, MINUTE } from '../../../src/lib/clock';
import { randomCode } from '../../../src/lib/codes';
import { zonedToInstant } from '../../../src/lib/time';
import type { TestContext } from '../../helpers/context';
import { createClub, createLounge, createUser } from '../../helpers/factories';

/**
 * A programme with history, written straight into the tables, for the admin dashboard, capacity and reports tests.
 * The clock is FIXED_NOW: Thursday 2026-11-26 10:00 in Asia/Shanghai; the default report period is 2025-12 … 2026-11.
 */

const ZONE = 'Asia/Shanghai';
/** An instant from Shanghai wall-clock time. */
export const sh = (y: number, mo: number, d: number, h = 0, mi = 0) => zonedToInstant({ year: y, month: mo, day: d, hour: h, minute: mi }, ZONE);

let seq = 0;

export async function addEvent(ctx: TestContext, o: { clubId: number | null; startsAt: number; hours?: number; capacity?: number; status?: 'scheduled' | 'cancelled'; title?: string }) {
  seq += 1;
  const [row] = await ctx.deps.db
    .insert(events)
    .values({
      slug: `rpt-event-${seq}-${randomCode(4).toLowerCase()}`,
      clubId: o.clubId,
      city: 'haikou',
      titleZh: o.title ?? `报表活动${seq}`,
      titleEn: `Report event ${seq}`,
      descriptionZh: '测试',
      descriptionEn: 'Test',
      venueZh: '会场',
      venueEn: 'Venue',
      startsAt: o.startsAt,
      endsAt: o.startsAt + (o.hours ?? 2) * HOUR,
      capacity: o.capacity ?? 20,
      maxGuests: 3,
      opensAt: o.startsAt - 30 * 24 * HOUR,
      closesAt: o.startsAt - HOUR,
      status: o.status ?? 'scheduled',
      createdAt: o.startsAt - 40 * 24 * HOUR,
    })
    .returning();
  return row!;
}

export async function addReg(ctx: TestContext, o: { eventId: number; userId: number; status?: RegistrationStatus; seats?: number; checkedIn?: number; noShow?: boolean; walkIn?: boolean; at?: number }) {
  const status = o.status ?? 'confirmed';
  const seats = o.seats ?? 1;
  const checkedIn = o.checkedIn ?? 0;
  const at = o.at ?? ctx.clock.now() - 100 * 24 * HOUR;
  const [row] = await ctx.deps.db
    .insert(registrations)
    .values({
      code: randomCode(8),
      eventId: o.eventId,
      userId: o.userId,
      status,
      guests: seats - 1,
      children: [],
      seats,
      createdAt: at,
      queuedAt: at,
      confirmedAt: status === 'confirmed' ? at : null,
      cancelledAt: status === 'cancelled' ? at + HOUR : null,
      checkedInSeats: checkedIn,
      checkedInAt: checkedIn > 0 ? at + 2 * HOUR : null,
      noShowAt: o.noShow ? at + 3 * HOUR : null,
      walkIn: o.walkIn ?? false,
    })
    .returning();
  return row!;
}

export async function addVisit(ctx: TestContext, o: { loungeId: number; userId: number; slotStart: number; status: 'booked' | 'checked_in' | 'checked_out' | 'cancelled' | 'no_show'; checkedInAt?: number; companions?: number; arrived?: number; walkIn?: boolean }) {
  const [row] = await ctx.deps.db
    .insert(loungeBookings)
    .values({
      code: randomCode(8),
      loungeId: o.loungeId,
      userId: o.userId,
      slotStart: o.slotStart,
      slotEnd: o.slotStart + HOUR,
      year: new Date(o.slotStart + 8 * HOUR).getUTCFullYear(),
      companions: o.companions ?? 0,
      companionsArrived: o.checkedInAt ? (o.arrived ?? o.companions ?? 0) : null,
      status: o.status,
      walkIn: o.walkIn ?? false,
      createdAt: o.slotStart - 24 * HOUR,
      checkedInAt: o.checkedInAt ?? null,
      checkedOutAt: o.status === 'checked_out' ? (o.checkedInAt ?? o.slotStart) + HOUR : null,
      cancelledAt: o.status === 'cancelled' ? o.slotStart - HOUR : null,
      noShowAt: o.status === 'no_show' ? o.slotStart + 2 * HOUR : null,
    })
    .returning();
  return row!;
}

export async function addRating(ctx: TestContext, o: { userId: number; score: number; registration?: { id: number; eventId: number; clubId: number | null }; booking?: { id: number; loungeId: number } }) {
  await ctx.deps.db.insert(ratings).values({
    userId: o.userId,
    subjectType: o.registration ? 'event' : 'lounge',
    registrationId: o.registration?.id ?? null,
    bookingId: o.booking?.id ?? null,
    eventId: o.registration?.eventId ?? null,
    clubId: o.registration?.clubId ?? null,
    loungeId: o.booking?.loungeId ?? null,
    score: o.score,
    comment: null,
    createdAt: ctx.clock.now() - 24 * HOUR,
  });
}

export async function addMember(ctx: TestContext, clubId: number, userId: number, status: MembershipStatus, queuedAt = ctx.clock.now() - HOUR) {
  await ctx.deps.db.insert(clubMemberships).values({ clubId, userId, status, requestedAt: queuedAt, queuedAt, statusChangedAt: queuedAt, activeSince: status === 'active' ? queuedAt : null });
}

export async function addTicket(ctx: TestContext, o: { userId: number; dueIn: number; status?: 'open' | 'answered' | 'closed'; answered?: boolean }) {
  const now = ctx.clock.now();
  const dueAt = now + o.dueIn;
  await ctx.deps.db.insert(feedbackTickets).values({
    reference: randomCode(8),
    userId: o.userId,
    category: 'complaint',
    subject: '投诉',
    status: o.status ?? 'open',
    createdAt: dueAt - 48 * HOUR,
    dueAt,
    firstResponseAt: o.answered ? dueAt - HOUR : null,
    updatedAt: now,
  });
}

export async function addOutbox(ctx: TestContext, o: { userId: number; status: 'pending' | 'sent' | 'failed'; createdAt: number }) {
  const [n] = await ctx.deps.db.insert(notifications).values({ userId: o.userId, kind: 'club.notice', params: {}, title: 't', body: 'b', createdAt: o.createdAt }).returning();
  await ctx.deps.db.insert(outbox).values({ notificationId: n!.id, userId: o.userId, channel: 'sms', destination: '13700000000', status: o.status, attempts: o.status === 'failed' ? 6 : 0, nextAttemptAt: o.createdAt, createdAt: o.createdAt, lastError: o.status === 'failed' ? 'boom' : null });
}

/** The whole programme: see the comments for what each row is there to prove. */
export async function seedProgramme(ctx: TestContext) {
  const now = ctx.clock.now();
  const admin = await createUser(ctx, { role: 'admin', name: '报表管理员' });
  const coordinator = await createUser(ctx, { role: 'coordinator', name: '报表协调员' });
  const staff = await createUser(ctx, { role: 'lounge_staff', name: '报表值班员' });
  const gold = await createUser(ctx, { tierCode: 'gold', name: '金卡甲' });
  const diamond = await createUser(ctx, { tierCode: 'diamond', name: '钻石乙' });
  const silver = await createUser(ctx, { tierCode: 'silver', name: '银卡丙' });
  const platinum = await createUser(ctx, { tierCode: 'platinum', name: '白金丁' });
  const extra = await createUser(ctx, { tierCode: 'gold', name: '金卡戊' });
  await createUser(ctx, { tierCode: 'gold', name: '停用己', disabledAt: now - HOUR });
  const golf = await createClub(ctx, { capacity: 2, coordinatorIds: [coordinator.id] });
  const music = await createClub(ctx, { capacity: 10 });
  const hak = await createLounge(ctx, { capacity: 20, staffIds: [staff.id] });
  const syx = await createLounge(ctx, { capacity: 10 });

  // Events and registrations
  const e1 = await addEvent(ctx, { clubId: golf.id, startsAt: sh(2026, 8, 15, 19), title: '八月高尔夫' });
  const r1 = await addReg(ctx, { eventId: e1.id, userId: gold.id, seats: 2, checkedIn: 2 });
  await addReg(ctx, { eventId: e1.id, userId: diamond.id, seats: 1, noShow: true });
  await addReg(ctx, { eventId: e1.id, userId: silver.id, status: 'cancelled' });
  const r4 = await addReg(ctx, { eventId: e1.id, userId: platinum.id, seats: 3, checkedIn: 1 });
  // 23:30 on the last day of August in Shanghai (15:30 UTC): August
  const e2 = await addEvent(ctx, { clubId: music.id, startsAt: sh(2026, 8, 31, 23, 30), hours: 1, title: '八月末夜场' });
  const r5 = await addReg(ctx, { eventId: e2.id, userId: gold.id, checkedIn: 1, walkIn: true });
  // a confirmed party nobody checked in for, not (yet) marked by the no-show job: still a no-show once ended
  await addReg(ctx, { eventId: e2.id, userId: silver.id });
  // 00:30 on 1 September in Shanghai is still 31 August in UTC: September
  const e3 = await addEvent(ctx, { clubId: null, startsAt: sh(2026, 9, 1, 0, 30), title: '九月项目论坛' });
  const r7 = await addReg(ctx, { eventId: e3.id, userId: diamond.id, seats: 2, checkedIn: 2 });
  await addReg(ctx, { eventId: e3.id, userId: platinum.id, status: 'waitlisted' });
  // a cancelled event counts nowhere
  const e4 = await addEvent(ctx, { clubId: golf.id, startsAt: sh(2026, 10, 10, 10), status: 'cancelled', title: '取消的活动' });
  await addReg(ctx, { eventId: e4.id, userId: gold.id, status: 'cancelled' });
  // upcoming, after the period; full with a waitlist (capacity overview)
  const e5 = await addEvent(ctx, { clubId: golf.id, startsAt: sh(2026, 12, 5, 9), capacity: 3, title: '十二月高尔夫' });
  await addReg(ctx, { eventId: e5.id, userId: gold.id, seats: 3 });
  await addReg(ctx, { eventId: e5.id, userId: diamond.id, status: 'waitlisted', seats: 2 });
  await addReg(ctx, { eventId: e5.id, userId: silver.id, status: 'waitlisted', seats: 1 });
  // today at 19:00, not ended: counts in November but not in the no-show rate; one checked in early
  const e6 = await addEvent(ctx, { clubId: music.id, startsAt: sh(2026, 11, 26, 19), capacity: 8, title: '今晚音乐会' });
  await addReg(ctx, { eventId: e6.id, userId: gold.id, seats: 1 });
  await addReg(ctx, { eventId: e6.id, userId: diamond.id, seats: 2, checkedIn: 1 });
  // before the period
  const e7 = await addEvent(ctx, { clubId: golf.id, startsAt: sh(2025, 11, 20, 10), title: '去年十一月' });
  const r13 = await addReg(ctx, { eventId: e7.id, userId: gold.id, checkedIn: 1 });
  // held, nobody registered
  await addEvent(ctx, { clubId: music.id, startsAt: sh(2026, 3, 10, 15), title: '三月空场' });
  // more than 60 days ahead: not on the capacity overview
  await addEvent(ctx, { clubId: music.id, startsAt: sh(2027, 3, 1, 10), title: '明年三月' });

  // Lounge visits
  // Monday 1 June 2026: checked in 07:40 and 08:05 for the 08:00 slot → Monday 07 and Monday 08
  const v1 = await addVisit(ctx, { loungeId: hak.id, userId: gold.id, slotStart: sh(2026, 6, 1, 8), status: 'checked_out', checkedInAt: sh(2026, 6, 1, 7, 40), companions: 1, arrived: 1 });
  await addVisit(ctx, { loungeId: hak.id, userId: diamond.id, slotStart: sh(2026, 6, 1, 8), status: 'checked_out', checkedInAt: sh(2026, 6, 1, 8, 5), companions: 2, arrived: 1 });
  // Sunday 7 June 23:30 local (Sunday 15:30 UTC) → Sunday 23
  const v3 = await addVisit(ctx, { loungeId: syx.id, userId: platinum.id, slotStart: sh(2026, 6, 7, 23), status: 'checked_out', checkedInAt: sh(2026, 6, 7, 23, 30) });
  // Monday 8 June 00:40 local (still Sunday 16:40 UTC) → Monday 00
  await addVisit(ctx, { loungeId: syx.id, userId: gold.id, slotStart: sh(2026, 6, 8, 0), status: 'checked_out', checkedInAt: sh(2026, 6, 8, 0, 40) });
  // a walk-in, Tuesday 15 September 14:10
  const v5 = await addVisit(ctx, { loungeId: hak.id, userId: silver.id, slotStart: sh(2026, 9, 15, 14), status: 'checked_out', checkedInAt: sh(2026, 9, 15, 14, 10), walkIn: true });
  await addVisit(ctx, { loungeId: hak.id, userId: platinum.id, slotStart: sh(2026, 7, 1, 10), status: 'no_show' });
  await addVisit(ctx, { loungeId: hak.id, userId: diamond.id, slotStart: sh(2026, 7, 2, 10), status: 'cancelled' });
  // today: booked for 12:00 with two companions; inside now since 09:30 with one companion
  await addVisit(ctx, { loungeId: hak.id, userId: extra.id, slotStart: sh(2026, 11, 26, 12), status: 'booked', companions: 2 });
  await addVisit(ctx, { loungeId: hak.id, userId: silver.id, slotStart: sh(2026, 11, 26, 9), status: 'checked_in', checkedInAt: sh(2026, 11, 26, 9, 30), companions: 1, arrived: 1 });
  // before the period
  await addVisit(ctx, { loungeId: syx.id, userId: diamond.id, slotStart: sh(2025, 10, 1, 10), status: 'checked_out', checkedInAt: sh(2025, 10, 1, 10, 5) });

  // Ratings
  await addRating(ctx, { userId: gold.id, score: 5, registration: { id: r1.id, eventId: e1.id, clubId: golf.id } });
  await addRating(ctx, { userId: platinum.id, score: 3, registration: { id: r4.id, eventId: e1.id, clubId: golf.id } });
  await addRating(ctx, { userId: gold.id, score: 4, registration: { id: r5.id, eventId: e2.id, clubId: music.id } });
  await addRating(ctx, { userId: diamond.id, score: 2, registration: { id: r7.id, eventId: e3.id, clubId: null } });
  await addRating(ctx, { userId: gold.id, score: 1, registration: { id: r13.id, eventId: e7.id, clubId: golf.id } });
  await addRating(ctx, { userId: gold.id, score: 5, booking: { id: v1.id, loungeId: hak.id } });
  await addRating(ctx, { userId: platinum.id, score: 4, booking: { id: v3.id, loungeId: syx.id } });
  await addRating(ctx, { userId: silver.id, score: 1, booking: { id: v5.id, loungeId: hak.id } });

  // Club memberships: golf full (2 of 2) with one pending and one waiting; music with one pending
  await addMember(ctx, golf.id, gold.id, 'active');
  await addMember(ctx, golf.id, diamond.id, 'active');
  await addMember(ctx, golf.id, silver.id, 'pending');
  await addMember(ctx, golf.id, platinum.id, 'waitlisted');
  await addMember(ctx, golf.id, extra.id, 'left');
  await addMember(ctx, music.id, gold.id, 'active');
  await addMember(ctx, music.id, platinum.id, 'pending');

  // Feedback: two overdue, one due in 3 h, one answered late, one closed unanswered, one due in 40 h
  await addTicket(ctx, { userId: gold.id, dueIn: -5 * HOUR });
  await addTicket(ctx, { userId: silver.id, dueIn: -MINUTE });
  await addTicket(ctx, { userId: diamond.id, dueIn: 3 * HOUR });
  await addTicket(ctx, { userId: diamond.id, dueIn: -10 * HOUR, status: 'answered', answered: true });
  await addTicket(ctx, { userId: diamond.id, dueIn: -10 * HOUR, status: 'closed' });
  await addTicket(ctx, { userId: platinum.id, dueIn: 40 * HOUR });

  // Outbox: two failed, one waiting for 90 minutes, three sent
  await addOutbox(ctx, { userId: gold.id, status: 'failed', createdAt: now - 10 * HOUR });
  await addOutbox(ctx, { userId: silver.id, status: 'failed', createdAt: now - 9 * HOUR });
  await addOutbox(ctx, { userId: gold.id, status: 'pending', createdAt: now - 90 * MINUTE });
  for (let i = 0; i < 3; i++) await addOutbox(ctx, { userId: diamond.id, status: 'sent', createdAt: now - 2 * HOUR });

  return { admin, coordinator, staff, gold, diamond, silver, platinum, extra, golf, music, hak, syx, events: { e1, e2, e3, e4, e5, e6, e7 } };
}
export type Programme = Awaited<ReturnType<typeof seedProgramme>>;

/** The cells of a table (by id) in the page: one array of trimmed texts per row, header rows included. */
export function tableRows(html: string, id: string): string[][] {
  const table = new RegExp(`<table[^>]*id="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html)?.[1];
  if (!table) throw new Error(`no table #${id}`);
  return [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) =>
      c[1]!
        .replace(/<span class="visually-hidden">[\s\S]*?<\/span>/g, '')
        .replace(/<[^>]+>/g, ' ')
        .replace(/&amp;/g, '&')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  );
}

/** A CSV body as rows of cells (our CSVs quote only when needed; names here have no commas). */
export function csvRows(body: string): string[][] {
  return body
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter((l) => l !== '')
    .map((l) => l.split(','));
}
