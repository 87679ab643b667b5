import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../helpers/context';
import type { TestClient } from '../../helpers/client';
import { buildProgramme, clientsFor, fillPath, routesOf, type Programme, type RoleName } from '../../helpers/security-fixture';

/**
 * Every answer to a signed-in user is kept out of shared and back-button caches: `private, no-store`, unless the route
 * chose its own no-store. Static assets keep their long public caching.
 */

let ctx: TestContext;
let p: Programme;
let clients: Record<RoleName, TestClient>;
beforeAll(async () => {
  ctx = await createTestContext();
  p = await buildProgramme(ctx);
  clients = await clientsFor(ctx, p);
});
afterAll(() => ctx.close());

describe('Cache-Control for signed-in users', () => {
  it('is private, no-store on the member pages, passes, tickets and the calendar file', async () => {
    const paths = ['/', '/me', '/me/statement', '/account', `/tickets/${p.regB.code}`, `/tickets/${p.regB.code}.ics`, `/lounges/passes/${p.bookingB.code}`, '/inbox', '/events', `/me/feedback/${p.ticketB.reference}`];
    for (const path of paths) {
      const res = await clients.memberB.get(path);
      expect(res.status, path).toBeLessThan(400);
      expect(res.headers.get('cache-control'), path).toBe('private, no-store');
    }
  });

  it('is there on error pages and fragments too', async () => {
    expect((await clients.memberA.get('/admin')).headers.get('cache-control')).toBe('private, no-store'); // 403
    expect((await clients.memberA.get('/no-such-page')).headers.get('cache-control')).toBe('private, no-store'); // 404
    const fragment = await clients.coordY.get(`/coordinator/clubs/${p.clubY.id}?q=a`, { headers: { 'hx-request': 'true', 'hx-request-type': 'partial' } });
    expect(fragment.headers.get('cache-control')).toBe('private, no-store');
  });

  it('covers every GET route an admin can open, leaving routes with their own no-store as they are', async () => {
    const gets = routesOf(ctx.app).filter((r) => r.method === 'GET' && !['/assets/*', '/healthz'].includes(r.path));
    expect(gets.length).toBeGreaterThan(40);
    const missing: string[] = [];
    for (const route of gets) {
      const path = fillPath(route.path, p);
      for (const role of ['admin', 'memberB'] as const) {
        const res = await clients[role].get(path);
        if (!/\bno-store\b/.test(res.headers.get('cache-control') ?? '')) missing.push(`${role} ${path} ${res.status}`);
      }
    }
    expect(missing).toEqual([]);
    expect((await clients.admin.get('/admin/audit.csv')).headers.get('cache-control')).toBe('no-store');
  });

  it('leaves signed-out pages and static assets alone', async () => {
    expect((await clients.anon.get('/login')).headers.get('cache-control')).toBeNull();
    const asset = await clients.memberB.get(fillPath('/assets/*', p));
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });
});
