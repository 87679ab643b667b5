import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { notifications, outbox, users } from '../../../db/schema';
import { deliverOutbox, dispatchNotifications } from '../../../src/notifications/outbox';
import { createTransport, smtpTransport } from '../../../src/notifications/transports';
import { createTestContext, type TestContext } from '../../helpers/context';
import { createUser } from '../../helpers/factories';

interface Received {
  from: string;
  to: string[];
  raw: string;
  auth?: string | undefined;
}

/** A throw-away SMTP server on 127.0.0.1 (a free port chosen by the system), plain text, no TLS. */
async function startSmtp(extra: Partial<SMTPServerOptions> = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    socketTimeout: 5_000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          auth: session.user as string | undefined,
        });
        callback();
      });
    },
    ...extra,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { server, port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Decodes RFC 2047 words in a header and the body by its transfer encoding: enough to read what was sent. */
function readMail(raw: string) {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const headers = head!.replace(/\r\n[ \t]+/g, ' ');
  const header = (name: string) =>
    (new RegExp(`^${name}: (.*)$`, 'mi').exec(headers)?.[1] ?? '').replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    );
  let body = rest.join('\r\n\r\n');
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  if (encoding === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') body = Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  return { header, body: body.replace(/\r\n/g, '\n') };
}

/** The parts of a multipart message, each read like a message of its own, with the top-level content type. */
function readParts(raw: string) {
  const top = readMail(raw);
  const type = top.header('Content-Type');
  const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1];
  if (!boundary) return { type, parts: [] };
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  const parts = body
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => readMail(part.replace(/^\r\n/, '').replace(/\r\n$/, '')));
  return { type, parts };
}

let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtp>> | undefined;
beforeEach(() => {
  smtp = undefined;
});
afterEach(async () => {
  await smtp?.close();
  (ctx as TestContext | undefined)?.close();
  ctx = undefined as unknown as TestContext;
});

async function emailMember(locale: 'zh' | 'en', address: string) {
  const user = await createUser(ctx, { locale });
  await ctx.deps.db.update(users).set({ email: address, notifyEmail: true }).where(eq(users.id, user.id));
  await ctx.deps.db.insert(notifications).values({ userId: user.id, kind: 'club.approved', params: { clubZh: '12530无线音乐俱乐部', clubEn: '12530 Music Club' }, link: '/clubs/2', createdAt: ctx.clock.now() });
  return user;
}

