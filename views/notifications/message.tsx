import type { InboxItem } from '../../src/notifications/service';
import type { MessageKey } from '../../src/lib/i18n';
import { pick, type Ui } from '../ui';

/** A system message worded in the reader's language; names come in both languages in its parameters. */
export function notificationText(ui: Ui, n: InboxItem): string {
  const p = n.params;
  const club = typeof p.clubZh === 'string' ? pick(ui, String(p.clubZh), String(p.clubEn ?? p.clubZh)) : '';
  return ui.t(`notify.${n.kind}` as MessageKey, { ...p, club });
}
