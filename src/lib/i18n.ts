import { messages, type MessageKey } from '../messages/index';
import type { MessageText } from '../messages/define';

export const LOCALES = ['zh', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh';

export type { MessageKey };
export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function isLocale(value: unknown): value is Locale {
  return value === 'zh' || value === 'en';
}

/** Narrows any string to a supported locale, falling back to the default (Chinese). */
export function toLocale(value: string | null | undefined): Locale {
  if (!value) return DEFAULT_LOCALE;
  const base = value.trim().toLowerCase().split(/[-_]/)[0];
  return isLocale(base) ? base : DEFAULT_LOCALE;
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(messages, key);
}

const pluralRules = new Intl.PluralRules('en');

function pick(text: MessageText, locale: Locale, params: MessageParams | undefined): string {
  if (locale === 'zh') return text.zh;
  const en = text.en;
  if (typeof en === 'string') return en;
  const count = Number(params?.count ?? 0);
  return pluralRules.select(count) === 'one' ? en.one : en.other;
}

function interpolate(template: string, params: MessageParams | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/**
 * Returns the translator for a locale. An unknown key (only possible through a dynamic key)
 * shows the key itself rather than nothing, so the gap is visible and reported once.
 */
export function translator(locale: Locale, onMissing?: (key: string) => void): Translate {
  return (key, params) => {
    const text = (messages as Record<string, MessageText | undefined>)[key];
    if (!text) {
      onMissing?.(key);
      return key;
    }
    const chosen = pick(text, locale, params);
    // An empty translation falls back to the other language rather than showing a blank.
    const value = chosen === '' ? pick(text, locale === 'zh' ? 'en' : 'zh', params) : chosen;
    return interpolate(value, params);
  };
}
