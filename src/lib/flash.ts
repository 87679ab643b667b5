import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { isMessageKey, type MessageKey, type MessageParams, type Translate } from './i18n';
import type { Flash } from '../../views/ui';

/**
 * One-shot messages shown after a POST + redirect ("Password changed"). The cookie holds a dictionary
 * key (checked on the way back) and optional parameters; the text is rendered, escaped, in the language
 * of the page that shows it.
 */
const COOKIE = 'vip_flash';

export function setFlash(c: Context, kind: Flash['kind'], key: MessageKey, params?: MessageParams): void {
  setCookie(c, COOKIE, JSON.stringify({ kind, key, params }), { path: '/', httpOnly: true, sameSite: 'Lax', maxAge: 120 });
}

export function takeFlash(c: Context, t: Translate): Flash | null {
  const raw = getCookie(c, COOKIE);
  if (raw === undefined) return null;
  deleteCookie(c, COOKIE, { path: '/' });
  try {
    const value = JSON.parse(raw) as { kind?: unknown; key?: unknown; params?: unknown };
    const kind = value.kind === 'success' || value.kind === 'info' || value.kind === 'error' ? value.kind : null;
    if (!kind || typeof value.key !== 'string' || !isMessageKey(value.key)) return null;
    const params =
      value.params && typeof value.params === 'object'
        ? Object.fromEntries(
            Object.entries(value.params as Record<string, unknown>).filter(([, v]) => typeof v === 'string' || typeof v === 'number'),
          )
        : undefined;
    return { kind, message: t(value.key, params as MessageParams | undefined) };
  } catch {
    return null;
  }
}
