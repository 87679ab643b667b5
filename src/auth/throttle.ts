import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { loginThrottles } from '../../db/schema';
import { HOUR, MINUTE } from '../lib/clock';

/**
 * Sign-in throttling kept in the database, so it holds across processes and restarts.
 * Each key (a phone number, a client address) gets some free failures inside a window; after that
 * every failure doubles the wait, up to a cap. A success clears the phone's bucket, never the address's
 * (otherwise one valid account would let an attacker reset the address limit).
 */
export interface ThrottlePolicy {
  free: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** failures older than this no longer count */
  windowMs: number;
}

export const PHONE_POLICY: ThrottlePolicy = { free: 5, baseDelayMs: 1000, maxDelayMs: 15 * MINUTE, windowMs: HOUR };
/** Addresses are shared (mobile carriers use carrier-grade NAT), so they get more room. */
export const ADDRESS_POLICY: ThrottlePolicy = { free: 30, baseDelayMs: 1000, maxDelayMs: 15 * MINUTE, windowMs: HOUR };

export const phoneKey = (phone: string) => `phone:${phone}`;
export const addressKey = (address: string) => `ip:${address}`;

/** The pure rule: how long to block after the n-th failure in a window. */
export function throttleDelay(failures: number, policy: ThrottlePolicy): number {
  if (failures <= policy.free) return 0;
  const exponent = Math.min(failures - policy.free - 1, 30);
  return Math.min(policy.baseDelayMs * 2 ** exponent, policy.maxDelayMs);
}

export type ThrottleState = { blocked: false } | { blocked: true; retryAfterMs: number };

export async function checkThrottle(db: Db, keys: string[], now: number): Promise<ThrottleState> {
  const rows = await db
    .select({ blockedUntil: loginThrottles.blockedUntil })
    .from(loginThrottles)
    .where(inArray(loginThrottles.key, keys));
  const until = Math.max(0, ...rows.map((r) => r.blockedUntil));
  return until > now ? { blocked: true, retryAfterMs: until - now } : { blocked: false };
}

/** Counts one failure atomically (one upsert) and sets the block that follows from it. */
export async function recordFailure(db: Db, key: string, policy: ThrottlePolicy, now: number): Promise<number> {
  const windowStart = now - policy.windowMs;
  const newFailures = sql`CASE WHEN ${loginThrottles.lastFailureAt} < ${windowStart} THEN 1 ELSE ${loginThrottles.failures} + 1 END`;
  const [row] = await db
    .insert(loginThrottles)
    .values({ key, failures: 1, lastFailureAt: now, blockedUntil: now + throttleDelay(1, policy) })
    .onConflictDoUpdate({
      target: loginThrottles.key,
      set: { failures: newFailures, lastFailureAt: now },
    })
    .returning({ failures: loginThrottles.failures });
  const failures = row?.failures ?? 1;
  const delay = throttleDelay(failures, policy);
  if (delay > 0) {
    await db
      .update(loginThrottles)
      .set({ blockedUntil: sql`max(${loginThrottles.blockedUntil}, ${now + delay})` })
      .where(sql`${loginThrottles.key} = ${key}`);
  }
  return failures;
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.delete(loginThrottles).where(sql`${loginThrottles.key} = ${key}`);
}

/** Removes buckets nobody has failed in for a day; run by the housekeeping job. */
export async function pruneThrottles(db: Db, now: number): Promise<void> {
  await db.delete(loginThrottles).where(sql`${loginThrottles.lastFailureAt} < ${now - 24 * HOUR} AND ${loginThrottles.blockedUntil} < ${now}`);
}
