import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import { auditLog, clubCoordinators, entitlementLedger, loungeStaff, notifications, outbox, sessions, users } from '../../../db/schema';
import { getPersonDetail } from '../../../src/admin/member-detail';
import { parsePeopleQuery, searchPeople } from '../../../src/admin/members';
import { setClubCoordinator } from '../../../src/admin/staff';
import type { Actor } from '../../../src/auth/policy';
import { setLoungeStaff } from '../../../src/lounges/admin';
import { changeMemberTier } from '../../../src/lounges/allowances';
import { enrolPerson, reissueInitialPassword, setUserDisabled } from '../../../src/members/service';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createLounge, createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

/** A member M (the target), a coordinator C and lounge staff S (who are also actors), another member and an admin. */
async function world() {
  const m = await createUser(ctx, { name: '目标会员', phone: '13912345678', tierCode: 'gold' });
  const otherMember = await createUser(ctx, { name: '另一会员' });
  const c = await createUser(ctx, { role: 'coordinator', name: '协调员' });
  const s = await createUser(ctx, { role: 'lounge_staff', name: '服务员' });
  const admin = await createUser(ctx, { role: 'admin', name: '管理员' });
  const club = await createClub(ctx);
  const lounge = await createLounge(ctx);
  return { m, otherMember, c, s, admin, club, lounge };
}
type World = Awaited<ReturnType<typeof world>>;

type ActorName = 'anonymous' | 'member' | 'coordinator' | 'lounge staff' | 'admin';
const ACTORS: Array<[ActorName, (w: World) => { phone: string } | null]> = [
  ['anonymous', () => null],
  ['member', (w) => w.otherMember],
  ['coordinator', (w) => w.c],
  ['lounge staff', (w) => w.s],
  ['admin', (w) => w.admin],
];

interface Request {
  name: string;
  method: 'GET' | 'POST';
  path: (w: World) => string;
  form?: (w: World) => Record<string, string>;
  /** what an admin gets; everyone else signed in gets 403, anonymous visitors are sent to sign in */
  admin: number;
}

// In order: the admin's changes run one after another (re-issue before disable, disable before enable).
const REQUESTS: Request[] = [
  { name: 'list', method: 'GET', path: () => '/admin/members', admin: 200 },
  { name: 'search', method: 'GET', path: () => '/admin/members?q=5678&role=member', admin: 200 },
  { name: 'person', method: 'GET', path: (w) => `/admin/members/${w.m.id}`, admin: 200 },
  { name: 'missing person', method: 'GET', path: () => '/admin/members/999999', admin: 404 },
  { name: 'disable confirmation', method: 'GET', path: (w) => `/admin/members/${w.m.id}/disable`, admin: 200 },
  { name: 're-issue confirmation', method: 'GET', path: (w) => `/admin/members/${w.m.id}/password`, admin: 200 },
  { name: 'enrol form', method: 'GET', path: () => '/admin/members/new', admin: 200 },
  { name: 'staff form', method: 'GET', path: () => '/admin/staff/new', admin: 200 },
  { name: 'enrol', method: 'POST', path: () => '/admin/members', form: () => ({ phone: '13655550001', name: '新会员', tier: 'gold', locale: 'zh' }), admin: 201 },
  { name: 'enrol staff', method: 'POST', path: () => '/admin/staff', form: () => ({ phone: '13655550002', name: '新员工', role: 'admin', locale: 'zh' }), admin: 201 },
  { name: 'change tier', method: 'POST', path: (w) => `/admin/members/${w.m.id}/tier`, form: () => ({ tier: 'diamond' }), admin: 303 },
  { name: 'assign club', method: 'POST', path: (w) => `/admin/members/${w.c.id}/clubs`, form: (w) => ({ clubId: String(w.club.id), assigned: '1' }), admin: 303 },
  { name: 'assign lounge', method: 'POST', path: (w) => `/admin/members/${w.s.id}/lounges`, form: (w) => ({ loungeId: String(w.lounge.id), assigned: '1' }), admin: 303 },
  { name: 'remove club', method: 'POST', path: (w) => `/admin/members/${w.c.id}/clubs`, form: (w) => ({ clubId: String(w.club.id), assigned: '0' }), admin: 303 },
  { name: 're-issue password', method: 'POST', path: (w) => `/admin/members/${w.m.id}/password`, form: () => ({}), admin: 200 },
  { name: 'disable', method: 'POST', path: (w) => `/admin/members/${w.m.id}/disable`, form: () => ({}), admin: 303 },
  { name: 'enable', method: 'POST', path: (w) => `/admin/members/${w.m.id}/enable`, form: () => ({}), admin: 303 },
  { name: 'disable a coordinator', method: 'POST', path: (w) => `/admin/members/${w.c.id}/disable`, form: () => ({}), admin: 303 },
];

