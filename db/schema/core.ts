import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** People, tiers, sessions, the inbox and the audit log. */

export const ROLES = ['member', 'coordinator', 'lounge_staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];

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
    /** optional address for e-mail notices */
    email: text('email'),
    /** channels the person wants notices on besides the in-app inbox */
    notifySms: integer('notify_sms', { mode: 'boolean' }).notNull().default(true),
    notifyEmail: integer('notify_email', { mode: 'boolean' }).notNull().default(false),
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
    /** the few disabled accounts, for the admin's status filter */
    index('users_disabled_idx').on(t.disabledAt).where(sql`${t.disabledAt} IS NOT NULL`),
    /** desks find a guest by the last four digits of the phone */
    index('users_phone_last4_idx').on(sql`substr(${t.phone}, -4)`),
    check('users_member_has_tier', sql`(${t.role} = 'member') = (${t.tierCode} IS NOT NULL)`),
  ],
);

/**
 * Each distinct character of a person's name (ASCII letters lower-cased, as LIKE compares them), kept by triggers on
 * `users` (migration 0009). "Name contains" searches start from the people whose name has the query's first
 * character, found in this index, instead of testing every name: a common surname is a thousand rows, not 100,000.
 */
export const userNameChars = sqliteTable(
  'user_name_chars',
  {
    ch: text('ch').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.ch, t.userId] }), index('user_name_chars_user_idx').on(t.userId)],
);

/** 1…64: the character positions the name triggers read (names are at most 40 characters wherever they are entered). */
export const namePositions = sqliteTable('name_positions', { k: integer('k').primaryKey() });

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

/** Sign-in throttling buckets keyed "pair:<phone>@<addr>", "ip:<addr>", "phone:<phone>" or "device:<phone>:<nonce>" (src/auth/throttle.ts); shared by every process. */
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
    /** set for messages that must exist at most once (reminders): e.g. event.reminder:<registration id> */
    dedupeKey: text('dedupe_key'),
    /** when the outbox fan-out looked at this message (null = not yet) */
    dispatchedAt: integer('dispatched_at'),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.readAt, t.createdAt),
    uniqueIndex('notifications_dedupe_unique').on(t.dedupeKey).where(sql`${t.dedupeKey} IS NOT NULL`),
    index('notifications_undispatched_idx').on(t.id).where(sql`${t.dispatchedAt} IS NULL`),
  ],
);

export const OUTBOX_CHANNELS = ['sms', 'email'] as const;
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];
export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * SMS and e-mail copies of inbox messages, delivered by a transport with retries. The text is worded from the
 * notification in the recipient's language when it is sent.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** the inbox message this is a copy of; null for a direct message (e.g. an initial service password) */
    notificationId: integer('notification_id').references(() => notifications.id, { onDelete: 'cascade' }),
    /** the text of a direct message; replaced by a redaction mark once delivered or failed for good */
    body: text('body'),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: OUTBOX_CHANNELS }).notNull(),
    /** phone number or e-mail address at the time the message was queued */
    destination: text('destination').notNull(),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** earliest time of the next delivery attempt (backoff after a failure) */
    nextAttemptAt: integer('next_attempt_at').notNull(),
    /** a worker holds the message until then; an expired claim can be taken again */
    claimedUntil: integer('claimed_until'),
    lastError: text('last_error'),
    sentAt: integer('sent_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('outbox_notification_channel_unique').on(t.notificationId, t.channel),
    check('outbox_has_text', sql`${t.notificationId} IS NOT NULL OR ${t.body} IS NOT NULL`),
    index('outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('outbox_user_idx').on(t.userId, t.id),
  ],
);

/** One row per job run that must happen once across every instance (e.g. lapse-reminders:2026). */
export const jobClaims = sqliteTable('job_claims', {
  key: text('key').primaryKey(),
  claimedAt: integer('claimed_at').notNull(),
});

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
    index('audit_action_idx').on(t.action, t.at),
  ],
);

/**
 * One row per submitted form that carried a one-time token (src/lib/submit-once.ts): the first request
 * claims the key, does the work and stores its answer here, sealed with a key only the form's token
 * gives; a repeat of the same submission is answered from the row instead of doing the work again.
 */
export const formSubmissions = sqliteTable(
  'form_submissions',
  {
    /** sha256 of the token, the person, the method, the path and the submitted fields */
    key: text('key').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    state: text('state', { enum: ['pending', 'done'] }).notNull(),
    /** AES-256-GCM of the first answer (status, headers, body); null while pending */
    outcome: text('outcome'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('form_submissions_created_idx').on(t.createdAt), index('form_submissions_user_idx').on(t.userId)],
);
