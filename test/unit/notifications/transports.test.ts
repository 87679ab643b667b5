import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/lib/log';
import { channelTransport, createTransport, logTransport, maskDestination, maskEmail, type MessageTransport, type OutgoingMessage } from '../../../src/notifications/transports';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('debug', () => 0, (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  return { lines, logger };
}

const sms: OutgoingMessage = { channel: 'sms', to: '13900000003', subject: '全球通VIP通知', text: '【全球通VIP】测试' };
const email: OutgoingMessage = { channel: 'email', to: 'member@example.com', subject: 'Hainan VIP notice', text: 'Hello' };

describe('masking', () => {
  it('keeps enough of a phone or an address to recognise it, not to copy it', () => {
    expect(maskDestination('sms', '13900000003')).toBe('139****0003');
    expect(maskDestination('email', 'member@example.com')).toBe('m***@example.com');
    expect(maskEmail('@example.com')).toBe('***');
    expect(maskEmail('no-at-sign')).toBe('***');
  });
});

describe('the log transport', () => {
  it('writes each message to the log with the destination masked, and resolves', async () => {
    const { lines, logger } = capture();
    const transport = logTransport(logger);
    await expect(transport.send(sms)).resolves.toBeUndefined();
    await transport.send(email);
    expect(lines.map(({ time: _t, ...l }) => l)).toEqual([
      { level: 'info', msg: 'outbox message', channel: 'sms', to: '139****0003', subject: '全球通VIP通知', text: '【全球通VIP】测试' },
      { level: 'info', msg: 'outbox message', channel: 'email', to: 'm***@example.com', subject: 'Hainan VIP notice', text: 'Hello' },
    ]);
    expect(JSON.stringify(lines)).not.toContain('13900000003');
  });

  it('never writes the text of a message holding a secret', async () => {
    const { lines, logger } = capture();
    await logTransport(logger).send({ ...sms, text: '【全球通VIP】您的初始服务密码为 482913', secret: true });
    expect(lines[0]).toMatchObject({ channel: 'sms', to: '139****0003', text: '[withheld: contains a secret]' });
    expect(JSON.stringify(lines)).not.toContain('482913');
  });
});

describe('choosing a transport', () => {
  it('sends each channel to its own transport', async () => {
    const seen: string[] = [];
    const named = (name: string): MessageTransport => ({ send: async (m) => void seen.push(`${name}:${m.to}`) });
    await channelTransport({ sms: named('a'), email: named('b') }).send(sms);
    await channelTransport({ sms: named('a'), email: named('b') }).send(email);
    expect(seen).toEqual(['a:13900000003', 'b:member@example.com']);
  });

  it('logs everything when no SMTP server is configured', async () => {
    const { lines, logger } = capture();
    const transport = createTransport({ smtpUrl: undefined, smtpFrom: 'x <x@example.com>' }, logger);
    await transport.send(sms);
    await transport.send(email);
    expect(lines.map((l) => l.channel)).toEqual(['sms', 'email']);
  });

  it('still logs SMS when SMTP is configured (there is no SMS gateway)', async () => {
    const { lines, logger } = capture();
    // port 9 (discard) on the loopback: nothing is sent by SMS through it
    const transport = createTransport({ smtpUrl: 'smtp://127.0.0.1:9', smtpFrom: 'x <x@example.com>' }, logger);
    await transport.send(sms);
    expect(lines.map((l) => [l.msg, l.channel])).toEqual([['outbox message', 'sms']]);
  });
});
