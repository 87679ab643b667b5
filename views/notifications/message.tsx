import type { InboxItem } from '../../src/notifications/service';
import type { Locale, MessageKey, Translate } from '../../src/lib/i18n';
import type { TimeFormat } from '../../src/lib/time';
import { pick, type Ui } from '../ui';

/** What wording a message needs: the reader's language, its translator and time formats. A page's `ui` is one. */
export interface Wording {
  locale: Locale;
  t: Translate;
  fmt: Pick<TimeFormat, 'dateTime'>;
}

/** The parts of a notification its wording depends on. */
export type WordedNotification = Pick<InboxItem, 'kind' | 'params'>;

/**
 * A system message worded in the reader's language. Names travel in both languages as pairs of parameters
 * (clubZh/clubEn, eventZh/eventEn …); each pair becomes one parameter (club, event …) in the reader's language,
 * and instants (slotStart) become times in the programme's zone. Used by the inbox and by SMS / e-mail.
 */
export function wordNotification(w: Wording, n: WordedNotification): string {
  return w.t(`notify.${n.kind}` as MessageKey, wordedParams(w, n));
}

/** A message's parameters in the reader's language: each name pair as one name, instants as local times. */
export function wordedParams(w: Wording, n: WordedNotification): Record<string, string | number> {
  const params: Record<string, string | number> = { ...n.params };
  for (const [key, value] of Object.entries(n.params)) {
    const m = /^(\w+)Zh$/.exec(key);
    if (m && typeof value === 'string') params[m[1]!] = pick(w, value, String(n.params[`${m[1]}En`] ?? value));
  }
  if (typeof n.params.slotStart === 'number') params.time = w.fmt.dateTime(n.params.slotStart);
  return params;
}

/** The inbox's wording of a message, in the page's language. */
export function notificationText(ui: Ui, n: WordedNotification): string {
  return wordNotification(ui, n);
}
