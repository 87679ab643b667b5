import { createTransport as createMailer } from 'nodemailer';
import type { OutboxChannel } from '../../db/schema';
import type { Config } from '../config';
import type { Logger } from '../lib/log';
import { maskPhone } from '../lib/phone';

/** One SMS or e-mail, worded and addressed, ready to go. */
export interface OutgoingMessage {
  channel: OutboxChannel;
  /** phone number (sms) or e-mail address (email) */
  to: string;
  subject: string;
  text: string;
  /** e-mail: an HTML part beside the text, with the same content */
  html?: string;
  /** e-mail: the page where the recipient changes or stops these messages (sent as List-Unsubscribe) */
  unsubscribeUrl?: string;
  /** the text holds a secret (an initial service password): carriers deliver it, but it is never written to a log */
  secret?: boolean;
}

/** Hands a message to whatever carries it. Resolves once the carrier accepted it; rejects (with the reason) otherwise. */
export interface MessageTransport {
  send(message: OutgoingMessage): Promise<void>;
}

/** a***@example.com: enough to recognise an address, not enough to copy it. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return '***';
  return `${address.slice(0, 1)}***${address.slice(at)}`;
}

export function maskDestination(channel: OutboxChannel, to: string): string {
  return channel === 'sms' ? maskPhone(to) : maskEmail(to);
}

/**
 * The default transport: writes each message to the log (the destination masked, a secret's text withheld) and
 * reports it delivered.
 * Used for SMS always (there is no SMS gateway yet) and for e-mail when no SMTP server is configured.
 */
export function logTransport(logger: Logger): MessageTransport {
  return {
    async send(message) {
      const text = message.secret ? '[withheld: contains a secret]' : message.text;
      logger.info('outbox message', { channel: message.channel, to: maskDestination(message.channel, message.to), subject: message.subject, text });
    },
  };
}

/** Picks a transport by channel. */
export function channelTransport(byChannel: Record<OutboxChannel, MessageTransport>): MessageTransport {
  return { send: (message) => byChannel[message.channel].send(message) };
}

/** Time limits for one SMTP conversation: short enough that a hung server never outlives the outbox's claim. */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * E-mail through an SMTP server (nodemailer). `url` is smtp:// (STARTTLS when the server offers it) or
 * smtps:// (TLS from the start), with credentials in the URL if the server needs them.
 */
export function smtpTransport(url: string, from: string): MessageTransport {
  const mailer = createMailer({ url, ...SMTP_TIMEOUTS }, { from });
  return {
    async send(message) {
      if (message.channel !== 'email') throw new Error(`the SMTP transport carries e-mail only, not ${message.channel}`);
      const info = await mailer.sendMail({
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        // every message is sent by the system (RFC 3834): auto-responders must not answer it
        headers: { 'Auto-Submitted': 'auto-generated' },
        ...(message.unsubscribeUrl ? { list: { unsubscribe: message.unsubscribeUrl } } : {}),
      });
      if (info.rejected.length > 0) throw new Error(`the SMTP server refused the recipient (${String(info.response ?? 'no response')})`);
    },
  };
}

/** The transport the configuration asks for: SMTP for e-mail when SMTP_URL is set, the log for everything else. */
export function createTransport(config: Pick<Config, 'smtpUrl' | 'smtpFrom'>, logger: Logger): MessageTransport {
  const log = logTransport(logger);
  if (!config.smtpUrl) return log;
  return channelTransport({ sms: log, email: smtpTransport(config.smtpUrl, config.smtpFrom) });
}
