import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { auditLog, notifications, outbox, users } from '../../../db/schema';
import { MINUTE } from '../../../src/lib/clock';
import { deliverOutbox, dispatchNotifications, MAX_ATTEMPTS, outboxHealth } from '../../../src/notifications/outbox';
import type { MessageTransport } from '../../../src/notifications/transports';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const failing: MessageTransport = { send: () => Promise.reject(new Error('SMS gateway timeout')) };
const working: MessageTransport = { send: () => Promise.resolve() };

async function signedIn(role: 'member' | 'coordinator' | 'lounge_staff' | 'admin') {
  const user = await createUser(ctx, { role, name: role === 'admin' ? 'Admin Wang' : 'Someone' });
  const client = new TestClient(ctx);
  await client.signIn(user.phone);
  return { user, client };
}

/** Queues one message per person (SMS, or e-mail when an address is given). */
async function queue(people: Array<{ id: number }>, email?: string) {
  for (const p of people) {
    if (email) await ctx.deps.db.update(users).set({ notifySms: false, notifyEmail: true, email }).where(eq(users.id, p.id));
    await ctx.deps.db.insert(notifications).values({ userId: p.id, kind: 'club.promoted', params: { clubZh: '高尔夫球俱乐部', clubEn: 'Golf Club' }, createdAt: ctx.clock.now() });
  }
  await dispatchNotifications(ctx.deps);
}

/** Runs delivery with a failing transport until every message has used all its attempts. */
async function failForGood() {
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    await deliverOutbox(ctx.deps, failing, { limit: 100 });
    ctx.clock.advance(6 * 60 * MINUTE);
  }
}

const rows = () => ctx.deps.db.select().from(outbox).orderBy(asc(outbox.id));
const problemRows = (html: string) => (html.split('<table class="striped outbox-problems">')[1] ?? '').split('</table>')[0]!.split('<tr>').slice(2);

