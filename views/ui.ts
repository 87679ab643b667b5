import type { Role } from '../db/schema';
import type { Locale, Translate } from '../src/lib/i18n';
import type { TimeFormat } from '../src/lib/time';

export interface NavItem {
  href: string;
  label: string;
  current: boolean;
}

export interface Flash {
  kind: 'success' | 'info' | 'error';
  message: string;
}

/** What every page needs besides its own data. Built per request by src/lib/ui.ts; views only read it. */
export interface Ui {
  locale: Locale;
  t: Translate;
  fmt: TimeFormat;
  /** CSP nonce for this response */
  nonce: string;
  /** current path and query, for the language switch and sign-in return */
  path: string;
  langHref: Record<Locale, string>;
  asset: (name: string) => string;
  user: { name: string; role: Role } | null;
  /** unread inbox messages */
  unread: number;
  nav: NavItem[];
  flash: Flash | null;
}

/** Chooses the Chinese or English variant of a bilingual field. */
export function pick(ui: Pick<Ui, 'locale'>, zh: string, en: string): string {
  return ui.locale === 'zh' ? zh : en;
}
