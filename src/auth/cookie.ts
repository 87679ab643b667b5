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
