import type { Context } from 'hono';
import { sectionsFor, type Section } from '../auth/policy';
import type { AppEnv } from './context';
import { LOCALES, translator, type Locale, type MessageKey } from './i18n';
import { takeFlash } from './flash';
import { createTimeFormat } from './time';
import type { Logger } from './log';
import type { NavItem, Ui } from '../../views/ui';

const sectionLabel: Record<Section, MessageKey> = {
  clubs: 'nav.clubs',
  events: 'nav.events',
  lounges: 'nav.lounges',
  me: 'nav.me',
  coordinator: 'nav.coordinator',
  desk: 'nav.desk',
  admin: 'nav.admin',
};

/** The URL of the current page in another language (the `lang` parameter replaced, the rest kept). */
export function languageHref(url: URL, locale: Locale): string {
  const params = new URLSearchParams(url.search);
  params.delete('lang');
  params.set('lang', locale);
  return `${url.pathname}?${params.toString()}`;
}

function currentPath(url: URL): string {
  const params = new URLSearchParams(url.search);
  params.delete('lang');
  const q = params.toString();
  return q ? `${url.pathname}?${q}` : url.pathname;
}

/** Just the language and translator, for handlers that word a message but render no page (the flash is left alone). */
export function requestText(c: Context<AppEnv>, deps: { logger: Logger }): { locale: Locale; t: ReturnType<typeof translator> } {
  const locale = c.get('locale') ?? 'zh';
  return { locale, t: translator(locale, (key) => deps.logger.warn('missing message', { key })) };
}

/** Builds the per-request view context: language, formatting, navigation for the role, flash. */
export function buildUi(c: Context<AppEnv>, deps: { config: { timeZone: string }; logger: Logger }): Ui {
  const locale = c.get('locale') ?? 'zh';
  const t = translator(locale, (key) => deps.logger.warn('missing message', { key }));
  const url = new URL(c.req.url);
  const user = c.get('user') ?? null;
  const assetUrls = c.get('assetUrls') ?? {};
  // While a one-time password must be replaced there is nowhere else to go, so no navigation is offered.
  const nav: NavItem[] = user && !user.mustChangePassword
    ? sectionsFor(user.role).map((s) => {
        const href = `/${s}`;
        return { href, label: t(sectionLabel[s]), current: url.pathname === href || url.pathname.startsWith(`${href}/`) };
      })
    : [];
  return {
    locale,
    t,
    fmt: createTimeFormat(locale, deps.config.timeZone),
    nonce: c.get('secureHeadersNonce') ?? '',
    path: currentPath(url),
    langHref: Object.fromEntries(LOCALES.map((l) => [l, languageHref(url, l)])) as Record<Locale, string>,
    asset: (name) => assetUrls[name] ?? `/assets/missing/${name}`,
    user: user ? { name: user.name, role: user.role } : null,
    unread: c.get('unread') ?? 0,
    nav,
    flash: takeFlash(c, t),
  };
}
