import { eq } from 'drizzle-orm';
import { users } from '../../db/schema';
import type { Actor } from '../auth/policy';
import { audit } from '../lib/audit';
import type { AppDeps } from '../lib/context';
import { maskPhone } from '../lib/phone';
import { err, ok, type Result } from '../lib/result';

/** Which channels a person gets notices on besides the inbox. Everyone edits their own, and only their own. */

export interface NotificationPreferences {
  phoneMasked: string;
  email: string | null;
  sms: boolean;
  emailEnabled: boolean;
}

export interface PreferencesInput {
  /** null or '' clears the address */
  email: string | null;
  sms: boolean;
  emailEnabled: boolean;
}

export type PreferencesError = 'not_found' | 'email_required';

const columns = { phone: users.phone, email: users.email, sms: users.notifySms, emailEnabled: users.notifyEmail };

function view(row: { phone: string; email: string | null; sms: boolean; emailEnabled: boolean }): NotificationPreferences {
  return { phoneMasked: maskPhone(row.phone), email: row.email, sms: row.sms, emailEnabled: row.emailEnabled };
}

export async function getPreferences(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<Result<NotificationPreferences, 'not_found'>> {
  const [row] = await deps.db.select(columns).from(users).where(eq(users.id, actor.id));
  return row ? ok(view(row)) : err('not_found');
}

/** Saves the actor's channels. E-mail cannot be on without an address to send to. */
export async function savePreferences(deps: Pick<AppDeps, 'db' | 'clock'>, actor: Actor, input: PreferencesInput): Promise<Result<NotificationPreferences, PreferencesError>> {
  const email = input.email?.trim() || null;
  if (input.emailEnabled && email === null) return err('email_required');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [before] = await tx.select(columns).from(users).where(eq(users.id, actor.id));
    if (!before) return err('not_found');
    const [row] = await tx.update(users).set({ email, notifySms: input.sms, notifyEmail: input.emailEnabled, updatedAt: now }).where(eq(users.id, actor.id)).returning(columns);
    // the address itself stays out of the audit log: whether it changed is what matters
    await audit(tx, actor, now, {
      action: 'user.notifications.changed',
      targetType: 'user',
      targetId: actor.id,
      detail: { sms: input.sms, email: input.emailEnabled, addressChanged: before.email !== email },
    });
    return ok(view(row!));
  });
}
