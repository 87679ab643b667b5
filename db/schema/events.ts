import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { tiers, users } from './core';
import { CITIES, clubs } from './clubs';

/** Events and registrations. */

export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    /** null for programme-wide events (全球通VIP学院 forums, VIP lectures) */
    clubId: integer('club_id').references(() => clubs.id),
    city: text('city', { enum: CITIES }).notNull(),
    titleZh: text('title_zh').notNull(),
    titleEn: text('title_en').notNull(),
    descriptionZh: text('description_zh').notNull(),
    descriptionEn: text('description_en').notNull(),
    venueZh: text('venue_zh').notNull(),
    venueEn: text('venue_en').notNull(),
    startsAt: integer('starts_at').notNull(),
    endsAt: integer('ends_at').notNull(),
    capacity: integer('capacity').notNull(),
    /** guests a member may bring besides themselves */
    maxGuests: integer('max_guests').notNull().default(0),
    minTier: text('min_tier').references(() => tiers.code),
    requiresClubMembership: integer('requires_club_membership', { mode: 'boolean' }).notNull().default(false),
    childMinAge: integer('child_min_age'),
    childMaxAge: integer('child_max_age'),
    /** general opening of registration; higher tiers open earlier by their early_access_hours */
    opensAt: integer('opens_at').notNull(),
    closesAt: integer('closes_at').notNull(),
    status: text('status', { enum: ['scheduled', 'cancelled'] }).notNull().default('scheduled'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('events_starts_idx').on(t.startsAt),
    index('events_club_idx').on(t.clubId, t.startsAt),
    /** the events list: scheduled events not yet ended (a range on ends_at instead of walking every past event) */
    index('events_upcoming_idx').on(t.endsAt).where(sql`${t.status} = 'scheduled'`),
    check('events_times', sql`${t.startsAt} < ${t.endsAt} AND ${t.opensAt} <= ${t.closesAt}`),
    check('events_capacity', sql`${t.capacity} > 0 AND ${t.maxGuests} >= 0`),
  ],
);

export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** A child coming along, as chosen at registration (kept as registered, even if the account changes later). */
export interface PartyChild {
  id: number;
  name: string;
  birthYear: number;
}

export const registrations = sqliteTable(
  'registrations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** the ticket code: random, unguessable, typeable at the door; also in the QR code */
    code: text('code').notNull().unique(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status', { enum: REGISTRATION_STATUSES }).notNull(),
    guests: integer('guests').notNull().default(0),
    children: text('children', { mode: 'json' }).$type<PartyChild[]>().notNull(),
    /** the member + guests + children: the seats this registration holds when confirmed */
    seats: integer('seats').notNull(),
    createdAt: integer('created_at').notNull(),
    /** place in the waitlist: earliest first (then id); entries too big for the free seats keep their place */
    queuedAt: integer('queued_at').notNull(),
    confirmedAt: integer('confirmed_at'),
    cancelledAt: integer('cancelled_at'),
    /** how many of the party were checked in at the door (0 = nobody yet) */
    checkedInSeats: integer('checked_in_seats').notNull().default(0),
    checkedInAt: integer('checked_in_at'),
    checkedInBy: integer('checked_in_by').references(() => users.id, { onDelete: 'set null' }),
    /** set by the job after the event ended when nobody of a confirmed party came */
    noShowAt: integer('no_show_at'),
    walkIn: integer('walk_in', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    uniqueIndex('registrations_live_unique')
      .on(t.eventId, t.userId)
      .where(sql`${t.status} IN ('confirmed', 'waitlisted')`),
    /** waitlist order, and covering for the seat counts (seats and checked-in seats read from the index) */
    index('registrations_event_status_idx').on(t.eventId, t.status, t.queuedAt, t.seats, t.checkedInSeats),
    index('registrations_user_idx').on(t.userId, t.status),
    check('registrations_seats', sql`${t.seats} >= 1 AND ${t.guests} >= 0 AND ${t.checkedInSeats} BETWEEN 0 AND ${t.seats}`),
  ],
);
