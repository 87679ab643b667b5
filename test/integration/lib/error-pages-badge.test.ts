import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notifications } from '../../../db/schema';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createLounge, createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const badge = (html: string) => html.match(/<span class="count-badge" aria-hidden="true">(\d+)<\/span>/)?.[1];

describe('the unread badge on error pages (issue 13)', () => {
  it('shows a signed-in person’s unread count on 404, 403, 405-ish and 422 pages as on any page', async () => {
    const user = await createUser(ctx, { tierCode: 'gold' });
    const lounge = await createLounge(ctx);
    for (let i = 0; i < 2; i++) {
      await ctx.deps.db.insert(notifications).values({ userId: user.id, kind: 'club.promoted', params: { clubZh: '高尔夫球俱乐部', clubEn: 'Golf Club' }, createdAt: ctx.clock.now() });
    }
    const client = new TestClient(ctx);
    await client.signIn(user.phone);
    expect(badge(await (await client.get('/me')).text())).toBe('2');
    const cases: Array<[string, Promise<Response>, number]> = [
      ['404', client.get('/no-such-page'), 404],
      ['404 of a missing row', client.get('/lounges/999999'), 404],
      ['403', client.get('/admin'), 403],
      ['422 at a POST URL', client.post(`/lounges/${lounge.id}/bookings`, { slot: 'x', companions: '0', flight: '' }), 422],
      ['404 at a POST URL', client.post('/lounges/passes/ZZZZ9999/cancel', {}), 404],
    ];
    for (const [what, response, status] of cases) {
      const res = await response;
      expect(res.status, what).toBe(status);
      const html = await res.text();
      expect(html, what).toContain('<html');
      expect(badge(html), what).toBe('2');
    }
    // signed out: no inbox at all
    const stranger = await new TestClient(ctx).get('/no-such-page');
    expect(await stranger.text()).not.toContain('inbox-link');
  });
});
