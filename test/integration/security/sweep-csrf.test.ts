import { describe, expect, it } from 'vitest';
import { TEST_ORIGIN, createTestContext } from '../../helpers/context';
import { buildProgramme, clientsFor, databaseChecksum, fillPath, routesOf } from '../../helpers/security-fixture';
import { allowedRole, ruleFor, validBody } from '../../helpers/security-routes';
import { securityHeaderProblems } from '../../helpers/security-headers';

/**
 * Every state-changing route the app registers, sent as a role that may use it with a form that would pass, from
 * a forged context: each variant is refused (403, or 415 for a body that is not a form) and writes nothing. A last,
 * genuine same-origin request proves the refusals were the CSRF defence at work and not something else.
 * (test/integration/security/csrf.test.ts has the detailed cases for sign-in and password change.)
 */

const FOREIGN = 'https://evil.example';
type Variant = { name: string; headers: Record<string, string>; body?: 'form' | 'json' | 'text' | 'none'; status: readonly number[] };

const VARIANTS: Variant[] = [
  { name: 'no Origin and no Sec-Fetch-Site', headers: { origin: '' }, status: [403] },
  { name: 'a foreign Origin', headers: { origin: FOREIGN }, status: [403] },
  { name: 'Origin: null', headers: { origin: 'null' }, status: [403] },
  { name: 'a look-alike Origin', headers: { origin: `${TEST_ORIGIN}.evil.example` }, status: [403] },
  { name: 'our origin over https (another origin)', headers: { origin: TEST_ORIGIN.replace('http:', 'https:') }, status: [403] },
  { name: 'Sec-Fetch-Site: cross-site without Origin', headers: { origin: '', 'sec-fetch-site': 'cross-site' }, status: [403] },
  { name: 'Sec-Fetch-Site: same-site without Origin', headers: { origin: '', 'sec-fetch-site': 'same-site' }, status: [403] },
  { name: 'a foreign Origin and Sec-Fetch-Site: cross-site', headers: { origin: FOREIGN, 'sec-fetch-site': 'cross-site' }, status: [403] },
  { name: 'a foreign Origin and no content type at all', headers: { origin: FOREIGN }, body: 'none', status: [403] },
  { name: 'text/plain from a foreign Origin', headers: { origin: FOREIGN }, body: 'text', status: [403] },
  { name: 'text/plain from our origin (not a form)', headers: {}, body: 'text', status: [415] },
  { name: 'JSON from our origin', headers: {}, body: 'json', status: [415] },
  { name: 'JSON from a foreign Origin', headers: { origin: FOREIGN }, body: 'json', status: [403, 415] },
  { name: 'JSON with no Origin', headers: { origin: '' }, body: 'json', status: [403, 415] },
];

const routes = await (async () => {
  const ctx = await createTestContext();
  try {
    return routesOf(ctx.app).filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method));
  } finally {
    ctx.close();
  }
})();

describe(`CSRF sweep: ${routes.length} state-changing routes × ${VARIANTS.length} forged variants`, () => {
  it('covers every state-changing route', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.filter((r) => !ruleFor(r.method, r.path)).map((r) => r.path)).toEqual([]);
  });

  for (const route of routes) {
    it(`${route.method} ${route.path}`, async () => {
      const rule = ruleFor(route.method, route.path)!;
      const ctx = await createTestContext();
      try {
        const p = await buildProgramme(ctx);
        const client = (await clientsFor(ctx, p))[allowedRole(rule)];
        const path = fillPath(route.path, p);
        const form = validBody(route.path, p);
        const before = await databaseChecksum(ctx);
        const problems: string[] = [];
        for (const v of VARIANTS) {
          const kind = v.body ?? 'form';
          const opts =
            kind === 'form'
              ? { form, headers: v.headers }
              : {
                  body: kind === 'json' ? JSON.stringify(form) : kind === 'text' ? new URLSearchParams(form).toString() : undefined,
                  headers: { ...v.headers, ...(kind === 'json' ? { 'content-type': 'application/json' } : kind === 'text' ? { 'content-type': 'text/plain' } : {}) },
                };
          const res = await client.request(path, { method: route.method, ...opts });
          if (!v.status.includes(res.status)) problems.push(`${v.name}: ${res.status} ${res.headers.get('location') ?? ''}`);
          else if (!(await res.text()).includes('<h1 id="error-title">')) problems.push(`${v.name}: no error page`);
          problems.push(...securityHeaderProblems(res).map((x) => `${v.name}: ${x}`));
        }
        if ((await databaseChecksum(ctx)) !== before) problems.push('a forged request wrote to the database');
        // the same request from our own page is not refused by the CSRF defence
        const genuine = await client.request(path, { method: route.method, form });
        if (genuine.status === 403 || genuine.status === 415 || genuine.status >= 500) problems.push(`the genuine request answered ${genuine.status}`);
        expect(problems).toEqual([]);
      } finally {
        ctx.close();
      }
    });
  }
});
