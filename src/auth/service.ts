import { eq } from 'drizzle-orm';
import { users } from '../../db/schema';
import type { AppDeps } from '../lib/context';
import { audit } from '../lib/audit';
import { isValidPhone, normalizePhone } from '../lib/phone';
import { checkPasswordRules, type PasswordProblem } from './password';
import type { Actor } from './policy';
import { createSession, invalidateSession, invalidateUserSessions, type Session } from './session';
import { issueDeviceToken, trustedDeviceId } from './device';
import { bucketsClearedBySuccess, checkThrottle, clearThrottle, recordFailure, signInBuckets } from './throttle';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'passwords' | 'logger'>;

export type SignInResult =
  | { ok: true; token: string; session: Session; userId: number; role: Actor['role']; mustChangePassword: boolean; deviceToken: string }
  | { ok: false; error: 'invalid' }
  | { ok: false; error: 'disabled' }
  | { ok: false; error: 'throttled'; retryAfterMs: number };

/**
 * Checks in a fixed order: look up → is this browser a trusted device for the phone (src/auth/device.ts) → throttle
 * (the buckets that follow from that, src/auth/throttle.ts) → verify (a dummy verification for unknown phones, so both
 * cost the same) → count the failure in each bucket, or clear the pair's or device's → a fresh session and a renewed
 * device token. An unknown phone and a wrong password get the same answer.
 */
export async function signIn(deps: Deps, input: { phone: string; password: string; address: string; deviceTokens?: string[] }): Promise<SignInResult> {
  const phone = normalizePhone(input.phone);
  const user = isValidPhone(phone)
    ? (await deps.db.select().from(users).where(eq(users.phone, phone)).limit(1))[0]
    : undefined;
  const now = deps.clock.now();
  const deviceId = user ? trustedDeviceId(input.deviceTokens ?? [], user.phone, user.passwordHash, now) : null;
  const buckets = signInBuckets(phone, input.address, deviceId);
  const state = await checkThrottle(deps.db, buckets.map((b) => b.key), now);
  if (state.blocked) return { ok: false, error: 'throttled', retryAfterMs: state.retryAfterMs };

  const valid = user ? await deps.passwords.verify(user.passwordHash, input.password) : (await deps.passwords.verifyDummy(input.password), false);

  if (!user || !valid) {
    const at = deps.clock.now();
    for (const bucket of buckets) await recordFailure(deps.db, bucket.key, bucket.policy, at);
    deps.logger.info('sign-in failed', { reason: user ? 'password' : 'unknown-phone', device: deviceId !== null });
    return { ok: false, error: 'invalid' };
  }
  if (user.disabledAt !== null) return { ok: false, error: 'disabled' };

  await clearThrottle(deps.db, bucketsClearedBySuccess(phone, input.address, deviceId));
  const { token, session } = await createSession(deps, user.id);
  const deviceToken = issueDeviceToken(user.phone, user.passwordHash, deps.clock.now());
  return { ok: true, token, session, userId: user.id, role: user.role, mustChangePassword: user.mustChangePassword, deviceToken };
}

export async function signOut(deps: Pick<AppDeps, 'db'>, sessionId: string): Promise<void> {
  await invalidateSession(deps.db, sessionId);
}

export type ChangePasswordInput = { current: string; next: string; confirm: string };
export type ChangePasswordResult =
  | { ok: true; token: string; session: Session; deviceToken: string }
  | { ok: false; errors: Partial<Record<keyof ChangePasswordInput, PasswordProblem | 'password.wrongCurrent' | 'password.mismatch' | 'password.sameAsCurrent'>> };

/**
 * Changes the actor's own password. Every session of the account ends (other devices are signed out)
 * and a new one is issued for this device; the forced-change flag is cleared. Device tokens were signed with the old
 * hash and stop working, so this browser gets a new one.
 */
export async function changePassword(deps: Deps, actor: Actor, input: ChangePasswordInput): Promise<ChangePasswordResult> {
  const user = (await deps.db.select().from(users).where(eq(users.id, actor.id)).limit(1))[0];
  if (!user || user.disabledAt !== null) return { ok: false, errors: { current: 'password.wrongCurrent' } };

  const problem = checkPasswordRules(input.next, { phone: user.phone });
  if (problem) return { ok: false, errors: { next: problem } };
  if (input.next !== input.confirm) return { ok: false, errors: { confirm: 'password.mismatch' } };
  if (!(await deps.passwords.verify(user.passwordHash, input.current))) return { ok: false, errors: { current: 'password.wrongCurrent' } };
  if (input.next === input.current) return { ok: false, errors: { next: 'password.sameAsCurrent' } };

  const passwordHash = await deps.passwords.hash(input.next);
  const now = deps.clock.now();
  const { token, session } = await deps.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, passwordChangedAt: now, updatedAt: now })
      .where(eq(users.id, user.id));
    await audit(tx, actor, now, { action: 'user.password.changed', targetType: 'user', targetId: user.id, detail: { forced: user.mustChangePassword } });
    await invalidateUserSessions(tx, user.id);
    return createSession({ db: tx, clock: deps.clock }, user.id);
  });
  return { ok: true, token, session, deviceToken: issueDeviceToken(user.phone, passwordHash, now) };
}
