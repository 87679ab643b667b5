import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './core';
import { clubs } from './clubs';
import { events, registrations } from './events';
import { loungeBookings, lounges } from './lounges';

/** Feedback and complaint tickets with a 48-hour first-response clock, and satisfaction ratings. */

export const FEEDBACK_CATEGORIES = ['feedback', 'complaint'] as const;
export type FeedbackCategory = (typeof FEEDBACK_CATEGORIES)[number];
export const FEEDBACK_STATUSES = ['open', 'answered', 'closed'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];
export const FEEDBACK_SUBJECTS = ['registration', 'booking', 'club'] as const;
export type FeedbackSubject = (typeof FEEDBACK_SUBJECTS)[number];

export const feedbackTickets = sqliteTable(
  'feedback_tickets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** what the member quotes: random, unguessable, typeable */
    reference: text('reference').notNull().unique(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    category: text('category', { enum: FEEDBACK_CATEGORIES }).notNull(),
    subject: text('subject').notNull(),
    status: text('status', { enum: FEEDBACK_STATUSES }).notNull().default('open'),
    /** what it is about, if anything: one of the member's registrations, bookings or clubs */
    aboutType: text('about_type', { enum: FEEDBACK_SUBJECTS }),
    aboutId: integer('about_id'),
    /** the club it concerns (directly or through an event), so that club's coordinators see it */
    clubId: integer('club_id').references(() => clubs.id),
    createdAt: integer('created_at').notNull(),
    /** created + 48 h: the first reply is due by then */
    dueAt: integer('due_at').notNull(),
    firstResponseAt: integer('first_response_at'),
    closedAt: integer('closed_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('feedback_user_idx').on(t.userId, t.createdAt),
    index('feedback_queue_idx').on(t.status, t.dueAt),
    index('feedback_club_idx').on(t.clubId, t.status, t.dueAt),
    check('feedback_about', sql`(${t.aboutType} IS NULL) = (${t.aboutId} IS NULL)`),
  ],
);

export const feedbackMessages = sqliteTable(
  'feedback_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => feedbackTickets.id, { onDelete: 'cascade' }),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    /** true when written by an admin or coordinator, false when by the member */
    fromStaff: integer('from_staff', { mode: 'boolean' }).notNull(),
    body: text('body').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('feedback_messages_ticket_idx').on(t.ticketId, t.id)],
);

export const RATING_SUBJECTS = ['event', 'lounge'] as const;
export type RatingSubject = (typeof RATING_SUBJECTS)[number];

/** A member's 1–5 rating of an event they attended or a lounge visit they made; one per registration or booking. */
export const ratings = sqliteTable(
  'ratings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    subjectType: text('subject_type', { enum: RATING_SUBJECTS }).notNull(),
    registrationId: integer('registration_id')
      .unique()
      .references(() => registrations.id, { onDelete: 'cascade' }),
    bookingId: integer('booking_id')
      .unique()
      .references(() => loungeBookings.id, { onDelete: 'cascade' }),
    eventId: integer('event_id').references(() => events.id),
    clubId: integer('club_id').references(() => clubs.id),
    loungeId: integer('lounge_id').references(() => lounges.id),
    score: integer('score').notNull(),
    comment: text('comment'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('ratings_event_idx').on(t.eventId),
    index('ratings_club_idx').on(t.clubId),
    index('ratings_lounge_idx').on(t.loungeId),
    index('ratings_user_idx').on(t.userId),
    check('ratings_score', sql`${t.score} BETWEEN 1 AND 5`),
    check(
      'ratings_subject',
      sql`(${t.subjectType} = 'event' AND ${t.registrationId} IS NOT NULL AND ${t.eventId} IS NOT NULL AND ${t.bookingId} IS NULL) OR (${t.subjectType} = 'lounge' AND ${t.bookingId} IS NOT NULL AND ${t.loungeId} IS NOT NULL AND ${t.registrationId} IS NULL)`,
    ),
  ],
);
