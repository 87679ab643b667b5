import { asc, eq } from 'drizzle-orm';
import { dependents, tiers, users } from '../../db/schema';
import { generateServicePassword } from '../auth/password';
import type { Actor } from '../auth/policy';
import { invalidateUserSessions } from '../auth/session';
import { audit } from '../lib/audit';
import { randomCode } from '../lib/codes';
import type { AppDeps } from '../lib/context';
import { isValidPhone, normalizePhone } from '../lib/phone';
import { err, ok, type Result } from '../lib/result';

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
  tierCode: string;
  locale: 'zh' | 'en';
}

export type EnrolError = 'forbidden' | 'phone_invalid' | 'phone_taken' | 'tier_unknown';

/**
 * Enrols a member with a one-time 6-digit initial service password, returned once for the admin to
 * hand over and never stored in the clear. The member must choose their own password at first sign-in.
 */
export async function enrolMember(
  deps: Deps,
  actor: Actor,
  input: EnrolInput,
): Promise<Result<{ userId: number; initialPassword: string }, EnrolError>> {
  if (actor.role !== 'admin') return err('forbidden');
  const phone = normalizePhone(input.phone);
  if (!isValidPhone(phone)) return err('phone_invalid');
  const tier = (await deps.db.select({ code: tiers.code }).from(tiers).where(eq(tiers.code, input.tierCode)).limit(1))[0];
  if (!tier) return err('tier_unknown');
  const taken = (await deps.db.select({ id: users.id }).from(users).where(eq(users.phone, phone)).limit(1))[0];
  if (taken) return err('phone_taken');

  const initialPassword = generateServicePassword();
  const passwordHash = await deps.passwords.hash(initialPassword);
  const now = deps.clock.now();
  const userId = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({
        phone,
        name: input.name,
        passwordHash,
        role: 'member',
        tierCode: tier.code,
        locale: input.locale,
        mustChangePassword: true,
        cardCode: randomCode(),
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (!row) return null; // enrolled by someone else a moment ago
    await audit(tx, actor, now, { action: 'member.enrolled', targetType: 'user', targetId: row.id, detail: { tier: tier.code } });
    return row.id;
  });
  if (userId === null) return err('phone_taken');
  return ok({ userId, initialPassword });
}

/** Disables or re-enables an account; disabling ends every session at once. */
export async function setUserDisabled(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  userId: number,
  disabled: boolean,
): Promise<Result<null, 'forbidden' | 'not_found' | 'self'>> {
  if (actor.role !== 'admin') return err('forbidden');
  if (actor.id === userId) return err('self');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ disabledAt: disabled ? now : null, updatedAt: now })
      .where(eq(users.id, userId))
      .returning({ id: users.id });
    if (!row) return err('not_found');
    if (disabled) await invalidateUserSessions(tx, userId);
    await audit(tx, actor, now, { action: disabled ? 'user.disabled' : 'user.enabled', targetType: 'user', targetId: userId });
    return ok(null);
  });
}
