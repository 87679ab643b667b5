import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Database schema. Times are UTC instants in integer milliseconds; display goes through src/lib/time.ts.
 * Capacity is never stored as a counter: places taken are derived from rows.
 */

export const ROLES = ['member', 'coordinator', 'lounge_staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const CLUB_CATEGORIES = ['golf', 'parent_child', 'music', 'lecture', 'fitness', 'table_tennis', 'badminton'] as const;
export type ClubCategory = (typeof CLUB_CATEGORIES)[number];

export const CITIES = ['haikou', 'sanya', 'wenchang'] as const;
export type City = (typeof CITIES)[number];

export const LOUNGE_AMENITIES = ['wifi', 'food', 'showers', 'quiet_room', 'business', 'kids', 'fast_track', 'boarding_call'] as const;
export type LoungeAmenity = (typeof LOUNGE_AMENITIES)[number];

export const tiers = sqliteTable('tiers', {
  code: text('code').primaryKey(),
  rank: integer('rank').notNull().unique(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  loungeVisitsPerYear: integer('lounge_visits_per_year').notNull(),
  companionsPerVisit: integer('companions_per_visit').notNull(),
  earlyAccessHours: integer('early_access_hours').notNull(),
});

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    phone: text('phone').notNull().unique(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    tierCode: text('tier_code').references(() => tiers.code),
    locale: text('locale', { enum: ['zh', 'en'] }).notNull().default('zh'),
    mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
    /** the typeable code on the membership card and in its QR code */
    cardCode: text('card_code').notNull().unique(),
    disabledAt: integer('disabled_at'),
    passwordChangedAt: integer('password_changed_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('users_role_idx').on(t.role),
    index('users_tier_idx').on(t.tierCode),
    /** desks find a guest by the last four digits of the phone */
    index('users_phone_last4_idx').on(sql`substr(${t.phone}, -4)`),
    check('users_member_has_tier', sql`(${t.role} = 'member') = (${t.tierCode} IS NOT NULL)`),
  ],
);

export const sessions = sqliteTable(
  'sessions',
  {
    /** hex SHA-256 of the token held in the cookie; the token itself is never stored */
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: integer('expires_at').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Sign-in throttling buckets keyed by "phone:<n>" or "ip:<addr>"; shared by every process. */
export const loginThrottles = sqliteTable('login_throttles', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: integer('last_failure_at').notNull(),
  blockedUntil: integer('blocked_until').notNull(),
});

export const dependents = sqliteTable(
  'dependents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    birthYear: integer('birth_year').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('dependents_user_idx').on(t.userId)],
);

export const clubs = sqliteTable(
  'clubs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    category: text('category', { enum: CLUB_CATEGORIES }).notNull(),
    city: text('city', { enum: CITIES }).notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    descriptionZh: text('description_zh').notNull(),
    descriptionEn: text('description_en').notNull(),
    /** what joining commits the member to (fees, attendance), shown on the confirmation step */
    termsZh: text('terms_zh'),
    termsEn: text('terms_en'),
    minTier: text('min_tier').references(() => tiers.code),
    capacity: integer('capacity').notNull(),
    requiresApproval: integer('requires_approval', { mode: 'boolean' }).notNull().default(false),
    archivedAt: integer('archived_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [check('clubs_capacity_positive', sql`${t.capacity} > 0`)],
);

export const clubCoordinators = sqliteTable(
  'club_coordinators',
  {
    clubId: integer('club_id')
      .notNull()
      .references(() => clubs.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.clubId, t.userId] }), index('club_coordinators_user_idx').on(t.userId)],
);

/** closed: the membership ended because an admin closed the club (not a removal of the member) */
export const MEMBERSHIP_STATUSES = ['pending', 'active', 'waitlisted', 'left', 'removed', 'declined', 'closed'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];
/** statuses that hold (or wait for) a place; at most one of these per member and club */
export const LIVE_MEMBERSHIP = ['pending', 'active', 'waitlisted'] as const;

export const clubMemberships = sqliteTable(
  'club_memberships',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    clubId: integer('club_id')
      .notNull()
      .references(() => clubs.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status', { enum: MEMBERSHIP_STATUSES }).notNull(),
    requestedAt: integer('requested_at').notNull(),
    /** place in the waitlist: the earliest queuedAt (then id) gets the next free place */
    queuedAt: integer('queued_at').notNull(),
    /** when the member became active (joined date on the roster) */
    activeSince: integer('active_since'),
    statusChangedAt: integer('status_changed_at').notNull(),
    /** coordinator or admin who approved, declined, removed or prioritised */
    decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
    /** why a coordinator removed or declined the member; shown to the member */
    reason: text('reason'),
  },
  (t) => [
    uniqueIndex('club_memberships_live_unique')
      .on(t.clubId, t.userId)
      .where(sql`${t.status} IN ('pending', 'active', 'waitlisted')`),
    index('club_memberships_club_status_idx').on(t.clubId, t.status, t.queuedAt),
    index('club_memberships_user_idx').on(t.userId, t.status),
  ],
);

/** The in-app inbox. System messages carry a kind and parameters and are worded in the reader's language when shown. */
export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** e.g. club.promoted, club.notice */
    kind: text('kind').notNull(),
    params: text('params', { mode: 'json' }).$type<Record<string, string | number>>().notNull(),
    /** free text written by a person (coordinator notices), shown as is */
    title: text('title'),
    body: text('body'),
    link: text('link'),
    createdAt: integer('created_at').notNull(),
    readAt: integer('read_at'),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.readAt, t.createdAt)],
);

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
    index('registrations_event_status_idx').on(t.eventId, t.status, t.queuedAt),
    index('registrations_user_idx').on(t.userId, t.status),
    check('registrations_seats', sql`${t.seats} >= 1 AND ${t.guests} >= 0 AND ${t.checkedInSeats} BETWEEN 0 AND ${t.seats}`),
  ],
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

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
    /** dotted name, e.g. member.enrolled, user.password.changed */
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    /** JSON object with the facts of the change */
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
    ip: text('ip'),
    requestId: text('request_id'),
  },
  (t) => [
    index('audit_at_idx').on(t.at),
    index('audit_actor_idx').on(t.actorId, t.at),
    index('audit_target_idx').on(t.targetType, t.targetId),
  ],
);
