import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../helpers/context';
import type { TestClient } from '../../helpers/client';
import { B_NAME, B_PHONE, ROLES, buildProgramme, clientsFor, databaseChecksum, fillPath, routesOf, type Programme, type RoleName } from '../../helpers/security-fixture';
import { mayUse, ruleFor, validBody, type Rule } from '../../helpers/security-routes';
import { securityHeaderProblems } from '../../helpers/security-headers';

/**
 * Every route the app registers × every role, with ids belonging to someone else (member B, club Y, lounge M):
 * the answer each role gets comes from the table in test/helpers/security-routes.ts. A refusal writes nothing and
 * never shows member B's name or phone; nobody but B, club Y's coordinator, lounge M's staff and admins ever sees
 * them on any page; every answer carries the security headers.
 */

const HTMX = { 'hx-request': 'true', 'hx-request-type': 'partial' };
/** roles that have no business with anything of member B's: B's name and phone never reach them */
const STRANGERS: RoleName[] = ['anon', 'memberA', 'coordX', 'staffL'];

const routes = await (async () => {
  const ctx = await createTestContext();
  try {
    return routesOf(ctx.app);
  } finally {
    ctx.close();
  }
})();

type Outcome = 'ok' | 'login' | 'deny' | 'formPage';
function expectedOutcome(rule: Rule, role: RoleName): Outcome {
  if ('public' in rule) return 'ok';
  if ('formPage' in rule) return 'formPage';
  if (role === 'anon') return 'login';
  return mayUse(rule, role) ? 'ok' : 'deny';
}

/** Checks one answer; returns what is wrong with it (empty when all is well). */
async function judge(res: Response, expected: Outcome, role: RoleName, htmx: boolean, method = 'GET'): Promise<string[]> {
  const problems: string[] = [];
  const body = await res.text();
  const location = res.headers.get('location') ?? '';
  if (res.status >= 500) problems.push(`answered ${res.status}`);
  else if (expected === 'formPage') {
    // sent on to the form's page (anon perhaps to sign in first, or asked for a full navigation by htmx), or refused
    // already by the section (403/404, as the form's page would)
    const signIn = htmx ? res.status === 401 && (res.headers.get('hx-redirect') ?? '').startsWith('/login?next=') : location.startsWith('/login?next=');
    const refused = (res.status === 403 || res.status === 404) && role !== 'anon';
    if (!(res.status === 303 && location !== '' && !signIn) && !refused && !(role === 'anon' && signIn)) problems.push(`expected a redirect to the form's page, got ${res.status} ${location}`);
  } else if (expected === 'login') {
    // a fragment request cannot show the sign-in page in place: 401 and a full navigation asked of htmx
    const ok = htmx
      ? res.status === 401 && (res.headers.get('hx-redirect') ?? '').startsWith('/login?next=')
      : res.status === 303 && location.startsWith('/login?next=');
    if (!ok) problems.push(`expected to be sent to sign in, got ${res.status} ${location}`);
  } else if (expected === 'deny') {
    if (res.status !== 403 && res.status !== 404) problems.push(`expected 403/404, got ${res.status} ${location}`);
    // the error page, or a page of its own saying why (e.g. "only members can join clubs"), or the fragment
    else if (!(htmx ? /<p class="form-error" role="alert">|<h1[ >]/ : /<h1[ >]/).test(body)) problems.push('refused without the error page / fragment');
  } else if (res.status === 403 || (res.status === 404 && method === 'GET') || location.startsWith('/login')) problems.push(`expected to be let through, got ${res.status} ${location}`);
  if (role !== 'memberB' && (expected !== 'ok' || STRANGERS.includes(role)) && (body.includes(B_NAME) || body.includes(B_PHONE))) problems.push("member B's name or phone in the answer");
  problems.push(...securityHeaderProblems(res));
  return problems;
}

function unclassified(): string[] {
  return routes.filter((r) => !ruleFor(r.method, r.path)).map((r) => `${r.method} ${r.path}`);
}

describe('authorization sweep: every route × every role × the other party’s ids', () => {
  it('classifies every route the app registers (add new ones to test/helpers/security-routes.ts)', () => {
    expect(unclassified()).toEqual([]);
    expect(routes.length).toBeGreaterThan(100);
    expect(routes.filter((r) => r.method === 'POST').length).toBeGreaterThan(50);
  });

  describe('GET, as a page and as an htmx fragment', () => {
    let ctx: TestContext;
    let p: Programme;
    let clients: Record<RoleName, TestClient>;
    beforeAll(async () => {
      ctx = await createTestContext();
      p = await buildProgramme(ctx);
      clients = await clientsFor(ctx, p);
    });
    afterAll(() => ctx.close());

    for (const route of routes.filter((r) => r.method === 'GET')) {
      it(`GET ${route.path}`, async () => {
        const rule = ruleFor('GET', route.path);
        if (!rule) return; // reported by the classification test
        const path = fillPath(route.path, p);
        const problems: string[] = [];
        // GET is safe: nobody's GET, allowed or refused, page or fragment, writes anything (a CSV export of
        // personal data is audited: the audit log is the one thing it may add to)
        const except = /\.(csv|xlsx)$/.test(route.path) ? ['audit_log'] : [];
        const before = await databaseChecksum(ctx, except);
        for (const role of ROLES) {
          for (const headers of [{}, HTMX]) {
            const res = await clients[role].get(path, { headers });
            for (const problem of await judge(res, expectedOutcome(rule, role), role, headers === HTMX)) problems.push(`${role}${headers === HTMX ? ' (htmx)' : ''}: ${problem}`);
          }
        }
        if ((await databaseChecksum(ctx, except)) !== before) problems.push('a GET wrote to the database');
        expect(problems).toEqual([]);
      });
    }
  });

  describe('POST, refused roles first (nothing written), then the allowed ones', () => {
    for (const route of routes.filter((r) => r.method !== 'GET')) {
      it(`${route.method} ${route.path}`, async () => {
        const rule = ruleFor(route.method, route.path);
        if (!rule) return;
        const ctx = await createTestContext();
        try {
          const p = await buildProgramme(ctx);
          const clients = await clientsFor(ctx, p);
          const path = fillPath(route.path, p);
          const form = validBody(route.path, p);
          const order = [...ROLES].sort((a, b) => Number(expectedOutcome(rule, a) === 'ok') - Number(expectedOutcome(rule, b) === 'ok'));
          const problems: string[] = [];
          // every refusal first, then one look at the database: the refusals together wrote nothing
          const before = await databaseChecksum(ctx);
          let refusalsChecked = false;
          for (const role of order) {
            const expected = expectedOutcome(rule, role);
            if (expected === 'ok' && !refusalsChecked) {
              if ((await databaseChecksum(ctx)) !== before) problems.push('a refused request wrote to the database');
              refusalsChecked = true;
            }
            // an allowed request may change what the next one sees; it is sent once, as a plain form post
            for (const headers of expected === 'ok' ? [{}] : [HTMX, {}]) {
              const res = await clients[role].request(path, { method: route.method, form, headers });
              for (const problem of await judge(res, expected, role, headers === HTMX, route.method)) problems.push(`${role}${headers === HTMX ? ' (htmx)' : ''}: ${problem}`);
            }
          }
          if (!refusalsChecked && (await databaseChecksum(ctx)) !== before) problems.push('a refused request wrote to the database');
          expect(problems).toEqual([]);
        } finally {
          ctx.close();
        }
      });
    }
  });
});
