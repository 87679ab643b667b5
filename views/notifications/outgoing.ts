import type { OutboxChannel } from '../../db/schema';
import type { InboxItem } from '../../src/notifications/service';
import { wordNotification, type Wording } from './message';

/** What an SMS or e-mail says: worded like the inbox message, as plain text, with an absolute link. */
export interface OutgoingText {
  subject: string;
  text: string;
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

/**
 * The plain text of a notification for a channel, in the wording's language. E-mails get a subject, the whole
 * message and a footer saying how to change channels; SMS a signature, the message and the link on one line.
 */
export function outgoingText(w: Wording, n: OutgoingNotification, channel: OutboxChannel, origin: string): OutgoingText {
  const headline = wordNotification(w, n);
  const url = absoluteLink(origin, n.link);
  const subject = w.t('outbox.subject');
  if (channel === 'sms') {
    const parts = [headline, n.title?.trim(), n.body ? shorten(n.body, SMS_BODY_MAX) : undefined, w.t('outbox.open', { url })];
    return { subject, text: `${w.t('outbox.smsSignature')}${parts.filter(Boolean).join(' ')}` };
  }
  const lines = [headline, ''];
  if (n.title?.trim()) lines.push(n.title.trim());
  if (n.body?.trim()) lines.push(n.body.trim());
  if (n.title?.trim() || n.body?.trim()) lines.push('');
  lines.push(w.t('outbox.open', { url }), '', '-- ', w.t('outbox.footer', { url: absoluteLink(origin, '/account/notifications') }));
  return { subject, text: lines.join('\n') };
}