/** Everything these pages might write; a refused request must leave it exactly as it was. */
async function snapshot() {
  const db = ctx.deps.db;
  return {
    users: await db.select().from(users).orderBy(asc(users.id)),
    sessions: await db.select().from(sessions).orderBy(asc(sessions.id)),
    outbox: await db.select().from(outbox).orderBy(asc(outbox.id)),
    notifications: await db.select().from(notifications).orderBy(asc(notifications.id)),
    ledger: await db.select().from(entitlementLedger).orderBy(asc(entitlementLedger.id)),
    clubCoordinators: await db.select().from(clubCoordinators),
    loungeStaff: await db.select().from(loungeStaff),
    audit: await db.select().from(auditLog).orderBy(asc(auditLog.id)),
  };
}

describe('members and staff: only admins, even when posted directly', () => {
  for (const [actorName, pickUser] of ACTORS) {
    it(`${actorName}: ${REQUESTS.length} requests answer as they should, and a refusal changes nothing and shows no one`, async () => {
      const w = await world();
      const user = pickUser(w);
      const client = new TestClient(ctx);
      if (user) await client.signIn(user.phone);
      const outcomes: string[] = [];
      const expected: string[] = [];
      for (const r of REQUESTS) {
        const path = r.path(w);
        const before = await snapshot();
        const res = r.method === 'GET' ? await client.get(path) : await client.post(path, r.form!(w));
        const body = await res.text();
        outcomes.push(`${r.name}: ${res.status}`);
        if (actorName === 'anonymous') {
          expected.push(`${r.name}: 303`);
          expect(res.headers.get('location'), r.name).toBe(`/login?next=${encodeURIComponent(r.method === 'GET' ? path : '/')}`);
        } else expected.push(`${r.name}: ${actorName === 'admin' ? r.admin : 403}`);
        if (actorName !== 'admin') {
          expect(await snapshot(), `${r.name} changed something`).toEqual(before);
          expect(body, `${r.name} shows the member`).not.toContain('13912345678');
          expect(body).not.toContain('class="secret-value"');
        }
      }
      expect(outcomes).toEqual(expected);
    });
  }

  it('every service refuses anyone but an admin, writing nothing', async () => {
    const w = await world();
    for (const actor of [
      { id: w.otherMember.id, role: 'member' },
      { id: w.c.id, role: 'coordinator' },
      { id: w.s.id, role: 'lounge_staff' },
    ] satisfies Actor[]) {
      const before = await snapshot();
      const results = [
        await searchPeople(ctx.deps, actor, parsePeopleQuery(new URLSearchParams())),
        await getPersonDetail(ctx.deps, actor, w.m.id),
        await enrolPerson(ctx.deps, actor, { phone: '13655550009', name: '偷偷', tierCode: 'diamond', locale: 'zh' }),
        await enrolPerson(ctx.deps, actor, { phone: '13655550010', name: '偷偷', role: 'admin', locale: 'zh' }),
        await changeMemberTier(ctx.deps, actor, { userId: w.m.id, tierCode: 'diamond' }),
        await setUserDisabled(ctx.deps, actor, w.m.id, true),
        await reissueInitialPassword(ctx.deps, actor, w.m.id),
        await setClubCoordinator(ctx.deps, actor, { clubId: w.club.id, userId: w.c.id, assigned: true }),
        await setLoungeStaff(ctx.deps, actor, { loungeId: w.lounge.id, userId: w.s.id, assigned: true }),
      ];
      expect(results.map((r) => (r.ok ? 'ok' : r.error)), actor.role).toEqual(Array(results.length).fill('forbidden'));
      expect(await snapshot()).toEqual(before);
    }
  });
});
