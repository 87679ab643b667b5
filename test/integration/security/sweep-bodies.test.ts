import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from '../../../src/app';
import { createTestContext, type TestContext } from '../../helpers/context';
import { ROLES, buildProgramme, clientsFor, fillPath, routesOf, type Programme, type RoleName } from '../../helpers/security-fixture';
import { allowedRole, ruleFor, validBody, type Rule } from '../../helpers/security-routes';
import { securityHeaderProblems } from '../../helpers/security-headers';
import type { TestClient } from '../../helpers/client';

/**
 * Every POST route, sent by a role that may use it, with bodies no form of ours produces: too large, malformed,
 * repeated, array-shaped, ten thousand fields, and each field of the route's real form (read from the pages that
 * post to it) replaced in turn by a wrongly-typed value. Never a 500; a 4xx comes with the error page or the
 * form again; 413 is the answer to anything over the 1 MiB limit.
 */

const routes = await (async () => {
  const ctx = await createTestContext();
  try {
    return routesOf(ctx.app).filter((r) => r.method === 'POST');
  } finally {
    ctx.close();
  }
})();

const BAD_VALUES = ['abc', '-1', '0', '99999999999999999999999', '1e309', '', ' 1 ', '１２', '2.5', 'NaN', '<x>', 'x'.repeat(20_000), '\u0000'];

const FORM_RE = /<form\b([^>]*)>([\s\S]*?)<\/form>/g;
const FIELD_RE = /<(input|select|textarea)\b([^>]*)>/g;
const attr = (attrs: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1]?.replace(/&amp;/g, '&').replace(/&quot;/g, '"');

/** The fields of every POST form on a page, by the route pattern its action matches. */
function formsOn(html: string, match: (action: string) => string | undefined, out: Map<string, Record<string, string>>) {
  for (const [, formAttrs, inner] of html.matchAll(FORM_RE)) {
    if ((attr(formAttrs!, 'method') ?? 'get').toLowerCase() !== 'post') continue;
    const action = (attr(formAttrs!, 'action') ?? '').split('?')[0]!;
    const route = match(action);
    if (!route || out.has(route)) continue;
    const fields: Record<string, string> = {};
    for (const [, , fieldAttrs] of inner!.matchAll(FIELD_RE)) {
      const name = attr(fieldAttrs!, 'name');
      if (name && !(name in fields)) fields[name] = attr(fieldAttrs!, 'value') ?? '1';
    }
    out.set(route, fields);
  }
}

function patternOf(path: string): RegExp {
  const source = path
    .replace(/:[a-z]+\{[^}]*\}/g, '[^/]+')
    .replace(/:[a-z]+/g, '[^/]+')
    .replace(/\./g, '\\.');
  return new RegExp(`^${source}$`);
}

function expectFine(res: Response, body: string, what: string, problems: string[]) {
  if (res.status >= 500) problems.push(`${what}: ${res.status}`);
  else if ([400, 413, 415].includes(res.status) && !body.includes('<h1 id="error-title">')) problems.push(`${what}: ${res.status} without the error page`);
  else if (res.status === 422 && !/<h1[ >]|role="alert"/.test(body)) problems.push(`${what}: 422 without the form`);
  problems.push(...securityHeaderProblems(res).map((x) => `${what}: ${x}`));
}

describe(`bad bodies: ${routes.length} POST routes`, () => {
  let ctx: TestContext;
  let p: Programme;
  const forms = new Map<string, Record<string, string>>();
  beforeAll(async () => {
    ctx = await createTestContext();
    p = await buildProgramme(ctx);
    // read the real forms off every page, as the roles that see them
    const clients = await clientsFor(ctx, p);
    const patterns = routes.map((r) => [r.path, patternOf(r.path)] as const);
    const match = (action: string) => patterns.find(([, re]) => re.test(action))?.[0];
    const pages = routesOf(ctx.app).filter((r) => r.method === 'GET' && !/\.(csv|xlsx|ics)|\{|assets|healthz/.test(r.path));
    for (const role of ['admin', 'coordY', 'staffM', 'memberB', 'anon'] as RoleName[]) {
      for (const page of pages) {
        const res = await clients[role].get(fillPath(page.path, p));
        if (res.status === 200) formsOn(await res.text(), match, forms);
      }
    }
  });
  afterAll(() => ctx.close());

  it('found the real form of most POST routes', () => {
    expect(forms.size).toBeGreaterThan(routes.length * 0.6);
  });

  for (const route of routes) {
    it(`POST ${route.path}`, async () => {
      const rule = ruleFor('POST', route.path) as Rule;
      const role = allowedRole(rule);
      // a session of its own per route: an earlier route (sign-out, a disabled account) cannot spoil the next
      const client: TestClient = (await clientsFor(ctx, p))[ROLES.includes(role) ? role : 'admin'];
      const path = fillPath(route.path, p);
      const base = { ...(forms.get(route.path) ?? {}), ...validBody(route.path, p) };
      const problems: string[] = [];
      const send = async (what: string, body: string | Uint8Array, type = 'application/x-www-form-urlencoded') => {
        const res = await client.request(path, { method: 'POST', body: body as RequestInit['body'], headers: { 'content-type': type } });
        const text = await res.text();
        expectFine(res, text, what, problems);
        return res;
      };
      const big = await send('oversized', `a=${'x'.repeat(BODY_LIMIT_BYTES + 1)}`);
      if (big.status !== 413) problems.push(`oversized: ${big.status}, not 413`);
      const boundary = 'zzBOUNDARYzz';
      const bigMultipart = await send('oversized multipart', `--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\n${'x'.repeat(BODY_LIMIT_BYTES + 1)}\r\n--${boundary}--\r\n`, `multipart/form-data; boundary=${boundary}`);
      if (bigMultipart.status !== 413) problems.push(`oversized multipart: ${bigMultipart.status}, not 413`);
      const fields = Object.keys(base).length ? Object.keys(base) : ['id'];
      const encoded = (f: Record<string, string>) => new URLSearchParams(f).toString();
      await send('%zz', `${fields[0]}=%zz&${fields.slice(1).map((k) => `${k}=%`).join('&')}`);
      await send('percent-encoded invalid UTF-8', fields.map((k) => `${k}=%FF%FE%C0%AF`).join('&'));
      await send('raw invalid UTF-8', Buffer.concat([Buffer.from(`${fields[0]}=`), Buffer.from([0xff, 0xfe, 0xc0, 0xaf])]));
      await send('repeated fields', `${encoded(base)}&${encoded(base)}`);
      await send('array fields', fields.map((k) => `${k}[]=1&${k}[]=2&${k}[0]=3`).join('&'));
      await send('10,000 fields', Array.from({ length: 10_000 }, (_, i) => `f${i}=1`).join('&'));
      await send('malformed multipart', `--${boundary}\r\nContent-Disposition: form-data; name="${fields[0]}"\r\n\r\nx`, `multipart/form-data; boundary=${boundary}`);
      await send('multipart without a boundary', 'x', 'multipart/form-data');
      await send('a file where a field is expected', `--${boundary}\r\nContent-Disposition: form-data; name="${fields[0]}"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nabc\r\n--${boundary}--\r\n`, `multipart/form-data; boundary=${boundary}`);
      for (const field of Object.keys(base)) {
        for (const value of BAD_VALUES) await send(`${field}=${JSON.stringify(value.slice(0, 12))}`, encoded({ ...base, [field]: value }));
      }
      expect(problems).toEqual([]);
    });
  }
});
