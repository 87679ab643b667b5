import { eq, inArray } from 'drizzle-orm';
import pLimit from 'p-limit';
import { notifications, outbox, users, type OutboxChannel } from '../../db/schema';
import type { DbOrTx } from '../db';
import { outgoingText } from '../../views/notifications/outgoing';
import type { Config } from '../config';
import { HOUR, MINUTE } from '../lib/clock';
import type { AppDeps } from '../lib/context';
import { translator, type Locale } from '../lib/i18n';
import { createTimeFormat } from '../lib/time';
import type { MessageTransport, OutgoingMessage } from './transports';

import { REDACTED } from './outbox-admin';
export { outboxHealth, REDACTED, type OutboxHealth } from './outbox-admin';

/**
 * The outbox: SMS and e-mail copies of inbox messages. Two steps, both safe on any number of app instances:
 * the fan-out turns new notifications into outbox rows (one write batch, unique per notification and channel),
 * and delivery claims due rows with one conditional UPDATE, sends them and records the outcome against its claim.
 */

export type OutboxDeps = Pick<AppDeps, 'db' | 'client' | 'clock' | 'logger'> & { config: Pick<Config, 'publicOrigins' | 'timeZone'> };

/** How many notifications one fan-out run looks at (a backlog is worked through run by run, oldest first). */
export const DISPATCH_BATCH = 500;

/** Waits after the 1st, 2nd … failure; the last one repeats. Roughly exponential, capped at six hours. */
export const RETRY_DELAYS = [1 * MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 6 * HOUR] as const;
/** After this many failed attempts a message is marked failed and waits for an admin. */
export const MAX_ATTEMPTS = 6;
/** Longest error text kept on a message. */
export const LAST_ERROR_MAX = 500;

/** The wait before the next attempt after `failures` failed ones (failures ≥ 1). */
export function retryDelay(failures: number): number {
  return RETRY_DELAYS[Math.min(Math.max(failures, 1), RETRY_DELAYS.length) - 1]!;
}

/**
 * Queues an outbox row for each undispatched notification (the oldest `limit`) and each channel its recipient
 * has on (SMS to the phone; e-mail when on and an address is set; nothing for disabled accounts), and marks those
 * notifications dispatched — in one write batch, so a run on another instance either sees them all done or none.
 * Returns how many notifications were dispatched.
 */
export async function dispatchNotifications(deps: Pick<AppDeps, 'client' | 'clock'>, opts: { limit?: number } = {}): Promise<number> {
  const now = deps.clock.now();
  const limit = opts.limit ?? DISPATCH_BATCH;
  const due = `SELECT id FROM notifications WHERE dispatched_at IS NULL ORDER BY id LIMIT ?`;
  const queue = (channel: OutboxChannel, destination: string, wanted: string) => ({
    sql: `INSERT INTO outbox (notification_id, user_id, channel, destination, status, attempts, next_attempt_at, created_at)
          SELECT n.id, n.user_id, '${channel}', ${destination}, 'pending', 0, ?, ?
          FROM notifications n JOIN users u ON u.id = n.user_id
          WHERE n.id IN (${due}) AND u.disabled_at IS NULL AND ${wanted}
          ON CONFLICT DO NOTHING`,
    args: [now, now, limit],
  });
  const [, , marked] = await deps.client.batch(
    [
      queue('sms', 'u.phone', 'u.notify_sms = 1'),
      queue('email', 'u.email', `u.notify_email = 1 AND u.email IS NOT NULL AND u.email != ''`),
      { sql: `UPDATE notifications SET dispatched_at = ? WHERE id IN (${due})`, args: [now, limit] },
    ],
    'write',
  );
  return marked?.rowsAffected ?? 0;
}


/**
 * Queues a direct SMS or e-mail that is not a copy of an inbox message — an initial service password, which must
 * never sit in the inbox — in the caller's transaction. It goes out whatever the person's channel choices (they
 * could not have made any yet) unless the account is disabled, and its text is redacted once delivered or given up.
 */
export async function queueDirectMessage(tx: DbOrTx, now: number, message: { userId: number; channel: OutboxChannel; destination: string; text: string }): Promise<void> {
  await tx.insert(outbox).values({ notificationId: null, body: message.text, userId: message.userId, channel: message.channel, destination: message.destination, nextAttemptAt: now, createdAt: now });
}

export interface DeliveryOptions {
  /** messages claimed in one call */
  limit?: number;
  /** how long a claim holds; longer than the slowest possible round of sends */
  claimMs?: number;
  /** a send that takes longer counts as failed (and is tried again later) */
  sendTimeoutMs?: number;
  /** sends in flight at once */
  concurrency?: number;
}

