import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { notifications } from '../../db/schema';
import type { Actor } from '../auth/policy';
import type { DbOrTx } from '../db';
import type { AppDeps } from '../lib/context';
import { preparedFor } from '../lib/prepared';

/** The kinds of system message; the wording lives in the dictionary under notify.<kind>. */
export const NOTIFICATION_KINDS = [
  'club.promoted',
  'club.approved',
  'club.approvedWaitlisted',
  'club.declined',
  'club.removed',
  'club.closed',
  'club.request',
  'club.notice',
  'event.confirmed',
  'event.waitlisted',
  'event.promoted',
  'event.registrationCancelled',
  'event.cancelled',
  'event.changed',
  'event.reminder',
  'lounge.booked',
  'lounge.cancelled',
  'lounge.checkedIn',
  'lounge.noShow',
  'lounge.reminder',
  'lounge.lapsing',
  'feedback.answered',
  'feedback.overdue',
  'member.tierChanged',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NewNotification {
  userId: number;
  kind: NotificationKind;
  /** names in both languages (e.g. clubZh/clubEn) so the message reads right in either */
  params: Record<string, string | number>;
  link?: string;
  title?: string;
  body?: string;
}

/** Writes inbox messages, in the caller's transaction so they exist exactly when the change does. */
export async function notify(db: DbOrTx, at: number, items: NewNotification[]): Promise<void> {
  if (items.length === 0) return;
  await db.insert(notifications).values(
    items.map((n) => ({
      userId: n.userId,
      kind: n.kind,
      params: n.params,
      link: n.link ?? null,
      title: n.title ?? null,
      body: n.body ?? null,
      createdAt: at,
    })),
  );
}

export type InboxItem = typeof notifications.$inferSelect;

export async function listInbox(deps: Pick<AppDeps, 'db'>, actor: Actor, limit = 100): Promise<InboxItem[]> {
  return deps.db.select().from(notifications).where(eq(notifications.userId, actor.id)).orderBy(desc(notifications.id)).limit(limit);
}

/** Every page's unread count: built once per database handle (src/lib/prepared.ts). */
const unreadOf = preparedFor((db: AppDeps['db']) =>
  db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, sql.placeholder('userId')), isNull(notifications.readAt)))
    .prepare(),
);

export async function unreadCount(deps: Pick<AppDeps, 'db'>, userId: number): Promise<number> {
  const [row] = await unreadOf(deps.db).all({ userId });
  return row?.n ?? 0;
}

/** Marks the actor's own messages read (all of them, or the given ids); someone else's ids change nothing. */
export async function markRead(deps: Pick<AppDeps, 'db' | 'clock'>, actor: Actor, ids: number[] | 'all'): Promise<number> {
  const mine = and(eq(notifications.userId, actor.id), isNull(notifications.readAt));
  const where = ids === 'all' ? mine : and(mine, inArray(notifications.id, ids.length ? ids : [-1]));
  const rows = await deps.db.update(notifications).set({ readAt: deps.clock.now() }).where(where).returning({ id: notifications.id });
  return rows.length;
}
