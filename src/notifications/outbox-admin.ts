import { and, count, desc, eq, gt, isNull, lt, min, ne, or } from 'drizzle-orm';
import { notifications, outbox, OUTBOX_CHANNELS, OUTBOX_STATUSES, users, type OutboxChannel, type OutboxStatus } from '../../db/schema';
import type { Actor } from '../auth/policy';
import { audit } from '../lib/audit';
import type { AppDeps } from '../lib/context';
import { err, ok, type Result } from '../lib/result';
import { maskDestination } from './transports';

/** What admins see of SMS / e-mail delivery, and the two ways to send failed messages again. Admins only. */

export const OUTBOX_PAGE_SIZE = 50;

/** What a delivered or given-up direct message's text is replaced with: secrets do not stay in the database. */
export const REDACTED = '[redacted]';

export interface OutboxHealth {
  failed: number;
  pending: number;
  /** when the oldest message still waiting was queued (null when nothing waits) */
  oldestPendingAt: number | null;
  /** how long it has waited, in ms (0 when nothing waits) */
  oldestPendingAgeMs: number;
}

/** Failed and waiting messages and the age of the oldest one waiting: a few indexed reads, for dashboards. */
export async function outboxHealth(deps: Pick<AppDeps, 'db' | 'clock'>): Promise<OutboxHealth> {
  const [[failed], [pending]] = await Promise.all([
    deps.db.select({ n: count() }).from(outbox).where(eq(outbox.status, 'failed')),
    deps.db.select({ n: count(), oldest: min(outbox.createdAt) }).from(outbox).where(eq(outbox.status, 'pending')),
  ]);
  const oldestPendingAt = pending?.oldest ?? null;
  return {
    failed: failed?.n ?? 0,
    pending: pending?.n ?? 0,
    oldestPendingAt,
    oldestPendingAgeMs: oldestPendingAt === null ? 0 : Math.max(0, deps.clock.now() - oldestPendingAt),
  };
}

/** A message that failed for good, or is waiting to be tried again after failing. */
export interface OutboxProblem {
  id: number;
  channel: OutboxChannel;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: number;
  createdAt: number;
  recipientName: string;
  /** 138****0001 or a***@example.com */
  destinationMasked: string;
  /** null for a direct message (its text is not shown: it may hold a password) */
  kind: string | null;
  params: Record<string, string | number> | null;
}

export interface OutboxOverview {
  counts: Record<OutboxChannel, Record<OutboxStatus, number>>;
  health: OutboxHealth;
  problems: OutboxProblem[];
  page: number;
  pages: number;
  total: number;
}

const troubled = or(eq(outbox.status, 'failed'), and(eq(outbox.status, 'pending'), gt(outbox.attempts, 0)));

export async function outboxOverview(deps: Pick<AppDeps, 'db' | 'clock'>, actor: Actor, page: number): Promise<Result<OutboxOverview, 'forbidden'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const [groups, health, [totalRow]] = await Promise.all([
    deps.db.select({ channel: outbox.channel, status: outbox.status, n: count() }).from(outbox).groupBy(outbox.status, outbox.channel),
    outboxHealth(deps),
    deps.db.select({ n: count() }).from(outbox).where(troubled),
  ]);
  const counts = Object.fromEntries(OUTBOX_CHANNELS.map((c) => [c, Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0]))])) as OutboxOverview['counts'];
  for (const g of groups) counts[g.channel][g.status] = g.n;
  const total = totalRow?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const rows = await deps.db
    .select({
      id: outbox.id,
      channel: outbox.channel,
      status: outbox.status,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      nextAttemptAt: outbox.nextAttemptAt,
      createdAt: outbox.createdAt,
      destination: outbox.destination,
      recipientName: users.name,
      kind: notifications.kind,
      params: notifications.params,
    })
    .from(outbox)
    .innerJoin(users, eq(users.id, outbox.userId))
    .leftJoin(notifications, eq(notifications.id, outbox.notificationId))
    .where(troubled)
    .orderBy(desc(outbox.id))
    .limit(OUTBOX_PAGE_SIZE)
    .offset((current - 1) * OUTBOX_PAGE_SIZE);
  const problems = rows.map(({ destination, ...r }) => ({ ...r, destinationMasked: maskDestination(r.channel, destination) }));
  return ok({ counts, health, problems, page: current, pages, total });
}

/** Back to the queue as if new: tried again at once, with every attempt available. */
const requeue = (now: number) => ({ status: 'pending' as const, attempts: 0, nextAttemptAt: now, claimedUntil: null });
/** Failed, or waiting and not in a worker's hands right now (resetting a message being sent could send it twice). */
const retryable = (now: number) =>
  and(
    or(eq(outbox.status, 'failed'), and(eq(outbox.status, 'pending'), or(isNull(outbox.claimedUntil), lt(outbox.claimedUntil, now)))),
    // a direct message whose text was redacted after it failed for good cannot be sent again
    or(isNull(outbox.body), ne(outbox.body, REDACTED)),
  );

export async function retryOutboxMessage(deps: Pick<AppDeps, 'db' | 'clock'>, actor: Actor, id: number): Promise<Result<null, 'forbidden' | 'not_found' | 'not_retryable'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [before] = await tx.select({ status: outbox.status, attempts: outbox.attempts, channel: outbox.channel }).from(outbox).where(eq(outbox.id, id));
    if (!before) return err('not_found');
    const [row] = await tx.update(outbox).set(requeue(now)).where(and(eq(outbox.id, id), retryable(now))).returning({ id: outbox.id });
    if (!row) return err('not_retryable');
    await audit(tx, actor, now, { action: 'outbox.message.retried', targetType: 'outbox', targetId: id, detail: { channel: before.channel, status: before.status, attempts: before.attempts } });
    return ok(null);
  });
}

/** Every failed message back to the queue; returns how many. */
export async function retryFailedOutbox(deps: Pick<AppDeps, 'db' | 'clock'>, actor: Actor): Promise<Result<number, 'forbidden'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const rows = await tx.update(outbox).set(requeue(now)).where(and(eq(outbox.status, 'failed'), retryable(now))).returning({ id: outbox.id });
    if (rows.length > 0) {
      const ids = rows.map((r) => r.id);
      const range = ids.reduce((acc, id) => ({ firstId: Math.min(acc.firstId, id), lastId: Math.max(acc.lastId, id) }), { firstId: ids[0]!, lastId: ids[0]! });
      await audit(tx, actor, now, { action: 'outbox.failed.retried', targetType: 'outbox', detail: { count: rows.length, ...range } });
    }
    return ok(rows.length);
  });
}
