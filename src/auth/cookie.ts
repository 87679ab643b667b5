import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/** In production the cookie is `Secure` and `__Host-` prefixed (bound to our host, path /, no Domain). */
export function sessionCookieName(isProduction: boolean): string {
  return isProduction ? '__Host-vip_session' : 'vip_session';
}

export function readSessionCookie(c: Context, isProduction: boolean): string | undefined {
  return getCookie(c, sessionCookieName(isProduction));
}

export function setSessionCookie(c: Context, isProduction: boolean, token: string, expiresAt: number, now: number): void {
  setCookie(c, sessionCookieName(isProduction), token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: isProduction,
    maxAge: Math.max(0, Math.floor((expiresAt - now) / 1000)),
  });
}

export function deleteSessionCookie(c: Context, isProduction: boolean): void {
  deleteCookie(c, sessionCookieName(isProduction), { path: '/', secure: isProduction, httpOnly: true, sameSite: 'Lax' });
}

/** The device cookie (src/auth/device.ts): `__Host-` prefixed and `Secure` in production, like the session's. */
export function deviceCookieName(isProduction: boolean): string {
  return isProduction ? '__Host-vip_device' : 'vip_device';
}

export function readDeviceCookie(c: Context, isProduction: boolean): string | undefined {
  return getCookie(c, deviceCookieName(isProduction));
}

/** Sent only with same-site requests (SameSite=Strict): it matters only on our own sign-in form. */
export function setDeviceCookie(c: Context, isProduction: boolean, value: string, maxAgeMs: number): void {
  setCookie(c, deviceCookieName(isProduction), value, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: isProduction,
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}
