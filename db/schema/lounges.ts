import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './core';

/** Lounges, their staff, bookings and the entitlement ledger. */

export const LOUNGE_AMENITIES = ['wifi', 'food', 'showers', 'quiet_room', 'business', 'kids', 'fast_track', 'boarding_call'] as const;
export type LoungeAmenity = (typeof LOUNGE_AMENITIES)[number];

export const lounges = sqliteTable(
  'lounges',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** e.g. HAK-T2: airport IATA code and terminal */
    code: text('code').notNull().unique(),
    airportCode: text('airport_code').notNull(),
    terminal: text('terminal').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    locationZh: text('location_zh').notNull(),
    locationEn: text('location_en').notNull(),
    descriptionZh: text('description_zh').notNull(),
    descriptionEn: text('description_en').notNull(),
    /** JSON array of LOUNGE_AMENITIES keys */
    amenities: text('amenities', { mode: 'json' }).$type<LoungeAmenity[]>().notNull(),
    capacity: integer('capacity').notNull(),
    /** opening hours as minutes after local midnight; closesAt may be 1440 (midnight) */
    opensAt: integer('opens_at').notNull(),
    closesAt: integer('closes_at').notNull(),
    slotMinutes: integer('slot_minutes').notNull(),
    /** percentage of capacity per slot that may be pre-booked; the rest is kept for walk-ins */
    prebookSharePct: integer('prebook_share_pct').notNull(),
    noShowPolicy: text('no_show_policy', { enum: ['release', 'use'] }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    check('lounges_capacity_positive', sql`${t.capacity} > 0`),
    check('lounges_hours', sql`${t.opensAt} >= 0 AND ${t.closesAt} <= 1440 AND ${t.opensAt} < ${t.closesAt}`),
    check('lounges_share', sql`${t.prebookSharePct} BETWEEN 0 AND 100`),
  ],
);

export const loungeStaff = sqliteTable(
  'lounge_staff',
  {
    loungeId: integer('lounge_id')
      .notNull()
      .references(() => lounges.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.loungeId, t.userId] }), index('lounge_staff_user_idx').on(t.userId)],
);

export const BOOKING_STATUSES = ['booked', 'checked_in', 'checked_out', 'cancelled', 'no_show'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export const loungeBookings = sqliteTable(
  'lounge_bookings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** the pass code: random, unguessable, typeable at the desk; also in the QR code */
    code: text('code').notNull().unique(),
    loungeId: integer('lounge_id')
      .notNull()
      .references(() => lounges.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** start of the arrival slot (a walk-in gets the slot it arrived in) */
    slotStart: integer('slot_start').notNull(),
    slotEnd: integer('slot_end').notNull(),
    /** entitlement year the visit counts against: the calendar year of the slot in the programme's zone */
    year: integer('year').notNull(),
    companions: integer('companions').notNull().default(0),
    /** how many companions actually came (set at check-in) */
    companionsArrived: integer('companions_arrived'),
    flightNo: text('flight_no'),
    status: text('status', { enum: BOOKING_STATUSES }).notNull(),
    walkIn: integer('walk_in', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
    checkedInAt: integer('checked_in_at'),
    checkedInBy: integer('checked_in_by').references(() => users.id, { onDelete: 'set null' }),
    checkedOutAt: integer('checked_out_at'),
    checkedOutBy: integer('checked_out_by').references(() => users.id, { onDelete: 'set null' }),
    cancelledAt: integer('cancelled_at'),
    noShowAt: integer('no_show_at'),
    remindedAt: integer('reminded_at'),
  },
  (t) => [
    uniqueIndex('lounge_bookings_live_unique')
      .on(t.userId, t.loungeId, t.slotStart)
      .where(sql`${t.status} IN ('booked', 'checked_in')`),
    index('lounge_bookings_slot_idx').on(t.loungeId, t.slotStart, t.status),
    index('lounge_bookings_status_idx').on(t.loungeId, t.status),
    index('lounge_bookings_user_idx').on(t.userId, t.year),
    check('lounge_bookings_companions', sql`${t.companions} >= 0 AND (${t.companionsArrived} IS NULL OR ${t.companionsArrived} >= 0)`),
  ],
);

export const LEDGER_TYPES = ['grant', 'reserve', 'release', 'use', 'no_show', 'adjust', 'tier_change'] as const;
export type LedgerType = (typeof LEDGER_TYPES)[number];

/**
 * The lounge-visit entitlement, as an itemised statement. Balances are sums over these rows, never stored:
 * allowance = Σ allowance_delta, reserved = Σ reserved_delta, used = Σ used_delta, remaining = allowance − reserved − used.
 */
export const entitlementLedger = sqliteTable(
  'entitlement_ledger',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    at: integer('at').notNull(),
    type: text('type', { enum: LEDGER_TYPES }).notNull(),
    allowanceDelta: integer('allowance_delta').notNull().default(0),
    reservedDelta: integer('reserved_delta').notNull().default(0),
    usedDelta: integer('used_delta').notNull().default(0),
    bookingId: integer('booking_id').references(() => loungeBookings.id),
    actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
    /** a reason typed by an admin (adjustments); other lines are worded from their type and params */
    reason: text('reason'),
    params: text('params', { mode: 'json' }).$type<Record<string, string | number>>().notNull(),
  },
  (t) => [
    index('ledger_user_year_idx').on(t.userId, t.year, t.id),
    uniqueIndex('ledger_one_grant_per_year').on(t.userId, t.year).where(sql`${t.type} = 'grant'`),
  ],
);
