import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import {
  generateSessionToken,
  isWellFormedToken,
  sessionIdFromToken,
  sessionLifecycle,
  SESSION_ABSOLUTE_MS,
  SESSION_RENEW_BELOW_MS,
  SESSION_TTL_MS,
} from '../../../src/auth/session';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 10, 26, 2, 0);

describe('session constants', () => {
  it('are 30 days sliding, renew below 15 days, 90 days absolute', () => {
    expect(SESSION_TTL_MS).toBe(2_592_000_000);
    expect(SESSION_RENEW_BELOW_MS).toBe(1_296_000_000);
    expect(SESSION_ABSOLUTE_MS).toBe(7_776_000_000);
  });
});

describe('sessionLifecycle', () => {
  it('keeps a fresh session', () => {
    expect(sessionLifecycle({ createdAt: T0, expiresAt: T0 + 30 * DAY }, T0)).toEqual({ action: 'keep' });
  });

  it('keeps a session with 16 days left', () => {
    expect(sessionLifecycle({ createdAt: T0, expiresAt: T0 + 30 * DAY }, T0 + 14 * DAY)).toEqual({ action: 'keep' });
  });

  it('keeps a session with exactly 15 days left (renewal is strictly below 15 days)', () => {
    expect(sessionLifecycle({ createdAt: T0, expiresAt: T0 + 30 * DAY }, T0 + 15 * DAY)).toEqual({ action: 'keep' });
  });

  it('renews a session with 14 days left to now + 30 days', () => {
    const now = T0 + 16 * DAY;
    expect(sessionLifecycle({ createdAt: T0, expiresAt: T0 + 30 * DAY }, now)).toEqual({
      action: 'renew',
      expiresAt: T0 + 46 * DAY,
    });
  });

  it('caps a renewal at createdAt + 90 days', () => {
    const now = T0 + 70 * DAY;
    expect(sessionLifecycle({ createdAt: T0, expiresAt: T0 + 75 * DAY }, now)).toEqual({
      action: 'renew',
      expiresAt: T0 + 90 * DAY,
    });
  });

  it('expires at the expiry instant and after it', () => {
    const session = { createdAt: T0, expiresAt: T0 + 30 * DAY };
    expect(sessionLifecycle(session, T0 + 30 * DAY)).toEqual({ action: 'expire' });
    expect(sessionLifecycle(session, T0 + 30 * DAY + 1)).toEqual({ action: 'expire' });
    expect(sessionLifecycle(session, T0 + 30 * DAY - 1)).toEqual({ action: 'renew', expiresAt: T0 + 60 * DAY - 1 });
  });

  it('expires at createdAt + 90 days even when expiresAt is later', () => {
    const session = { createdAt: T0, expiresAt: T0 + 100 * DAY };
    expect(sessionLifecycle(session, T0 + 90 * DAY)).toEqual({ action: 'expire' });
    expect(sessionLifecycle(session, T0 + 90 * DAY - 1)).toEqual({ action: 'keep' });
  });

  it('keeps (does not renew) when the capped renewal would not move the expiry forward', () => {
    const session = { createdAt: T0, expiresAt: T0 + 90 * DAY };
    expect(sessionLifecycle(session, T0 + 80 * DAY)).toEqual({ action: 'keep' });
  });
});

describe('session tokens', () => {
  it('are 32 lower-case base32 characters (160 bits)', () => {
    for (let i = 0; i < 50; i++) expect(generateSessionToken()).toMatch(/^[a-z2-7]{32}$/);
  });

  it('differ on every call', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => generateSessionToken()));
    expect(tokens.size).toBe(200);
  });

  it('isWellFormedToken accepts a generated token and refuses anything else', () => {
    expect(isWellFormedToken(generateSessionToken())).toBe(true);
    expect(isWellFormedToken('abcdefghijklmnopqrstuvwxyz234567')).toBe(true);
    expect(isWellFormedToken('')).toBe(false);
    expect(isWellFormedToken('abcdefghijklmnopqrstuvwxyz23456')).toBe(false); // 31
    expect(isWellFormedToken('abcdefghijklmnopqrstuvwxyz2345678')).toBe(false); // 33
    expect(isWellFormedToken('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')).toBe(false);
    expect(isWellFormedToken('abcdefghijklmnopqrstuvwxyz234501')).toBe(false); // 0 and 1 are not base32
    expect(isWellFormedToken('abcdefghijklmnopqrstuvwxyz234567\n')).toBe(false);
  });

  it('sessionIdFromToken is the SHA-256 of the token in lower-case hex', () => {
    const token = 'abcdefghijklmnopqrstuvwxyz234567';
    const expected = createHash('sha256').update(token, 'utf8').digest('hex');
    expect(sessionIdFromToken(token)).toBe(expected);
    expect(sessionIdFromToken(token)).toMatch(/^[0-9a-f]{64}$/);
    const other = generateSessionToken();
    expect(sessionIdFromToken(other)).toBe(createHash('sha256').update(other, 'utf8').digest('hex'));
    expect(sessionIdFromToken(other)).not.toBe(other);
  });
});
