import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { sessions, users, type Role } from '../../db/schema';
import { DAY, type Clock } from '../lib/clock';
import { preparedFor } from '../lib/prepared';

/**
 * Sessions after the Lucia guide: a 160-bit random token lives only in the cookie; the database keeps
 * its SHA-256. Sliding 30-day expiry, extended when under 15 days remain, never beyond an absolute
 * 90 days from sign-in.
 */
export const SESSION_TTL_MS = 30 * DAY;
export const SESSION_RENEW_BELOW_MS = 15 * DAY;
export const SESSION_ABSOLUTE_MS = 90 * DAY;

export interface Session {
  id: string;
  userId: number;
  expiresAt: number;
  createdAt: number;
}

export interface SessionUser {
  id: number;
  phone: string;
  name: string;
  role: Role;
  tierCode: string | null;
  locale: 'zh' | 'en';
  mustChangePassword: boolean;
  cardCode: string;
}

export type SessionValidation =
  | { session: Session; user: SessionUser; renewed: boolean }
  | { session: null; user: null; renewed: false };

const TOKEN_RE = /^[a-z2-7]{32}$/;

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function isWellFormedToken(token: string): boolean {
  return TOKEN_RE.test(token);
}

export function sessionIdFromToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** The pure expiry rule: what to do with a session at `now`. */
export function sessionLifecycle(
  session: Pick<Session, 'expiresAt' | 'createdAt'>,
  now: number,
): { action: 'expire' } | { action: 'keep' } | { action: 'renew'; expiresAt: number } {
  const hardLimit = session.createdAt + SESSION_ABSOLUTE_MS;
  if (now >= session.expiresAt || now >= hardLimit) return { action: 'expire' };
  if (session.expiresAt - now < SESSION_RENEW_BELOW_MS) {
    const expiresAt = Math.min(now + SESSION_TTL_MS, hardLimit);
    if (expiresAt > session.expiresAt) return { action: 'renew', expiresAt };
  }
  return { action: 'keep' };
}

export async function createSession(deps: { db: DbOrTx; clock: Clock }, userId: number): Promise<{ token: string; session: Session }> {
  const token = generateSessionToken();
  const now = deps.clock.now();
  const session: Session = {
    id: sessionIdFromToken(token),
    userId,
    createdAt: now,
    expiresAt: Math.min(now + SESSION_TTL_MS, now + SESSION_ABSOLUTE_MS),
  };
  await deps.db.insert(sessions).values(session);
  return { token, session };
}

/** The session and its user, by session id: run on every request, so built once (src/lib/prepared.ts). */
const sessionWithUser = preparedFor((db: DbOrTx) =>
  db
    .select({
      session: sessions,
      user: {
        id: users.id,
        phone: users.phone,
        name: users.name,
        role: users.role,
        tierCode: users.tierCode,
        locale: users.locale,
        mustChangePassword: users.mustChangePassword,
        cardCode: users.cardCode,
        disabledAt: users.disabledAt,
      },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder('id')))
    .limit(1)
    .prepare(),
);

export async function validateSessionToken(deps: { db: DbOrTx; clock: Clock }, token: string): Promise<SessionValidation> {
  const none = { session: null, user: null, renewed: false } as const;
  if (!isWellFormedToken(token)) return none;
  const id = sessionIdFromToken(token);
  const row = (await sessionWithUser(deps.db).all({ id }))[0];
  if (!row) return none;
  const { disabledAt, ...user } = row.user;
  const life = sessionLifecycle(row.session, deps.clock.now());
  if (disabledAt !== null || life.action === 'expire') {
    await deps.db.delete(sessions).where(eq(sessions.id, id));
    return none;
  }
  if (life.action === 'renew') {
    await deps.db.update(sessions).set({ expiresAt: life.expiresAt }).where(eq(sessions.id, id));
    return { session: { ...row.session, expiresAt: life.expiresAt }, user, renewed: true };
  }
  return { session: row.session, user, renewed: false };
}

export async function invalidateSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function invalidateUserSessions(db: DbOrTx, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}
