import { and, asc, count, eq, gt, isNotNull, isNull } from 'drizzle-orm';
import { dependents, sessions, tiers, users, type Role } from '../../db/schema';
import { generateServicePassword } from '../auth/password';
import type { Actor } from '../auth/policy';
import { invalidateUserSessions } from '../auth/session';
import type { DbOrTx } from '../db';
import { audit } from '../lib/audit';
import { randomCode } from '../lib/codes';
import type { AppDeps } from '../lib/context';
import { isValidPhone, normalizePhone } from '../lib/phone';
import { translator, type Locale } from '../lib/i18n';
import { err, ok, type Result } from '../lib/result';
import { queueDirectMessage } from '../notifications/outbox';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'passwords'>;
export type TierRow = typeof tiers.$inferSelect;

export interface MemberProfile {
  name: string;
  cardCode: string;
  tier: TierRow;
  children: Array<{ id: number; name: string; birthYear: number }>;
}

/** The signed-in member's own card, tier and children. */
export async function getMemberProfile(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<Result<MemberProfile, 'forbidden'>> {
  if (actor.role !== 'member') return err('forbidden');
  const row = (
    await deps.db
      .select({ name: users.name, cardCode: users.cardCode, tier: tiers })
      .from(users)
      .innerJoin(tiers, eq(tiers.code, users.tierCode))
      .where(eq(users.id, actor.id))
      .limit(1)
  )[0];
  if (!row) return err('forbidden');
  const children = await deps.db
    .select({ id: dependents.id, name: dependents.name, birthYear: dependents.birthYear })
    .from(dependents)
    .where(eq(dependents.userId, actor.id))
    .orderBy(asc(dependents.birthYear));
  return ok({ ...row, children });
}

export async function listTiers(deps: Pick<AppDeps, 'db'>): Promise<TierRow[]> {
  return deps.db.select().from(tiers).orderBy(asc(tiers.rank));
}

export interface EnrolInput {
  phone: string;
  name: string;
  /** members only: everyone else has no tier */
  tierCode?: string | null;
  locale: 'zh' | 'en';
  /** member unless said otherwise */
  role?: Role;
}

export type EnrolError = 'forbidden' | 'phone_invalid' | 'phone_taken' | 'tier_unknown';

/**
 * The text message carrying a one-time initial password, in the person's language. It goes through the outbox as a
 * direct message (never an inbox copy) and is redacted once delivered.
 */
export function initialPasswordSms(locale: Locale, password: string, kind: 'member' | 'staff' | 'reissued'): string {
  const t = translator(locale);
  if (kind === 'reissued') return t('admin.sms.reissued', { password });
  return t(kind === 'member' ? 'admin.sms.initialMember' : 'admin.sms.initialStaff', { password });
}

/**
 * Enrols a member (with a tier) or a staff account (coordinator, lounge staff, admin: no tier) with a one-time
 * 6-digit initial service password. The password is returned once for the admin to hand over, texted to the phone
 * through the outbox in the same transaction, and stored only as a hash; it must be changed at first sign-in.
 */
export async function enrolPerson(deps: Deps, actor: Actor, input: EnrolInput): Promise<Result<{ userId: number; phone: string; initialPassword: string }, EnrolError>> {
  if (actor.role !== 'admin') return err('forbidden');
  const role = input.role ?? 'member';
  const phone = normalizePhone(input.phone);
  if (!isValidPhone(phone)) return err('phone_invalid');
  let tierCode: string | null = null;
  if (role === 'member') {
    const tier = input.tierCode ? (await deps.db.select({ code: tiers.code }).from(tiers).where(eq(tiers.code, input.tierCode)).limit(1))[0] : undefined;
    if (!tier) return err('tier_unknown');
    tierCode = tier.code;
  }
  const taken = (await deps.db.select({ id: users.id }).from(users).where(eq(users.phone, phone)).limit(1))[0];
  if (taken) return err('phone_taken');

  const initialPassword = generateServicePassword();
  const passwordHash = await deps.passwords.hashInitial(initialPassword);
  const now = deps.clock.now();
  const userId = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ phone, name: input.name, passwordHash, role, tierCode, locale: input.locale, mustChangePassword: true, cardCode: randomCode(), createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (!row) return null; // enrolled by someone else a moment ago
    await queueDirectMessage(tx, now, { userId: row.id, channel: 'sms', destination: phone, text: initialPasswordSms(input.locale, initialPassword, role === 'member' ? 'member' : 'staff') });
    await audit(tx, actor, now, role === 'member' ? { action: 'member.enrolled', targetType: 'user', targetId: row.id, detail: { tier: tierCode } } : { action: 'staff.enrolled', targetType: 'user', targetId: row.id, detail: { role } });
    return row.id;
  });
  if (userId === null) return err('phone_taken');
  return ok({ userId, phone, initialPassword });
}

