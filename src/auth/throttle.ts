import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { loginThrottles } from '../../db/schema';
import { HOUR, MINUTE } from '../lib/clock';

/**
 * Sign-in throttling kept in the database, so it holds across processes and restarts.
 * Each key (a bucket) gets some free failures inside a window; after that every failure doubles the wait, up to a cap.
 * Which buckets judge an attempt (signInBuckets) depends on whether the browser is a trusted device for the phone
 * (src/auth/device.ts); a failure counts in every bucket that judged it.
 *
 * - An untrusted browser: the phone at this address (strict), the address (many phones from one place), and the phone
 *   from anywhere (a much higher threshold, against guessing spread over many addresses). A stranger's failures at one
 *   address therefore never block the owner at another, until they add up to a distributed attack.
 * - A trusted device (a valid device cookie for the phone, issued at an earlier sign-in): its own bucket only, as
 *   strict as the pair's. Nobody else can fail in it, so the owner is slowed only by their own mistakes.
 *
 * A success clears the pair's or the device's bucket (whichever judged it), never the address's (otherwise one valid
 * account would let an attacker reset the address limit) nor the phone-wide one (an owner signing in must not reset a
 * distributed attack).
 */
export interface ThrottlePolicy {
  free: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** failures older than this no longer count */
  windowMs: number;
}

/** One phone from one address: 5 free failures an hour, then 1 s, 2 s, 4 s … up to 15 min. */
export const PAIR_POLICY: ThrottlePolicy = { free: 5, baseDelayMs: 1000, maxDelayMs: 15 * MINUTE, windowMs: HOUR };
/** A trusted device's own bucket: as strict as the pair (it only matters if the cookie was stolen). */
export const DEVICE_POLICY: ThrottlePolicy = { free: 5, baseDelayMs: 1000, maxDelayMs: 15 * MINUTE, windowMs: HOUR };
/** Addresses are shared (mobile carriers use carrier-grade NAT), so they get more room. */
export const ADDRESS_POLICY: ThrottlePolicy = { free: 30, baseDelayMs: 1000, maxDelayMs: 15 * MINUTE, windowMs: HOUR };
/**
 * One phone from any untrusted browser: ten pairs' worth of free failures, then doubling as for the others — a guess
 * spread over many addresses gets ~60 tries in its first hour and ~4 an hour after that (OWASP ASVS: at most 100 an hour).
 */
export const PHONE_POLICY: ThrottlePolicy = { free: 50, baseDelayMs: 1000, maxDelayMs: 15 * MINUTE, windowMs: HOUR };

export const phoneKey = (phone: string) => `phone:${phone}`;
export const addressKey = (address: string) => `ip:${address}`;
export const pairKey = (phone: string, address: string) => `pair:${phone}@${address}`;
export const deviceKey = (phone: string, deviceId: string) => `device:${phone}:${deviceId}`;

export interface Bucket {
  key: string;
  policy: ThrottlePolicy;
}

/** The buckets that judge (and count) a sign-in attempt; `deviceId` is set only for a valid device cookie of this phone. */
export function signInBuckets(phone: string, address: string, deviceId: string | null): Bucket[] {
  if (deviceId !== null) return [{ key: deviceKey(phone, deviceId), policy: DEVICE_POLICY }];
  return [
    { key: pairKey(phone, address), policy: PAIR_POLICY },
    { key: addressKey(address), policy: ADDRESS_POLICY },
    { key: phoneKey(phone), policy: PHONE_POLICY },
  ];
}

/**
 * What a success clears: the one bucket of its own that judged it — the device's, or the phone's at this address —
 * never the address's nor the phone-wide one. (A trusted device leaves the pair alone: a stranger behind the same
 * address keeps their wait.)
 */
export function bucketsClearedBySuccess(phone: string, address: string, deviceId: string | null): string[] {
  return deviceId !== null ? [deviceKey(phone, deviceId)] : [pairKey(phone, address)];
}

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

export async function clearThrottle(db: Db, keys: string[]): Promise<void> {
  if (keys.length) await db.delete(loginThrottles).where(inArray(loginThrottles.key, keys));
}

/** Removes buckets nobody has failed in for a day; run by the housekeeping job. */
export async function pruneThrottles(db: Db, now: number): Promise<void> {
  await db.delete(loginThrottles).where(sql`${loginThrottles.lastFailureAt} < ${now - 24 * HOUR} AND ${loginThrottles.blockedUntil} < ${now}`);
}
