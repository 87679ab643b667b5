import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createUser } from '../../helpers/factories';
import { BODY_LIMIT_BYTES } from '../../../src/app';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
  // a route that fails, to see what a 500 looks like
  ctx.app.get('/test-only/boom', () => {
    throw new Error('kaboom');
  });
});
afterEach(() => ctx.close());

function expectSecurityHeaders(res: Response, opts: { production?: boolean } = {}) {
  const csp = res.headers.get('content-security-policy')!;
  expect(csp).toBeTruthy();
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
  expect(directives['default-src']).toEqual(["'self'"]);
  expect(directives['script-src']![0]).toBe("'self'");
  expect(directives['script-src']![1]).toMatch(/^'nonce-[A-Za-z0-9+/=]{16,}'$/);
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(directives['object-src']).toEqual(["'none'"]);
  expect(directives['base-uri']).toEqual(["'none'"]);
  expect(directives['frame-ancestors']).toEqual(["'none'"]);
  expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  if (opts.production) expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  else expect(res.headers.get('strict-transport-security')).toBeNull();
  return directives;
}

describe('security headers', () => {
  it('are on a 200 page, and the page uses the response nonce for its script', async () => {
    const res = await new TestClient(ctx).get('/login');
    expect(res.status).toBe(200);
    const directives = expectSecurityHeaders(res);
    const nonce = directives['script-src']![1]!.slice("'nonce-".length, -1);
    const html = await res.text();
    expect(html).toContain(`nonce="${nonce}"`);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline scripts
    expect(html).not.toMatch(/\son[a-z]+=/); // no inline event handlers
    expect(html).not.toMatch(/\sstyle=/); // no inline styles
  });

  it('differ in nonce from one response to the next', async () => {
    const a = (await new TestClient(ctx).get('/login')).headers.get('content-security-policy');
    const b = (await new TestClient(ctx).get('/login')).headers.get('content-security-policy');
    expect(a).not.toBe(b);
  });

  it('are on a 404 page rendered in the layout', async () => {
    const res = await new TestClient(ctx).get('/no-such-page');
    expect(res.status).toBe(404);
    expectSecurityHeaders(res);
    const html = await res.text();
    expect(html).toContain('<h1 id="error-title">页面不存在</h1>');
    expect(html).toContain('class="site-header"');
  });

  it('are on a 500 page, which shows a reference but not the error', async () => {
    const res = await new TestClient(ctx).get('/test-only/boom');
    expect(res.status).toBe(500);
    expectSecurityHeaders(res);
    const html = await res.text();
    expect(html).toContain('出错了');
    expect(html).toContain(res.headers.get('x-request-id')!);
    expect(html).not.toContain('kaboom');
    expect(ctx.logs.some((l) => l.msg === 'unhandled error' && (l.error as { message: string }).message === 'kaboom')).toBe(true);
  });

  it('are on static assets, which are cached for a year', async () => {
    const page = await (await new TestClient(ctx).get('/login')).text();
    const cssUrl = page.match(/href="(\/assets\/pico\.[0-9a-f]+\.css)"/)![1]!;
    const res = await new TestClient(ctx).get(cssUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expectSecurityHeaders(res);
    const js = page.match(/src="(\/assets\/htmx\.[0-9a-f]+\.js)"/)![1]!;
    const jsRes = await new TestClient(ctx).get(js);
    expect(jsRes.status).toBe(200);
    expect(await jsRes.text()).toContain('htmx');
  });

  it('include HSTS for a year in production', async () => {
    const prod = await createTestContext({ env: { NODE_ENV: 'production', PUBLIC_ORIGIN: 'http://127.0.0.1:3000' } });
    try {
      const res = await new TestClient(prod).get('/login');
      expectSecurityHeaders(res, { production: true });
    } finally {
      prod.close();
    }
  });

  it('never expose X-Powered-By', async () => {
    const res = await new TestClient(ctx).get('/');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});

describe('bodies', () => {
  it('answers 413 to an oversized body, in the layout, writing nothing', async () => {
    const big = 'x'.repeat(BODY_LIMIT_BYTES + 10);
    const res = await new TestClient(ctx).post('/login', { phone: '13800000000', password: big });
    expect(res.status).toBe(413);
    expectSecurityHeaders(res);
    expect(await res.text()).toContain('提交内容过大');
  });

  it('answers a malformed multipart body with a 4xx, never a 500', async () => {
    const res = await new TestClient(ctx).request('/login', {
      method: 'POST',
      body: '--xyz\r\nContent-Disposition: form-data; name="phone"\r\n\r\n138',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('answers repeated and unexpected fields with 422 and the form', async () => {
    const repeated = await new TestClient(ctx).request('/login', {
      method: 'POST',
      body: 'phone=1&phone=2&password=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(repeated.status).toBe(422);
    const extra = await new TestClient(ctx).post('/login', { phone: '13800000000', password: 'x', role: 'admin' });
    expect(extra.status).toBe(422);
    expect(await extra.text()).toContain('表单包含无法识别的内容');
  });
});

describe('cookies', () => {
  const garbage = ['', 'x', 'a'.repeat(32), '%%%', 'A'.repeat(5000), '../../etc/passwd', 'abc; other=1', '\u00e9\u00e9'];
  for (const value of garbage) {
    it(`treats a garbage session cookie (${JSON.stringify(value.slice(0, 12))}) as signed out, never 500`, async () => {
      const client = new TestClient(ctx);
      const res = await client.get('/me', { headers: { cookie: `vip_session=${encodeURIComponent(value)}` } });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/login?next=%2Fme');
      const home = await client.get('/', { headers: { cookie: `vip_session=${encodeURIComponent(value)}; vip_lang=%ZZ; vip_flash=%7Bnot-json` } });
      expect(home.status).toBe(200);
    });
  }

  it('in production are Secure and __Host- prefixed', async () => {
    const prod = await createTestContext({ env: { NODE_ENV: 'production', PUBLIC_ORIGIN: 'http://127.0.0.1:3000' } });
    try {
      const member = await createUser(prod);
      const res = await new TestClient(prod).post('/login', { phone: member.phone, password: 'harbour-lights-42' });
      expect(res.status).toBe(303);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-vip_session='))!;
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).not.toMatch(/Domain=/i);
      const device = res.headers.getSetCookie().find((c) => c.startsWith('__Host-vip_device='))!;
      expect(device).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
      expect(device).not.toMatch(/Domain=/i);
      expect(res.headers.getSetCookie().some((c) => c.startsWith('vip_device='))).toBe(false);
    } finally {
      prod.close();
    }
  });
});