/** Enrols a member with a tier (see enrolPerson). */
export async function enrolMember(deps: Deps, actor: Actor, input: EnrolInput & { tierCode: string }): Promise<Result<{ userId: number; phone: string; initialPassword: string }, EnrolError>> {
  return enrolPerson(deps, actor, { ...input, role: 'member' });
}

/** Sessions of the account that are still valid. */
export async function activeSessionCount(db: DbOrTx, userId: number, now: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(sessions).where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)));
  return row?.n ?? 0;
}

/**
 * Disables or re-enables an account. Disabling ends every session at once and cancels nothing: bookings,
 * registrations and club places stay as they are (the admin is shown them before confirming). Asking for the
 * state the account is already in changes nothing and records nothing.
 */
export async function setUserDisabled(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  userId: number,
  disabled: boolean,
): Promise<Result<{ changed: boolean; sessionsEnded: number }, 'forbidden' | 'not_found' | 'self'>> {
  if (actor.role !== 'admin') return err('forbidden');
  if (actor.id === userId) return err('self');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [exists] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!exists) return err('not_found');
    const [row] = await tx
      .update(users)
      .set({ disabledAt: disabled ? now : null, updatedAt: now })
      .where(and(eq(users.id, userId), disabled ? isNull(users.disabledAt) : isNotNull(users.disabledAt)))
      .returning({ id: users.id });
    if (!row) return ok({ changed: false, sessionsEnded: 0 });
    const sessionsEnded = disabled ? await activeSessionCount(tx, userId, now) : 0;
    if (disabled) await invalidateUserSessions(tx, userId);
    await audit(tx, actor, now, { action: disabled ? 'user.disabled' : 'user.enabled', targetType: 'user', targetId: userId, ...(disabled ? { detail: { sessionsEnded } } : {}) });
    return ok({ changed: true, sessionsEnded });
  });
}

export type ReissueError = 'forbidden' | 'not_found' | 'self' | 'disabled';

/**
 * Replaces an account's password with a new one-time initial password: the old one stops working, every session
 * ends, the person must choose their own at next sign-in, and the new one is texted to them (same transaction).
 * Not for one's own account (use the password page) nor for a disabled one (enable it first).
 */
export async function reissueInitialPassword(
  deps: Deps,
  actor: Actor,
  userId: number,
): Promise<Result<{ initialPassword: string; name: string; phone: string; role: Role; sessionsEnded: number }, ReissueError>> {
  if (actor.role !== 'admin') return err('forbidden');
  if (actor.id === userId) return err('self');
  const [user] = await deps.db.select({ id: users.id, disabledAt: users.disabledAt }).from(users).where(eq(users.id, userId));
  if (!user) return err('not_found');
  if (user.disabledAt !== null) return err('disabled');
  const initialPassword = generateServicePassword();
  const passwordHash = await deps.passwords.hashInitial(initialPassword);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: true, passwordChangedAt: now, updatedAt: now })
      .where(and(eq(users.id, userId), isNull(users.disabledAt)))
      .returning({ name: users.name, phone: users.phone, locale: users.locale, role: users.role });
    if (!row) return err('disabled'); // disabled a moment ago
    const sessionsEnded = await activeSessionCount(tx, userId, now);
    await invalidateUserSessions(tx, userId);
    await queueDirectMessage(tx, now, { userId, channel: 'sms', destination: row.phone, text: initialPasswordSms(row.locale, initialPassword, 'reissued') });
    await audit(tx, actor, now, { action: 'user.password.reissued', targetType: 'user', targetId: userId, detail: { sessionsEnded } });
    return ok({ initialPassword, name: row.name, phone: row.phone, role: row.role, sessionsEnded });
  });
}
