import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { detectFromCookie, detectFromHeader, detectFromQuery, type DetectorOptions } from 'hono/language';
import type { AppEnv } from './context';
import { DEFAULT_LOCALE, LOCALES, type Locale } from './i18n';

export const LANG_COOKIE = 'vip_lang';

const options = {
  order: ['querystring', 'cookie', 'header'],
  lookupQueryString: 'lang',
  lookupCookie: LANG_COOKIE,
  lookupFromHeaderKey: 'accept-language',
  lookupFromPathIndex: 0,
  caches: false,
  ignoreCase: true,
  fallbackLanguage: DEFAULT_LOCALE,
  supportedLanguages: [...LOCALES],
  cookieOptions: {},
  debug: false,
} satisfies DetectorOptions;

/** Remembers a language for this browser for a year (the page language only; the account's is changed at /account). */
export function setLangCookie(c: Context, locale: Locale, secure: boolean): void {
  setCookie(c, LANG_COOKIE, locale, { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'Lax', httpOnly: true, secure });
}

/**
 * Chooses the page language: `?lang=` (then remembered in a cookie for a year), else the cookie,
 * else Accept-Language, else Chinese. Hono's detectors parse and match; we decide when to remember.
 */
export function localeMiddleware(opts: { secure: boolean }) {
  return createMiddleware<AppEnv>(async function locale(c, next) {
    const fromQuery = detectFromQuery(c, options) as Locale | undefined;
    const locale = (fromQuery ?? detectFromCookie(c, options) ?? detectFromHeader(c, options) ?? DEFAULT_LOCALE) as Locale;
    if (fromQuery) {
      setLangCookie(c, fromQuery, opts.secure);
    }
    c.set('locale', locale);
    c.set('localeChosen', fromQuery !== undefined);
    await next();
  });
}
