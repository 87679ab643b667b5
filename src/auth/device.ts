import { createHmac, timingSafeEqual } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { DAY } from '../lib/clock';

/**
 * Device cookies (OWASP "Slow down online guessing attacks with device cookies"): a browser that has signed in as a
 * phone gets a token naming that phone, and later sign-ins for that phone from it are judged by the device's own
 * throttle bucket instead of the buckets a stranger can fill (src/auth/throttle.ts). So a stranger who guesses at a
 * member's phone — from one address or from many — cannot lock the owner out of the browser they use.
 *
 * A token is `phone.issuedAt.nonce.mac`: the mac is HMAC-SHA256 keyed with the account's stored password hash (an
 * argon2 string with its own random salt, known only to the server), so there is no new secret to configure or share
 * between processes, a token is worthless for any other phone, and every token of an account stops working when its
 * password changes (a new one is issued with the change). Tokens last DEVICE_TTL_MS from issue and are renewed at
 * every sign-in; the nonce names the device's throttle bucket. One cookie holds the tokens of up to MAX_DEVICE_TOKENS
 * phones (a shared family computer), the most recent first.
 */
export const DEVICE_TTL_MS = 180 * DAY;
export const MAX_DEVICE_TOKENS = 4;

const TOKEN_RE = /^(1[3-9]\d{9})\.(\d{1,16})\.([a-z2-7]{26})\.([0-9a-f]{64})$/;

function mac(passwordHash: string, phone: string, issuedAt: number, nonce: string): string {
  return createHmac('sha256', passwordHash).update(`vip-device:v1:${phone}:${issuedAt}:${nonce}`).digest('hex');
}

export function issueDeviceToken(phone: string, passwordHash: string, now: number): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  const nonce = encodeBase32LowerCaseNoPadding(bytes);
  return `${phone}.${now}.${nonce}.${mac(passwordHash, phone, now, nonce)}`;
}

/** The cookie's value split into its tokens (at most MAX_DEVICE_TOKENS are looked at). */
export function deviceTokensOf(cookie: string | undefined): string[] {
  return (cookie ?? '').split('~').filter(Boolean).slice(0, MAX_DEVICE_TOKENS);
}

/**
 * The device id (the nonce) of the first token that is valid for this phone and account, else null. A token for
 * another phone, a changed or forged one, one signed with an earlier password, or one past its lifetime is not.
 */
export function trustedDeviceId(tokens: string[], phone: string, passwordHash: string, now: number): string | null {
  for (const token of tokens) {
    const m = TOKEN_RE.exec(token);
    if (!m || m[1] !== phone) continue;
    const issuedAt = Number(m[2]);
    if (!(issuedAt <= now && now - issuedAt < DEVICE_TTL_MS)) continue;
    const expected = Buffer.from(mac(passwordHash, phone, issuedAt, m[3]!), 'hex');
    if (timingSafeEqual(expected, Buffer.from(m[4]!, 'hex'))) return m[3]!;
  }
  return null;
}

/** The cookie's new value: this token first, the same phone's older token dropped, at most MAX_DEVICE_TOKENS. */
export function withDeviceToken(tokens: string[], token: string): string {
  const phone = token.split('.')[0];
  const others = tokens.filter((t) => TOKEN_RE.test(t) && t.split('.')[0] !== phone);
  return [token, ...others].slice(0, MAX_DEVICE_TOKENS).join('~');
}
