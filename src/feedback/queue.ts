import { and, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { FEEDBACK_CATEGORIES, clubCoordinators, clubs, feedbackTickets, users, type FeedbackCategory, type FeedbackStatus } from '../../db/schema';
import type { Actor } from '../auth/policy';
import type { AppDeps } from '../lib/context';
import { err, ok, type Result } from '../lib/result';
import { DUE_SOON_MS, canWorkQueue, dueClock, owesFirstReply, slaState, type DueClock, type SlaState } from './policy';
import type { TicketRow } from './service';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

/** "current" (the default) is everything not closed; closed tickets are shown only when asked for. */
export const QUEUE_STATUS_FILTERS = ['current', 'open', 'answered', 'closed', 'all'] as const;
export type QueueStatusFilter = (typeof QUEUE_STATUS_FILTERS)[number];
export const QUEUE_PAGE_SIZE = 50;

export interface QueueQuery {
  status: QueueStatusFilter;
  category: FeedbackCategory | null;
  page: number;
}

/** Reads the queue view from a query string; anything unknown falls back to the default. */
export function parseQueueQuery(params: URLSearchParams): QueueQuery {
  const status = params.get('status') ?? '';
  const category = params.get('category') ?? '';
  const page = Number(params.get('page') ?? '1');
  return {
    status: (QUEUE_STATUS_FILTERS as readonly string[]).includes(status) ? (status as QueueStatusFilter) : 'current',
    category: (FEEDBACK_CATEGORIES as readonly string[]).includes(category) ? (category as FeedbackCategory) : null,
    page: Number.isSafeInteger(page) && page > 0 && page < 100_000 ? page : 1,
  };
}

export interface QueueItem {
  ticket: TicketRow;
  memberName: string;
  club: { nameZh: string; nameEn: string } | null;
  sla: SlaState;
  clock: DueClock | null;
}

export interface Queue {
  items: QueueItem[];
  total: number;
  pages: number;
  query: QueueQuery;
  /** across everything the actor may see, whatever the filter: tickets still owed a first reply */
  summary: { overdue: number; dueSoon: number; waiting: number };
}

const statusSets: Record<QueueStatusFilter, FeedbackStatus[] | null> = {
  current: ['open', 'answered'],
  open: ['open'],
  answered: ['answered'],
  closed: ['closed'],
  all: null,
};

/**
 * Waiting for a first reply first (earliest due on top, so the overdue ones lead), then open again after a
 * reply, then answered (by due time), then closed (latest closed first).
 */
const queueOrder = [
  sql`CASE WHEN ${feedbackTickets.status} = 'open' AND ${feedbackTickets.firstResponseAt} IS NULL THEN 0 WHEN ${feedbackTickets.status} = 'open' THEN 1 WHEN ${feedbackTickets.status} = 'answered' THEN 2 ELSE 3 END`,
  sql`CASE WHEN ${feedbackTickets.status} = 'closed' THEN -${feedbackTickets.closedAt} ELSE ${feedbackTickets.dueAt} END`,
  feedbackTickets.id,
];

/**
 * The staff queue: every ticket for admins; for a coordinator only tickets about the clubs they run
 * (a ticket about a lounge or a programme-wide event has no club and is for admins only). Others: forbidden.
 */
export async function listQueue(deps: Deps, actor: Actor, query: QueueQuery): Promise<Result<Queue, 'forbidden'>> {
  if (!canWorkQueue(actor.role)) return err('forbidden');
  const now = deps.clock.now();
  const scope: SQL[] = [];
  if (actor.role === 'coordinator') {
    scope.push(inArray(feedbackTickets.clubId, deps.db.select({ id: clubCoordinators.clubId }).from(clubCoordinators).where(eq(clubCoordinators.userId, actor.id))));
  }
  const filters = [...scope];
  const statuses = statusSets[query.status];
  if (statuses) filters.push(inArray(feedbackTickets.status, statuses));
  if (query.category) filters.push(eq(feedbackTickets.category, query.category));
  const where = filters.length ? and(...filters) : undefined;
  const owed = and(eq(feedbackTickets.status, 'open'), sql`${feedbackTickets.firstResponseAt} IS NULL`);

  const [[totals], [summary]] = await Promise.all([
    deps.db.select({ n: count() }).from(feedbackTickets).where(where),
    deps.db
      .select({
        overdue: sql<number>`coalesce(sum(${feedbackTickets.dueAt} < ${now}), 0)`,
        dueSoon: sql<number>`coalesce(sum(${feedbackTickets.dueAt} >= ${now} AND ${feedbackTickets.dueAt} <= ${now + DUE_SOON_MS}), 0)`,
        waiting: count(),
      })
      .from(feedbackTickets)
      .where(and(owed, ...scope)),
  ]);
  const total = totals?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
  const page = Math.min(query.page, pages);
  const rows = await deps.db
    .select({ ticket: feedbackTickets, memberName: users.name, clubNameZh: clubs.nameZh, clubNameEn: clubs.nameEn })
    .from(feedbackTickets)
    .innerJoin(users, eq(users.id, feedbackTickets.userId))
    .leftJoin(clubs, eq(clubs.id, feedbackTickets.clubId))
    .where(where)
    .orderBy(...queueOrder)
    .limit(QUEUE_PAGE_SIZE)
    .offset((page - 1) * QUEUE_PAGE_SIZE);
  const items = rows.map((r): QueueItem => {
    const sla = slaState(r.ticket, now);
    return {
      ticket: r.ticket,
      memberName: r.memberName,
      club: r.clubNameZh !== null && r.clubNameEn !== null ? { nameZh: r.clubNameZh, nameEn: r.clubNameEn } : null,
      sla,
      clock: owesFirstReply(sla) ? dueClock(r.ticket.dueAt, now) : null,
    };
  });
  return ok({
    items,
    total,
    pages,
    query: { ...query, page },
    summary: { overdue: Number(summary?.overdue ?? 0), dueSoon: Number(summary?.dueSoon ?? 0), waiting: Number(summary?.waiting ?? 0) },
  });
}
