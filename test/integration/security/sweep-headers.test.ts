import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from '../../../src/app';
import { createTestContext, type TestContext } from '../../helpers/context';
import type { TestClient } from '../../helpers/client';
import { buildProgramme, clientsFor, fillPath, type Programme, type RoleName } from '../../helpers/security-fixture';
import { securityHeaderProblems } from '../../helpers/security-headers';

/**
 * The security headers on every kind of answer the app gives (the authorization sweep also checks them on every
 * route × role). test/integration/security/headers.test.ts has the detailed nonce, HSTS and asset-caching cases.
 */

let ctx: TestContext;
let p: Programme;
let clients: Record<RoleName, TestClient>;
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.app.get('/test-only/boom', () => {
    throw new Error('kaboom');
  });
  p = await buildProgramme(ctx);
  clients = await clientsFor(ctx, p);
});
afterAll(() => ctx.close());

const HTMX = { 'hx-request': 'true', 'hx-request-type': 'partial' };

const cases: Array<[string, () => Promise<Response>, number, RegExp]> = [
  ['an HTML page', () => clients.memberA.get('/events'), 200, /^text\/html/],
  ['an htmx fragment', () => clients.coordY.get(`/coordinator/clubs/${p.clubY.id}?q=a`, { headers: HTMX }), 200, /^text\/html/],
  ['a redirect', () => clients.anon.get('/me'), 303, /.*/],
  ['a 401 asking htmx to navigate', () => clients.anon.get('/me', { headers: HTMX }), 401, /.*/],
  ['a 404 page', () => clients.memberA.get('/no-such-page'), 404, /^text\/html/],
  ['a 404 fragment', () => clients.memberA.get('/no-such-page', { headers: HTMX }), 404, /^text\/html/],
  ['a 403 page', () => clients.memberA.get('/admin'), 403, /^text\/html/],
  ['a 400 page', () => clients.memberA.request('/inbox/read', { method: 'POST', body: 'x', headers: { 'content-type': 'multipart/form-data' } }), 400, /^text\/html/],
  ['a 413 page', () => clients.memberA.post('/account/children', { name: 'x'.repeat(BODY_LIMIT_BYTES + 1) }), 413, /^text\/html/],
  ['a 415 page', () => clients.memberA.request('/account/children', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }), 415, /^text\/html/],
  ['a 422 form', () => clients.memberA.post('/account/children', { name: '', birthYear: 'x' }), 422, /^text\/html/],
  ['a CSV download', () => clients.admin.get('/admin/audit.csv'), 200, /^text\/csv/],
  ['an .xlsx download', () => clients.admin.get('/admin/audit.xlsx'), 200, /^application\/vnd.openxmlformats-officedocument.spreadsheetml.sheet$/],
  ['a calendar file', () => clients.memberB.get(fillPath('/tickets/:code{[A-Za-z0-9-]{8,9}\\.ics}', p)), 200, /^text\/calendar/],
  ['a static asset', () => clients.anon.get(fillPath('/assets/*', p)), 200, /^text\/css/],
  ['the health probe', () => clients.anon.get('/healthz'), 200, /^application\/json/],
  ['a 500 page', () => clients.memberA.get('/test-only/boom'), 500, /^text\/html/],
];

describe('security headers on every kind of answer', () => {
  for (const [name, send, status, type] of cases) {
    it(`${name} (${status})`, async () => {
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type') ?? '').toMatch(type);
      expect(securityHeaderProblems(res)).toEqual([]);
      const body = await res.text();
      if (status === 500) expect(body).not.toContain('kaboom');
      // no HTML answer carries an inline script, event handler or style attribute
      if (/^text\/html/.test(res.headers.get('content-type') ?? '')) {
        expect(body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
        expect(body).not.toMatch(/\son[a-z]+=/);
        expect(body).not.toMatch(/\sstyle=/);
      }
    });
  }

  it('a throttled sign-in (429) too', async () => {
    let res: Response | undefined;
    for (let i = 0; i < 8; i++) res = await clients.anon.post('/login', { phone: p.people.memberA.phone, password: `wrong-${i}-password` });
    expect(res!.status).toBe(429);
    expect(securityHeaderProblems(res!)).toEqual([]);
  });
});
