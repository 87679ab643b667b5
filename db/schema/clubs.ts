import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { tiers, users } from './core';

/** Clubs, their coordinators and memberships. */

export const CLUB_CATEGORIES = ['golf', 'parent_child', 'music', 'lecture', 'fitness', 'table_tennis', 'badminton'] as const;
export type ClubCategory = (typeof CLUB_CATEGORIES)[number];

export const CITIES = ['haikou', 'sanya', 'wenchang'] as const;
export type City = (typeof CITIES)[number];

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
