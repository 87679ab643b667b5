import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { outbox, users } from '../../../db/schema';
import { deliverOutbox, MAX_ATTEMPTS, queueDirectMessage, REDACTED, retryDelay } from '../../../src/notifications/outbox';
import type { MessageTransport, OutgoingMessage } from '../../../src/notifications/transports';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

function transport(fail = false) {
  const sent: OutgoingMessage[] = [];
  const t: MessageTransport = {
    async send(m) {
      if (fail) throw new Error('gateway down');
      sent.push(m);
    },
  };
  return { t, sent };
}

const rows = () => ctx.deps.db.select().from(outbox).orderBy(asc(outbox.id));

describe('direct messages (not copies of inbox messages)', () => {
  it('go out whatever the channel choices, with the signature, and their text is redacted once sent', async () => {
    const member = await createUser(ctx, { locale: 'en' });
    await ctx.deps.db.update(users).set({ notifySms: false }).where(eq(users.id, member.id));
    await queueDirectMessage(ctx.deps.db, ctx.clock.now(), { userId: member.id, channel: 'sms', destination: member.phone, text: 'Your initial service password is 123456.' });

    const { t, sent } = transport();
    expect(await deliverOutbox(ctx.deps, t)).toMatchObject({ claimed: 1, sent: 1 });
    expect(sent).toEqual([{ channel: 'sms', to: member.phone, subject: expect.any(String), text: expect.stringContaining('Your initial service password is 123456.'), secret: true }]);
    const [row] = await rows();
    expect(row).toMatchObject({ notificationId: null, status: 'sent', body: REDACTED });
    expect(JSON.stringify(await rows())).not.toContain('123456');
  });

  it('are redacted when given up, are not sent to a disabled account, and cannot be retried once redacted', async () => {
    const member = await createUser(ctx);
    const disabled = await createUser(ctx);
    await ctx.deps.db.update(users).set({ disabledAt: ctx.clock.now() }).where(eq(users.id, disabled.id));
    await queueDirectMessage(ctx.deps.db, ctx.clock.now(), { userId: member.id, channel: 'sms', destination: member.phone, text: '初始服务密码 654321' });
    await queueDirectMessage(ctx.deps.db, ctx.clock.now(), { userId: disabled.id, channel: 'sms', destination: disabled.phone, text: '初始服务密码 111222' });

    const down = transport(true);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await deliverOutbox(ctx.deps, down.t);
      ctx.clock.advance(retryDelay(attempt));
    }
    const [failed, refused] = await rows();
    expect(failed).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, body: REDACTED, lastError: 'gateway down' });
    expect(refused).toMatchObject({ status: 'failed', body: REDACTED, lastError: 'not sent: the account is disabled' });

    const admin = await createUser(ctx, { role: 'admin' });
    const client = new TestClient(ctx);
    await client.signIn(admin.phone);
    const page = await (await client.get('/admin/outbox')).text();
    expect(page).toContain('直发短信（如初始服务密码，内容不显示）');
    expect(page).not.toContain('654321');
    const retry = await client.post(`/admin/outbox/${failed!.id}/retry`, {});
    expect(retry.status).toBe(303);
    await client.post('/admin/outbox/retry-failed', {});
    expect((await rows()).map((r) => r.status)).toEqual(['failed', 'failed']); // a redacted text is never sent again
  });
});