export interface DeliveryReport {
  claimed: number;
  sent: number;
  /** failed this time, to be tried again */
  retrying: number;
  /** failed for good (out of attempts, or the recipient can no longer get it) */
  failed: number;
}

interface Claimed {
  id: number;
  userId: number;
  /** null for a direct message */
  notificationId: number | null;
  /** the text of a direct message */
  body: string | null;
  channel: OutboxChannel;
  destination: string;
  attempts: number;
}

function errorText(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim() || 'unknown error';
  return [...text].length > LAST_ERROR_MAX ? `${[...text].slice(0, LAST_ERROR_MAX - 1).join('')}…` : text;
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the transport within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Sends what is due. Messages are claimed atomically (an instance holds them until `claimedUntil`; nobody else
 * takes them meanwhile), worded in the recipient's current language and handed to the transport. Each outcome is
 * written only if the claim is still this call's (claimed_until is the fencing token). A failing or throwing
 * transport affects only its own message: it is tried again after a backoff, and marked failed after the last attempt.
 */
export async function deliverOutbox(deps: OutboxDeps, transport: MessageTransport, opts: DeliveryOptions = {}): Promise<DeliveryReport> {
  const { limit = 20, claimMs = 5 * MINUTE, sendTimeoutMs = 60_000, concurrency = 5 } = opts;
  const now = deps.clock.now();
  const claimedUntil = now + claimMs;
  const claim = await deps.client.execute({
    sql: `UPDATE outbox SET claimed_until = ?
          WHERE id IN (SELECT id FROM outbox
                       WHERE status = 'pending' AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)
                       ORDER BY next_attempt_at, id LIMIT ?)
          RETURNING id, user_id, notification_id, body, channel, destination, attempts`,
    args: [claimedUntil, now, now, limit],
  });
  const claimed: Claimed[] = claim.rows.map((r) => ({
    id: Number(r.id),
    userId: Number(r.user_id),
    notificationId: r.notification_id === null ? null : Number(r.notification_id),
    body: r.body === null ? null : String(r.body),
    channel: r.channel === 'email' ? 'email' : 'sms',
    destination: String(r.destination),
    attempts: Number(r.attempts),
  }));
  const report: DeliveryReport = { claimed: claimed.length, sent: 0, retrying: 0, failed: 0 };
  if (claimed.length === 0) return report;

  const details = await deps.db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      params: notifications.params,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
      locale: users.locale,
      notifySms: users.notifySms,
      notifyEmail: users.notifyEmail,
      disabledAt: users.disabledAt,
    })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(inArray(notifications.id, [...new Set(claimed.flatMap((c) => (c.notificationId === null ? [] : [c.notificationId])))]));
  const byId = new Map(details.map((d) => [d.id, d]));
  const directIds = [...new Set(claimed.filter((c) => c.notificationId === null).map((c) => c.userId))];
  const recipients = directIds.length
    ? new Map((await deps.db.select({ id: users.id, locale: users.locale, disabledAt: users.disabledAt }).from(users).where(inArray(users.id, directIds))).map((u) => [u.id, u]))
    : new Map<number, { id: number; locale: Locale; disabledAt: number | null }>();
  const origin = deps.config.publicOrigins[0] ?? 'http://127.0.0.1:3000';

  const record = async (message: Claimed, error: string | null, final = false) => {
    const at = deps.clock.now();
    if (error === null) {
      const done = await deps.client.execute({
        sql: `UPDATE outbox SET status = 'sent', sent_at = ?, claimed_until = NULL, body = CASE WHEN body IS NULL THEN NULL ELSE ? END
              WHERE id = ? AND status = 'pending' AND claimed_until = ?`,
        args: [at, REDACTED, message.id, claimedUntil],
      });
      if (done.rowsAffected > 0) report.sent += 1;
      return;
    }
    const failures = message.attempts + 1;
    const giveUp = final || failures >= MAX_ATTEMPTS;
    const done = await deps.client.execute({
      sql: `UPDATE outbox SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ?, claimed_until = NULL,
                   body = CASE WHEN body IS NULL OR ? = 0 THEN body ELSE ? END
            WHERE id = ? AND status = 'pending' AND claimed_until = ?`,
      args: [giveUp ? 'failed' : 'pending', failures, error, giveUp ? at : at + retryDelay(failures), giveUp ? 1 : 0, REDACTED, message.id, claimedUntil],
    });
    if (done.rowsAffected === 0) return;
    if (giveUp) report.failed += 1;
    else report.retrying += 1;
    const fields = { id: message.id, channel: message.channel, attempt: failures, error };
    if (giveUp) deps.logger.error('outbox message failed', fields);
    else deps.logger.warn('outbox delivery failed, will retry', { ...fields, retryInMs: retryDelay(failures) });
  };

  const wordingFor = (locale: Locale) => ({ locale, t: translator(locale, (key) => deps.logger.warn('missing message', { key })), fmt: createTimeFormat(locale, deps.config.timeZone) });

  /** Why a claimed message is not sent ('gone': its notification was deleted, and with it this row), or null. */
  const refusal = (message: Claimed): string | 'gone' | null => {
    const person = message.notificationId === null ? recipients.get(message.userId) : byId.get(message.notificationId);
    if (!person) return 'gone';
    if (person.disabledAt !== null) return 'not sent: the account is disabled';
    // a direct message (an initial password) goes out whatever the channel choices: none can have been made yet
    if (message.notificationId === null) return null;
    const n = byId.get(message.notificationId)!;
    if (message.channel === 'sms' ? !n.notifySms : !n.notifyEmail) return `not sent: the recipient turned ${message.channel === 'sms' ? 'SMS' : 'e-mail'} off`;
    return null;
  };

  /** What a message says, worded now in the recipient's current language. */
  const compose = (message: Claimed): Omit<OutgoingMessage, 'channel' | 'to'> => {
    if (message.notificationId !== null) {
      const n = byId.get(message.notificationId)!;
      return outgoingText(wordingFor(n.locale), n, message.channel, origin);
    }
    const w = wordingFor(recipients.get(message.userId)!.locale);
    const body = message.body ?? '';
    return { subject: w.t('outbox.subject'), text: message.channel === 'sms' ? `${w.t('outbox.smsSignature')}${body}` : body, secret: true };
  };

  const deliver = async (message: Claimed) => {
    const refused = refusal(message);
    if (refused === 'gone') return;
    if (refused !== null) return record(message, refused, true);
    let error: string | null = null;
    try {
      const outgoing = compose(message);
      await withTimeout(Promise.resolve().then(() => transport.send({ channel: message.channel, to: message.destination, ...outgoing })), sendTimeoutMs);
    } catch (e) {
      error = errorText(e);
    }
    // a database hiccup here leaves the message claimed: it is sent again once the claim expires (at least once)
    await record(message, error).catch((e: unknown) => deps.logger.error('outbox outcome not recorded', { id: message.id, error: e }));
  };

  const run = pLimit(concurrency);
  await Promise.all(claimed.map((message) => run(() => deliver(message))));
  return report;
}

