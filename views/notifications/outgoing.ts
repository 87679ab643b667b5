import type { OutboxChannel } from '../../db/schema';
import type { InboxItem } from '../../src/notifications/service';
import type { MessageKey } from '../../src/lib/i18n';
import { emailHtml } from './email';
import { wordedParams, wordNotification, type Wording } from './message';

/** What an SMS or e-mail says: worded like the inbox message, as plain text, with an absolute link. */
export interface OutgoingText {
  subject: string;
  text: string;
  /** e-mail only: the same content as HTML */
  html?: string;
  /** e-mail only: where the recipient changes or stops these messages (List-Unsubscribe) */
  unsubscribeUrl?: string;
}

export type OutgoingNotification = Pick<InboxItem, 'kind' | 'params' | 'title' | 'body' | 'link'>;

/** An SMS carries a coordinator's notice only in part: the whole text is one tap away in the inbox. */
export const SMS_BODY_MAX = 120;

function shorten(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** The absolute address of a message's page (its own link, or the inbox), on the site's public origin. */
export function absoluteLink(origin: string, link: string | null): string {
  const path = link && link.startsWith('/') && !link.startsWith('//') ? link : '/inbox';
  return `${origin.replace(/\/$/, '')}${path}`;
}

/** What an e-mail's subject says: what the notice is about, in the reader's language. */
export function notificationSubject(w: Wording, n: OutgoingNotification): string {
  return w.t(`outbox.subject.${n.kind}` as MessageKey, wordedParams(w, n));
}

/**
 * The text of a notification for a channel, in the wording's language. E-mails get a subject saying what the notice
 * is about, the whole message, a footer saying how to change channels, and the same as HTML; SMS a signature, the
 * message and the link on one line.
 */
export function outgoingText(w: Wording, n: OutgoingNotification, channel: OutboxChannel, origin: string): OutgoingText {
  const headline = wordNotification(w, n);
  const url = absoluteLink(origin, n.link);
  const subject = notificationSubject(w, n);
  if (channel === 'sms') {
    const parts = [headline, n.title?.trim(), n.body ? shorten(n.body, SMS_BODY_MAX) : undefined, w.t('outbox.open', { url })];
    return { subject, text: `${w.t('outbox.smsSignature')}${parts.filter(Boolean).join(' ')}` };
  }
  const title = n.title?.trim() || undefined;
  const body = n.body?.trim() || undefined;
  const settingsUrl = absoluteLink(origin, '/account/notifications');
  const lines = [headline, ''];
  if (title) lines.push(title);
  if (body) lines.push(body);
  if (title || body) lines.push('');
  lines.push(w.t('outbox.open', { url }), '', '-- ', w.t('outbox.footer', { url: settingsUrl }));
  const html = emailHtml(w, { subject, headline, title, body, url, settingsUrl });
  return { subject, text: lines.join('\n'), html, unsubscribeUrl: settingsUrl };
}