describe('the SMTP transport', () => {
  it('delivers e-mail to the SMTP server named by SMTP_URL, and SMS still to the log', { timeout: 15_000 }, async () => {
    smtp = await startSmtp();
    ctx = await createTestContext({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_ORIGIN: 'https://vip.example.com' } });
    const zh = await emailMember('zh', 'zhang@example.com');
    const en = await emailMember('en', 'lee@example.com');
    await dispatchNotifications(ctx.deps);
    const report = await deliverOutbox(ctx.deps, createTransport(ctx.config, ctx.deps.logger));
    expect(report).toEqual({ claimed: 4, sent: 4, retrying: 0, failed: 0 });

    expect(smtp.received).toHaveLength(2);
    const byTo = new Map(smtp.received.map((m) => [m.to[0], m]));
    const zhMail = readMail(byTo.get('zhang@example.com')!.raw);
    expect(byTo.get('zhang@example.com')!.from).toBe('no-reply@localhost');
    expect(zhMail.header('From')).toBe('Hainan VIP <no-reply@localhost>');
    expect(zhMail.header('To')).toBe('zhang@example.com');
    expect(zhMail.header('Subject')).toBe('入会申请已通过：「12530无线音乐俱乐部」');
    const zhText = readParts(byTo.get('zhang@example.com')!.raw).parts[0]!.body;
    expect(zhText).toContain('您加入「12530无线音乐俱乐部」的申请已通过，欢迎！');
    expect(zhText).toContain('查看：https://vip.example.com/clubs/2');
    const enMail = readMail(byTo.get('lee@example.com')!.raw);
    expect(enMail.header('Subject')).toBe('Request approved: 12530 Music Club');
    const enText = readParts(byTo.get('lee@example.com')!.raw).parts[0]!.body;
    expect(enText).toContain('Your request to join 12530 Music Club is approved. Welcome!');
    expect(enText).toContain('Open: https://vip.example.com/clubs/2');

    // no SMS gateway: the text messages went to the log, the phone masked
    const logged = ctx.logs.filter((l) => l.msg === 'outbox message');
    expect(logged.map((l) => l.channel)).toEqual(['sms', 'sms']);
    expect(logged.map((l) => l.to).sort()).toEqual([zh.phone, en.phone].map((p) => `${p.slice(0, 3)}****${p.slice(7)}`).sort());
    expect(JSON.stringify(ctx.logs)).not.toContain(zh.phone);
  });

  it('gives each kind its own subject, a text and an HTML part (user text escaped), Auto-Submitted and List-Unsubscribe', { timeout: 15_000 }, async () => {
    smtp = await startSmtp();
    ctx = await createTestContext({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_ORIGIN: 'https://vip.example.com' } });
    const user = await emailMember('zh', 'zhang@example.com');
    await ctx.deps.db.update(users).set({ notifySms: false });
    const at = ctx.clock.now();
    await ctx.deps.db.insert(notifications).values([
      { userId: user.id, kind: 'event.confirmed', params: { eventZh: '新年音乐会', eventEn: 'New Year Concert', count: 2 }, link: '/tickets/ABCD1234', createdAt: at },
      { userId: user.id, kind: 'lounge.booked', params: { loungeZh: '海口美兰国际机场 VIP 厅', loungeEn: 'Haikou Meilan VIP Lounge', slotStart: Date.UTC(2026, 11, 1, 1) }, createdAt: at },
      { userId: user.id, kind: 'club.notice', params: { clubZh: '羽毛球俱乐部', clubEn: 'Badminton Club' }, title: '<b>场地</b>变更', body: '周六 <script>alert("x")</script> & 周日\n改到二号馆', link: '/clubs/3', createdAt: at },
    ]);
    await dispatchNotifications(ctx.deps);
    expect(await deliverOutbox(ctx.deps, createTransport(ctx.config, ctx.deps.logger))).toMatchObject({ sent: 4, failed: 0 });

    const mails = smtp.received.map((m) => ({ raw: m.raw, ...readParts(m.raw), head: readMail(m.raw) }));
    expect(mails.map((m) => m.head.header('Subject')).sort()).toEqual(['俱乐部通知：「羽毛球俱乐部」', '入会申请已通过：「12530无线音乐俱乐部」', '报名成功：「新年音乐会」', '贵宾厅预约成功：海口美兰国际机场 VIP 厅'].sort());
    for (const mail of mails) {
      expect(mail.head.header('Auto-Submitted')).toBe('auto-generated');
      expect(mail.head.header('List-Unsubscribe')).toBe('<https://vip.example.com/account/notifications>');
      // no one-click unsubscribe endpoint exists, so no List-Unsubscribe-Post
      expect(mail.raw).not.toMatch(/^List-Unsubscribe-Post:/im);
      expect(mail.type).toMatch(/^multipart\/alternative;/);
      expect(mail.parts.map((p) => p.header('Content-Type').split(';')[0])).toEqual(['text/plain', 'text/html']);
      expect(mail.parts[1]!.body).toContain('<a href="https://vip.example.com/account/notifications">更改通知方式</a>');
    }
    const notice = mails.find((m) => m.head.header('Subject').startsWith('俱乐部通知'))!;
    const [text, html] = notice.parts;
    expect(text!.body).toContain('<b>场地</b>变更\n周六 <script>alert("x")</script> & 周日\n改到二号馆');
    expect(html!.body).toContain('<h2>&lt;b&gt;场地&lt;/b&gt;变更</h2>');
    expect(html!.body).toContain('<p>周六 &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 周日<br/>改到二号馆</p>');
    expect(html!.body).toContain('<a href="https://vip.example.com/clubs/3">查看详情</a>');
    expect(html!.body).not.toMatch(/<script|<b>/);
  });

  it('signs in with the credentials in the URL', { timeout: 15_000 }, async () => {
    smtp = await startSmtp({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        if (auth.username === 'vip' && auth.password === 's3cret') callback(null, { user: auth.username });
        else callback(new Error('bad credentials'));
      },
    });
    const transport = smtpTransport(`smtp://vip:s3cret@127.0.0.1:${smtp.port}`, 'VIP <vip@example.com>');
    await transport.send({ channel: 'email', to: 'a@example.com', subject: 'Hello', text: 'Hello there' });
    expect(smtp.received.map((m) => [m.auth, m.from, m.to])).toEqual([['vip', 'vip@example.com', ['a@example.com']]]);
    const wrong = smtpTransport(`smtp://vip:nope@127.0.0.1:${smtp.port}`, 'VIP <vip@example.com>');
    await expect(wrong.send({ channel: 'email', to: 'a@example.com', subject: 'Hello', text: 'Hello there' })).rejects.toThrow(/bad credentials|auth/i);
  });

  it('records a refused recipient and an unreachable server as failed attempts to retry', { timeout: 15_000 }, async () => {
    smtp = await startSmtp({
      onRcptTo(address, _session, callback) {
        if (address.address === 'nobody@example.com') {
          const e = new Error('No such mailbox') as Error & { responseCode: number };
          e.responseCode = 550;
          callback(e);
        } else callback();
      },
    });
    ctx = await createTestContext({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } });
    await emailMember('en', 'nobody@example.com');
    await ctx.deps.db.update(users).set({ notifySms: false });
    await dispatchNotifications(ctx.deps);
    expect(await deliverOutbox(ctx.deps, createTransport(ctx.config, ctx.deps.logger))).toMatchObject({ sent: 0, retrying: 1 });
    const [row] = await ctx.deps.db.select().from(outbox);
    expect(row!.status).toBe('pending');
    expect(row!.lastError).toMatch(/No such mailbox/);

    // the server goes away: the next attempt fails fast with the connection error
    await smtp.close();
    smtp = undefined;
    ctx.clock.advance(60_000);
    const started = Date.now();
    expect(await deliverOutbox(ctx.deps, createTransport(ctx.config, ctx.deps.logger))).toMatchObject({ sent: 0, retrying: 1 });
    expect(Date.now() - started).toBeLessThan(10_000);
    const [again] = await ctx.deps.db.select().from(outbox);
    expect(again!.attempts).toBe(2);
    expect(again!.lastError).toMatch(/ECONNREFUSED|connect/i);
  });

  it('refuses to carry SMS', async () => {
    const transport = smtpTransport('smtp://127.0.0.1:9', 'VIP <vip@example.com>');
    await expect(transport.send({ channel: 'sms', to: '13900000001', subject: 's', text: 't' })).rejects.toThrow('the SMTP transport carries e-mail only, not sms');
  });
});
