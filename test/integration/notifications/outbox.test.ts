import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq, isNull } from 'drizzle-orm';
import { notifications, outbox, users } from '../../../db/schema';
import { HOUR, MINUTE } from '../../../src/lib/clock';
import { deliverOutbox, dispatchNotifications, MAX_ATTEMPTS, RETRY_DELAYS, startOutboxWorker } from '../../../src/notifications/outbox';
import type { MessageTransport, OutgoingMessage } from '../../../src/notifications/transports';
import { createTestContext, type TestContext } from '../../helpers/context';
import { createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

type Channels = { sms?: boolean; email?: string | null; emailOn?: boolean };

async function person(channels: Channels = {}, o: Parameters<typeof createUser>[1] = {}) {
  const user = await createUser(ctx, o);
  await ctx.deps.db
    .update(users)
    .set({ notifySms: channels.sms ?? true, notifyEmail: channels.emailOn ?? false, email: channels.email ?? null })
    .where(eq(users.id, user.id));
  return user;
}

async function addNotification(userId: number, o: Partial<typeof notifications.$inferInsert> = {}) {
  const [row] = await ctx.deps.db
    .insert(notifications)
    .values({ userId, kind: 'club.promoted', params: { clubZh: '高尔夫球俱乐部', clubEn: 'Golf Club' }, link: '/clubs/7', createdAt: ctx.clock.now(), ...o })
    .returning();
  return row!;
}

const outboxRows = () => ctx.deps.db.select().from(outbox).orderBy(asc(outbox.id));
const rowOf = async (id: number) => (await ctx.deps.db.select().from(outbox).where(eq(outbox.id, id)))[0]!;

/** A transport that keeps what it was given; `fail` decides per message whether (and how) to fail. */
function fakeTransport(fail?: (m: OutgoingMessage) => unknown, delayMs = 0) {
  const sent: OutgoingMessage[] = [];
  const tried: OutgoingMessage[] = [];
  const transport: MessageTransport = {
    async send(m) {
      tried.push(m);
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      const problem = fail?.(m);
      if (problem instanceof Error) throw problem;
      if (problem) throw new Error(String(problem));
      sent.push(m);
    },
  };
  return { transport, sent, tried };
}

describe('the fan-out', () => {
  it('queues one message per channel each person has on, and none for disabled accounts', async () => {
    const smsOnly = await person({ sms: true });
    const emailOnly = await person({ sms: false, emailOn: true, email: 'e@example.com' });
    const both = await person({ sms: true, emailOn: true, email: 'both@example.com' });
    const none = await person({ sms: false, emailOn: false, email: 'quiet@example.com' });
    const disabled = await person({ sms: true, emailOn: true, email: 'gone@example.com' }, { disabledAt: ctx.clock.now() });
    const noAddress = await person({ sms: false, emailOn: true, email: null });
    const everyone = [smsOnly, emailOnly, both, none, disabled, noAddress];
    const ids = new Map<number, number>();
    for (const u of everyone) ids.set(u.id, (await addNotification(u.id)).id);

    expect(await dispatchNotifications(ctx.deps)).toBe(6);
    const rows = await outboxRows();
    const summary = rows.map((r) => [r.userId, r.channel, r.destination, r.status, r.attempts, r.notificationId === ids.get(r.userId)]);
    expect(summary).toEqual([
      [smsOnly.id, 'sms', smsOnly.phone, 'pending', 0, true],
      [both.id, 'sms', both.phone, 'pending', 0, true],
      [emailOnly.id, 'email', 'e@example.com', 'pending', 0, true],
      [both.id, 'email', 'both@example.com', 'pending', 0, true],
    ]);
    expect(rows.every((r) => r.nextAttemptAt === ctx.clock.now() && r.createdAt === ctx.clock.now() && r.claimedUntil === null)).toBe(true);
    const marked = await ctx.deps.db.select({ dispatchedAt: notifications.dispatchedAt }).from(notifications);
    expect(marked.every((n) => n.dispatchedAt === ctx.clock.now())).toBe(true);
  });

  it('looks at each notification once: a second run queues nothing more', async () => {
    const u = await person({ sms: true, emailOn: true, email: 'a@example.com' });
    await addNotification(u.id);
    expect(await dispatchNotifications(ctx.deps)).toBe(1);
    expect(await dispatchNotifications(ctx.deps)).toBe(0);
    expect(await outboxRows()).toHaveLength(2);
    // a later message is picked up by a later run
    await addNotification(u.id, { kind: 'club.approved' });
    expect(await dispatchNotifications(ctx.deps)).toBe(1);
    expect(await outboxRows()).toHaveLength(4);
  });

  it('gives one row per channel when runs race, in one process and on two connections', async () => {
    const people = [await person({ sms: true, emailOn: true, email: 'x@example.com' }), await person({ sms: true })];
    for (let i = 0; i < 20; i++) await addNotification(people[i % 2]!.id);
    const other = await ctx.sibling();
    const counts = await Promise.all([dispatchNotifications(ctx.deps), dispatchNotifications(ctx.deps), dispatchNotifications(other.deps), dispatchNotifications(other.deps)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(20);
    const rows = await outboxRows();
    expect(rows).toHaveLength(30);
    expect(new Set(rows.map((r) => `${r.notificationId}:${r.channel}`)).size).toBe(30);
  });

  it('works through a backlog in bounded runs, oldest first', async () => {
    const u = await person();
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await addNotification(u.id));
    expect(await dispatchNotifications(ctx.deps, { limit: 2 })).toBe(2);
    expect((await outboxRows()).map((r) => r.notificationId)).toEqual([made[0]!.id, made[1]!.id]);
    const waiting = await ctx.deps.db.select({ id: notifications.id }).from(notifications).where(isNull(notifications.dispatchedAt)).orderBy(asc(notifications.id));
    expect(waiting.map((w) => w.id)).toEqual(made.slice(2).map((m) => m.id));
    expect(await dispatchNotifications(ctx.deps, { limit: 2 })).toBe(2);
    expect(await dispatchNotifications(ctx.deps, { limit: 2 })).toBe(1);
    expect(await dispatchNotifications(ctx.deps, { limit: 2 })).toBe(0);
    expect(await outboxRows()).toHaveLength(5);
  });
});

describe('delivery', () => {
  it('sends what is due and marks it sent, once', async () => {
    const u = await person({ sms: true, emailOn: true, email: 'member@example.com' });
    await addNotification(u.id);
    await dispatchNotifications(ctx.deps);
    const fake = fakeTransport();
    expect(await deliverOutbox(ctx.deps, fake.transport)).toEqual({ claimed: 2, sent: 2, retrying: 0, failed: 0 });
    expect(fake.sent.map((m) => [m.channel, m.to])).toEqual([
      ['sms', u.phone],
      ['email', 'member@example.com'],
    ]);
    const rows = await outboxRows();
    expect(rows.map((r) => [r.status, r.sentAt, r.attempts, r.claimedUntil])).toEqual([
      ['sent', ctx.clock.now(), 0, null],
      ['sent', ctx.clock.now(), 0, null],
    ]);
    expect(await deliverOutbox(ctx.deps, fake.transport)).toEqual({ claimed: 0, sent: 0, retrying: 0, failed: 0 });
    expect(fake.tried).toHaveLength(2);
  });

  it('words each message in the recipient’s current language, with the absolute link', async () => {
    const en = await person({ sms: true, emailOn: true, email: 'en@example.com' }, { locale: 'en' });
    const zh = await person({ sms: true }, { locale: 'en' });
    await addNotification(en.id);
    await addNotification(zh.id, { kind: 'lounge.reminder', params: { loungeZh: '海口美兰国际机场 VIP 厅', loungeEn: 'Haikou Meilan VIP Lounge', slotStart: Date.UTC(2026, 10, 27, 6, 30) }, link: '/lounges/passes/ABC123' });
    await dispatchNotifications(ctx.deps);
    // the second person switches to Chinese after the message was queued: the text follows the account now
    await ctx.deps.db.update(users).set({ locale: 'zh' }).where(eq(users.id, zh.id));
    const fake = fakeTransport();
    await deliverOutbox(ctx.deps, fake.transport);
    const [enSms, zhSms, enEmail] = [fake.sent.find((m) => m.to === en.phone)!, fake.sent.find((m) => m.to === zh.phone)!, fake.sent.find((m) => m.channel === 'email')!];
    expect(enSms.text).toBe('[Hainan VIP] A place opened up: you are now a member of Golf Club. Open: http://127.0.0.1:3000/clubs/7');
    expect(zhSms.text).toBe('【全球通VIP】提醒：您预约了 海口美兰国际机场 VIP 厅，到达时段 2026年11月27日周五 14:30。 查看：http://127.0.0.1:3000/lounges/passes/ABC123');
    expect(enEmail.subject).toBe('You are now a member of Golf Club');
    expect(enEmail.text).toBe(
      [
        'A place opened up: you are now a member of Golf Club.',
        '',
        'Open: http://127.0.0.1:3000/clubs/7',
        '',
        '-- ',
        'You receive this because e-mail notices are on. To change how you are notified: http://127.0.0.1:3000/account/notifications',
      ].join('\n'),
    );
  });

  it('uses the configured public origin for links, and carries a coordinator’s notice', async () => {
    ctx.close();
    ctx = await createTestContext({ env: { PUBLIC_ORIGIN: 'https://vip.example.com' } });
    const u = await person({ sms: true, emailOn: true, email: 'n@example.com' });
    await addNotification(u.id, { kind: 'club.notice', params: { clubZh: '羽毛球俱乐部', clubEn: 'Badminton Club' }, title: '周六活动改期', body: '因天气原因，周六的活动改到周日上午九点。'.repeat(10), link: '/clubs/3' });
    await dispatchNotifications(ctx.deps);
    const fake = fakeTransport();
    await deliverOutbox(ctx.deps, fake.transport);
    const sms = fake.sent.find((m) => m.channel === 'sms')!;
    const email = fake.sent.find((m) => m.channel === 'email')!;
    expect(email.subject).toBe('俱乐部通知：「羽毛球俱乐部」');
    expect(email.unsubscribeUrl).toBe('https://vip.example.com/account/notifications');
    expect(email.html).toContain('<h2>周六活动改期</h2>');
    expect(email.text).toContain('「羽毛球俱乐部」通知\n\n周六活动改期\n因天气原因，周六的活动改到周日上午九点。因天气原因');
    expect(email.text).toContain('查看：https://vip.example.com/clubs/3');
    expect(email.text).toContain('https://vip.example.com/account/notifications');
    expect(sms.text.startsWith('【全球通VIP】「羽毛球俱乐部」通知 周六活动改期 因天气原因')).toBe(true);
    expect(sms.text).toContain('… 查看：https://vip.example.com/clubs/3');
    expect(sms.text.length).toBeLessThan(220);
  });

  it('retries a failing message on the backoff schedule, then marks it failed', async () => {
    const u = await person({ sms: true });
    await addNotification(u.id);
    await dispatchNotifications(ctx.deps);
    const [row] = await outboxRows();
    const fake = fakeTransport(() => 'gateway said no');
    const start = ctx.clock.now();
    let at = start;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      // not a moment early
      ctx.clock.set(at - 1);
      expect((await deliverOutbox(ctx.deps, fake.transport)).claimed, `attempt ${attempt} early`).toBe(0);
      ctx.clock.set(at);
      const report = await deliverOutbox(ctx.deps, fake.transport);
      const after = await rowOf(row!.id);
      expect(after.attempts).toBe(attempt);
      expect(after.lastError).toBe('gateway said no');
      expect(after.claimedUntil).toBeNull();
      if (attempt < MAX_ATTEMPTS) {
        expect(report).toEqual({ claimed: 1, sent: 0, retrying: 1, failed: 0 });
        expect(after.status).toBe('pending');
        const wait = RETRY_DELAYS[Math.min(attempt, RETRY_DELAYS.length) - 1]!;
        expect(after.nextAttemptAt).toBe(at + wait);
        at += wait;
      } else {
        expect(report).toEqual({ claimed: 1, sent: 0, retrying: 0, failed: 1 });
        expect(after.status).toBe('failed');
      }
    }
    // 1 min, 5 min, 30 min, 2 h, 6 h between the six attempts
    expect(at - start).toBe(MINUTE + 5 * MINUTE + 30 * MINUTE + 2 * HOUR + 6 * HOUR);
    ctx.clock.advance(7 * 24 * HOUR);
    expect((await deliverOutbox(ctx.deps, fake.transport)).claimed).toBe(0);
    expect(fake.tried).toHaveLength(MAX_ATTEMPTS);
    expect(ctx.logs.filter((l) => l.msg === 'outbox delivery failed, will retry')).toHaveLength(MAX_ATTEMPTS - 1);
    expect(ctx.logs.filter((l) => l.msg === 'outbox message failed')).toHaveLength(1);
  });

  it('keeps going when the transport throws, rejects or hangs: only that message waits', async () => {
    const people = [];
    for (let i = 0; i < 4; i++) people.push(await person({ sms: true }));
    for (const p of people) await addNotification(p.id);
    await dispatchNotifications(ctx.deps);
    const [throwsAtOnce, rejects, hangs, fine] = people;
    const transport: MessageTransport = {
      send(m) {
        if (m.to === throwsAtOnce!.phone) throw new TypeError('boom before any promise');
        if (m.to === rejects!.phone) return Promise.reject(new Error(`refused: ${'x'.repeat(2000)}`));
        if (m.to === hangs!.phone) return new Promise(() => {});
        return Promise.resolve();
      },
    };
    const report = await deliverOutbox(ctx.deps, transport, { sendTimeoutMs: 50 });
    expect(report).toEqual({ claimed: 4, sent: 1, retrying: 3, failed: 0 });
    const rows = await outboxRows();
    const byUser = new Map(rows.map((r) => [r.userId, r]));
    expect(byUser.get(fine!.id)!.status).toBe('sent');
    expect(byUser.get(throwsAtOnce!.id)!.lastError).toBe('boom before any promise');
    expect(byUser.get(rejects!.id)!.lastError).toHaveLength(500);
    expect(byUser.get(rejects!.id)!.lastError!.endsWith('…')).toBe(true);
    expect(byUser.get(hangs!.id)!.lastError).toBe('no answer from the transport within 0.05 s');
    for (const r of rows.filter((r) => r.status === 'pending')) expect(r.nextAttemptAt).toBe(ctx.clock.now() + MINUTE);
  });

  it('sends each message once when deliveries race, in one process and on two connections', async () => {
    const people = [];
    for (let i = 0; i < 6; i++) people.push(await person({ sms: true, emailOn: i % 2 === 0, email: `p${i}@example.com` }));
    for (let i = 0; i < 30; i++) await addNotification(people[i % people.length]!.id);
    await dispatchNotifications(ctx.deps);
    const total = (await outboxRows()).length;
    expect(total).toBe(45);
    const other = await ctx.sibling();
    const fake = fakeTransport(undefined, 2);
    const reports = await Promise.all([
      deliverOutbox(ctx.deps, fake.transport, { limit: 10 }),
      deliverOutbox(ctx.deps, fake.transport, { limit: 10 }),
      deliverOutbox(other.deps, fake.transport, { limit: 10 }),
      deliverOutbox(other.deps, fake.transport, { limit: 10 }),
      deliverOutbox(other.deps, fake.transport, { limit: 10 }),
    ]);
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(45);
    expect(fake.tried).toHaveLength(45);
    expect((await outboxRows()).every((r) => r.status === 'sent')).toBe(true);
  });

  it('leaves a message another worker holds alone until its claim expires, and then takes it', async () => {
    const u = await person({ sms: true });
    await addNotification(u.id);
    await dispatchNotifications(ctx.deps);
    const [row] = await outboxRows();
    await ctx.deps.db.update(outbox).set({ claimedUntil: ctx.clock.now() + 5 * MINUTE }).where(eq(outbox.id, row!.id));
    const fake = fakeTransport();
    expect((await deliverOutbox(ctx.deps, fake.transport)).claimed).toBe(0);
    ctx.clock.advance(5 * MINUTE + 1);
    expect((await deliverOutbox(ctx.deps, fake.transport)).sent).toBe(1);
  });

  it('does not record an outcome once the claim has passed to someone else', async () => {
    const u = await person({ sms: true });
    await addNotification(u.id);
    await dispatchNotifications(ctx.deps);
    const [row] = await outboxRows();
    const transport: MessageTransport = {
      async send() {
        // meanwhile our claim expired and another worker claimed the message
        await ctx.deps.db.update(outbox).set({ claimedUntil: 42 }).where(eq(outbox.id, row!.id));
        throw new Error('slow gateway');
      },
    };
    expect(await deliverOutbox(ctx.deps, transport)).toEqual({ claimed: 1, sent: 0, retrying: 0, failed: 0 });
    const after = await rowOf(row!.id);
    expect([after.status, after.attempts, after.claimedUntil, after.lastError]).toEqual(['pending', 0, 42, null]);
  });

  it('does not send to someone who turned the channel off or was disabled since', async () => {
    const off = await person({ sms: true });
    const gone = await person({ sms: true });
    await addNotification(off.id);
    await addNotification(gone.id);
    await dispatchNotifications(ctx.deps);
    await ctx.deps.db.update(users).set({ notifySms: false }).where(eq(users.id, off.id));
    await ctx.deps.db.update(users).set({ disabledAt: ctx.clock.now() }).where(eq(users.id, gone.id));
    const fake = fakeTransport();
    expect(await deliverOutbox(ctx.deps, fake.transport)).toEqual({ claimed: 2, sent: 0, retrying: 0, failed: 2 });
    expect(fake.tried).toEqual([]);
    const rows = await outboxRows();
    expect(rows.map((r) => [r.userId, r.status, r.lastError])).toEqual([
      [off.id, 'failed', 'not sent: the recipient turned SMS off'],
      [gone.id, 'failed', 'not sent: the account is disabled'],
    ]);
  });
});

describe('the worker', () => {
  it('fans out and delivers on each run, never two runs at once in a process, and stops cleanly', async () => {
    const u = await person({ sms: true, emailOn: true, email: 'w@example.com' });
    for (let i = 0; i < 3; i++) await addNotification(u.id);
    const fake = fakeTransport(undefined, 5);
    const worker = startOutboxWorker(ctx.deps, fake.transport, { intervalMs: 60_000, delivery: { limit: 2 } });
    const a = worker.runNow();
    const b = worker.runNow();
    expect(a).toBe(b);
    await a;
    // several batches in one run until nothing is due
    expect(fake.sent).toHaveLength(6);
    expect(ctx.logs.find((l) => l.msg === 'outbox')).toMatchObject({ queued: 3, claimed: 6, sent: 6 });
    await worker.stop();
    await addNotification(u.id);
    await worker.runNow();
    expect(fake.sent).toHaveLength(6);
  });

  it('logs a run that fails instead of throwing', async () => {
    const broken = { ...ctx.deps, client: { ...ctx.deps.client, batch: () => Promise.reject(new Error('database unavailable')) } } as typeof ctx.deps;
    const worker = startOutboxWorker(broken, fakeTransport().transport, { intervalMs: 60_000 });
    await expect(worker.runNow()).resolves.toBeUndefined();
    expect(ctx.logs.find((l) => l.msg === 'outbox run failed')).toMatchObject({ level: 'error', error: { message: 'database unavailable' } });
    await worker.stop();
  });
});