describe('the admin outbox page', () => {
  it('shows totals, the failed messages with who, what and why, and puts one back in the queue', async () => {
    const recipient = await createUser(ctx, { name: '李四', phone: '13912345678' });
    const fine = await createUser(ctx);
    await queue([recipient]);
    await failForGood();
    await queue([fine]);
    await deliverOutbox(ctx.deps, working);
    const [failedRow] = await rows();
    expect(failedRow!.status).toBe('failed');

    const { user: admin, client } = await signedIn('admin');
    const html = await (await client.get('/admin/outbox')).text();
    expect(html).toContain('<h1>短信与邮件发送</h1>');
    expect(html).toContain('<td class="num" data-count="sms-failed">1</td>');
    expect(html).toContain('<td class="num" data-count="sms-sent">1</td>');
    expect(html).toContain('<td class="num" data-count="email-pending">0</td>');
    const [row] = problemRows(html);
    expect(problemRows(html)).toHaveLength(1);
    expect(row).toContain('李四');
    expect(row).toContain('<small>短信 · 139****5678</small>');
    expect(html).not.toContain('13912345678');
    expect(row).toContain('候补转正：您已成为「高尔夫球俱乐部」的正式会员。');
    expect(row).toContain('<span class="status-pill">失败</span>');
    expect(row).toContain(`<small>已尝试 ${MAX_ATTEMPTS} 次</small>`);
    expect(row).toContain('SMS gateway timeout');
    expect(row).toContain('<time datetime="2026-11-26T10:00:00+08:00">');
    expect(html).toContain('重试全部 1 条失败消息');

    const res = await client.post(`/admin/outbox/${failedRow!.id}/retry`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/outbox');
    const after = (await rows())[0]!;
    expect([after.status, after.attempts, after.nextAttemptAt, after.claimedUntil]).toEqual(['pending', 0, ctx.clock.now(), null]);
    const [entry] = await ctx.deps.db.select().from(auditLog).where(eq(auditLog.action, 'outbox.message.retried'));
    expect(entry).toMatchObject({ actorId: admin.id, targetType: 'outbox', targetId: String(failedRow!.id), detail: { channel: 'sms', status: 'failed', attempts: MAX_ATTEMPTS } });
    const back = await (await client.get('/admin/outbox')).text();
    expect(back).toContain('已重新排队，稍后发送。');
    expect(back).toContain('没有失败或等待重试的消息。');

    expect((await deliverOutbox(ctx.deps, working)).sent).toBe(1);
    expect((await rows())[0]!.status).toBe('sent');
  });

  it('lists messages waiting for a retry too, with the time of the next attempt', async () => {
    await queue([await createUser(ctx, { name: '王五' })], 'wang@example.com');
    await deliverOutbox(ctx.deps, failing);
    const { client } = await signedIn('admin');
    const html = await (await client.get('/admin/outbox?lang=en')).text();
    const [row] = problemRows(html);
    expect(row).toContain('<small>E-mail · w***@example.com</small>');
    expect(row).toContain('<small>1 attempt</small>');
    expect(row).toContain('<span class="status-pill status-pending">Pending</span>');
    expect(row).toContain('<time datetime="2026-11-26T10:01:00+08:00">');
    expect(html).not.toContain('Retry all');
    expect(html).toContain('The oldest pending message has waited 0 minutes.');
  });

  it('retries every failed message at once, and says how many', async () => {
    const people = [await createUser(ctx), await createUser(ctx), await createUser(ctx)];
    await queue(people);
    await failForGood();
    const { user: admin, client } = await signedIn('admin');
    const res = await client.post('/admin/outbox/retry-failed', {});
    expect(res.status).toBe(303);
    expect((await rows()).map((r) => [r.status, r.attempts])).toEqual(people.map(() => ['pending', 0]));
    expect(await (await client.get('/admin/outbox?lang=en')).text()).toContain('3 failed messages queued again.');
    const [entry] = await ctx.deps.db.select().from(auditLog).where(eq(auditLog.action, 'outbox.failed.retried'));
    expect(entry).toMatchObject({ actorId: admin.id, detail: { count: 3 } });
  });

  it('does not resend a sent message or one being sent, and 404s for no such message', async () => {
    await queue([await createUser(ctx), await createUser(ctx)]);
    const [first, second] = await rows();
    await ctx.deps.db.update(outbox).set({ status: 'sent', sentAt: ctx.clock.now() }).where(eq(outbox.id, first!.id));
    await ctx.deps.db.update(outbox).set({ attempts: 2, claimedUntil: ctx.clock.now() + MINUTE }).where(eq(outbox.id, second!.id));
    const { client } = await signedIn('admin');
    for (const id of [first!.id, second!.id]) {
      const res = await client.post(`/admin/outbox/${id}/retry`, {});
      expect(res.status).toBe(303);
      expect(await (await client.get('/admin/outbox')).text()).toContain('这条消息已发送或正在发送，无需重试。');
    }
    expect((await rows()).map((r) => [r.status, r.attempts])).toEqual([
      ['sent', 0],
      ['pending', 2],
    ]);
    expect((await client.post('/admin/outbox/99999/retry', {})).status).toBe(404);
    expect((await client.post('/admin/outbox/abc/retry', {})).status).toBe(404);
    expect(await ctx.deps.db.select().from(auditLog).where(eq(auditLog.action, 'outbox.message.retried'))).toEqual([]);
  });

  it('pages through many problems, 50 at a time', async () => {
    const people = [];
    for (let i = 0; i < 55; i++) people.push(await createUser(ctx));
    await queue(people);
    await deliverOutbox(ctx.deps, failing, { limit: 100 });
    const { client } = await signedIn('admin');
    const first = await (await client.get('/admin/outbox')).text();
    expect(problemRows(first)).toHaveLength(50);
    expect(first).toContain('第 1 / 2 页');
    expect(first).toContain('<a href="/admin/outbox?page=2">下一页</a>');
    const second = await (await client.get('/admin/outbox?page=2')).text();
    expect(problemRows(second)).toHaveLength(5);
    expect(second).toContain('<a href="/admin/outbox">上一页</a>');
    expect(problemRows(await (await client.get('/admin/outbox?page=99')).text())).toHaveLength(5);
    expect(problemRows(await (await client.get('/admin/outbox?page=x')).text())).toHaveLength(50);
  });

  it('has no Chinese text in English', async () => {
    await queue([await createUser(ctx, { name: 'Test Person' })]);
    await failForGood();
    const { client } = await signedIn('admin');
    const html = await (await client.get('/admin/outbox?lang=en')).text();
    const text = html.replace(/<head>[\s\S]*?<\/head>/, '').replace(/<(\w+) [^>]*\blang="zh-CN"[^>]*>[^<]*<\/\1>/g, '').replace(/<[^>]+>/g, ' ');
    expect(text.match(/[\u3400-\u9fff]/)).toBeNull();
  });
});

describe('outbox health', () => {
  it('counts failed and waiting messages and how long the oldest has waited', async () => {
    expect(await outboxHealth(ctx.deps)).toEqual({ failed: 0, pending: 0, oldestPendingAt: null, oldestPendingAgeMs: 0 });
    const start = ctx.clock.now();
    await queue([await createUser(ctx)]);
    await failForGood();
    // a later message waits; the failed one does not count as waiting
    ctx.clock.set(start + 10 * MINUTE);
    await queue([await createUser(ctx)]);
    ctx.clock.advance(3 * MINUTE);
    expect(await outboxHealth(ctx.deps)).toEqual({ failed: 1, pending: 1, oldestPendingAt: start + 10 * MINUTE, oldestPendingAgeMs: 3 * MINUTE });
  });
});

describe('who may see and retry', () => {
  const requests = (id: number) => [
    ['GET', '/admin/outbox'],
    ['POST', `/admin/outbox/${id}/retry`],
    ['POST', '/admin/outbox/retry-failed'],
  ] as const;

  it('answers 403 to members, coordinators and lounge staff, sends the signed-out to sign in, and changes nothing', async () => {
    await queue([await createUser(ctx)]);
    await failForGood();
    const [row] = await rows();
    const before = JSON.stringify(await rows());
    for (const role of ['member', 'coordinator', 'lounge_staff'] as const) {
      const { client } = await signedIn(role);
      for (const [method, path] of requests(row!.id)) {
        const res = method === 'GET' ? await client.get(path) : await client.post(path, {});
        expect(res.status, `${role} ${method} ${path}`).toBe(403);
      }
    }
    const anonymous = new TestClient(ctx);
    for (const [method, path] of requests(row!.id)) {
      const res = method === 'GET' ? await anonymous.get(path) : await anonymous.post(path, {});
      expect(res.status, `anonymous ${method} ${path}`).toBe(303);
      expect(res.headers.get('location')).toBe(method === 'GET' ? `/login?next=${encodeURIComponent(path)}` : '/login?next=%2F');
    }
    expect(JSON.stringify(await rows())).toBe(before);
    expect(await ctx.deps.db.select().from(auditLog)).toEqual([]);

    const { client: admin } = await signedIn('admin');
    expect((await admin.get('/admin/outbox')).status).toBe(200);
    expect((await admin.post(`/admin/outbox/${row!.id}/retry`, {})).status).toBe(303);
    expect((await admin.post('/admin/outbox/retry-failed', {})).status).toBe(303);
  });
});