export interface OutboxWorker {
  /** one run now (or the run already under way): the fan-out, then delivery until nothing is due */
  runNow(): Promise<void>;
  /** no more runs; resolves when the one under way has finished */
  stop(): Promise<void>;
}

/**
 * Runs the outbox every `intervalMs` in this process. Runs never overlap here (a tick during a run is skipped);
 * other instances are kept apart by the claims. Errors are logged, never thrown; the timer does not keep the
 * process alive.
 */
export function startOutboxWorker(deps: OutboxDeps, transport: MessageTransport, opts: { intervalMs?: number; maxBatches?: number; delivery?: DeliveryOptions } = {}): OutboxWorker {
  const { intervalMs = 10_000, maxBatches = 10, delivery = {} } = opts;
  const batch = delivery.limit ?? 20;
  let current: Promise<void> | null = null;
  let stopped = false;

  const run = async () => {
    const queued = await dispatchNotifications(deps);
    const total: DeliveryReport = { claimed: 0, sent: 0, retrying: 0, failed: 0 };
    for (let i = 0; i < maxBatches && !stopped; i++) {
      const report = await deliverOutbox(deps, transport, { ...delivery, limit: batch });
      for (const k of Object.keys(total) as Array<keyof DeliveryReport>) total[k] += report[k];
      if (report.claimed < batch) break;
    }
    if (queued > 0 || total.claimed > 0) deps.logger.info('outbox', { queued, ...total });
  };

  const runNow = () => {
    if (stopped) return Promise.resolve();
    current ??= run()
      .catch((error: unknown) => deps.logger.error('outbox run failed', { error }))
      .finally(() => {
        current = null;
      });
    return current;
  };

  const timer = setInterval(() => void runNow(), intervalMs);
  timer.unref();
  return {
    runNow,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current;
    },
  };
}
