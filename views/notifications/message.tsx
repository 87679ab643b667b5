import type { InboxItem } from '../../src/notifications/service';
import type { MessageKey } from '../../src/lib/i18n';
import { pick, type Ui } from '../ui';

/**
 * A system message worded in the reader's language. Names travel in both languages as pairs of parameters
 * (clubZh/clubEn, eventZh/eventEn …); each pair becomes one parameter (club, event …) in the reader's language,
 * and instants (slotStart) become times in the programme's zone.
 */
export function notificationText(ui: Ui, n: InboxItem): string {
  const params: Record<string, string | number> = { ...n.params };
  for (const [key, value] of Object.entries(n.params)) {
    const m = /^(\w+)Zh$/.exec(key);
    if (m && typeof value === 'string') params[m[1]!] = pick(ui, value, String(n.params[`${m[1]}En`] ?? value));
  }
  if (typeof n.params.slotStart === 'number') params.time = ui.fmt.dateTime(n.params.slotStart);
  return ui.t(`notify.${n.kind}` as MessageKey, params);
}
