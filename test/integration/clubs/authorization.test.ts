import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { auditLog, clubMemberships, clubs, dependents, notifications, users, type MembershipStatus } from '../../../db/schema';
import { MINUTE } from '../../../src/lib/clock';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const FORBIDDEN = '<h1 id="error-title">无权访问</h1>';
const NOT_FOUND = '<h1 id="error-title">页面不存在</h1>';

async function enrol(clubId: number, status: MembershipStatus, queuedAgo = 60) {
  const user = await createUser(ctx);
  const at = ctx.clock.now() - queuedAgo * MINUTE;
  const [row] = await ctx.deps.db
    .insert(clubMemberships)
    .values({ clubId, userId: user.id, status, requestedAt: at, queuedAt: at, activeSince: status === 'active' ? at : null, statusChangedAt: at })
    .returning();
  return { user, id: row!.id };
}

/** A full club (capacity 1) with one of each live status, its coordinator, and another club with its own coordinator. */
async function world() {
  const coordinator = await createUser(ctx, { role: 'coordinator' });
  const club = await createClub(ctx, { capacity: 1, coordinatorIds: [coordinator.id] });
  const otherCoordinator = await createUser(ctx, { role: 'coordinator' });
  const otherClub = await createClub(ctx, { coordinatorIds: [otherCoordinator.id] });
  const active = await enrol(club.id, 'active', 90);
  const w1 = await enrol(club.id, 'waitlisted', 50);
  const w2 = await enrol(club.id, 'waitlisted', 40);
  const pending = await enrol(club.id, 'pending', 30);
  const foreignPending = await enrol(otherClub.id, 'pending', 30);
  return { coordinator, club, otherCoordinator, otherClub, active, w1, w2, pending, foreignPending };
}
type World = Awaited<ReturnType<typeof world>>;

/** Everything a refused request must leave alone. */
async function snapshot() {
  return {
    memberships: await ctx.deps.db.select().from(clubMemberships).orderBy(asc(clubMemberships.id)),
    clubs: await ctx.deps.db.select().from(clubs).orderBy(asc(clubs.id)),
    notifications: await ctx.deps.db.select().from(notifications),
    audit: await ctx.deps.db.select().from(auditLog),
  };
}
const statusOf = async (id: number) => (await ctx.deps.db.select().from(clubMemberships).where(eq(clubMemberships.id, id)))[0]!.status;
const actions = async () => (await ctx.deps.db.select().from(auditLog).orderBy(asc(auditLog.id))).map((a) => a.action);

async function signedIn(userId: number | null) {
  const client = new TestClient(ctx);
  if (userId !== null) {
    const [user] = await ctx.deps.db.select().from(users).where(eq(users.id, userId));
    await client.signIn(user!.phone);
  }
  return client;
}

interface RosterRequest {
  name: string;
  method: 'GET' | 'POST';
  path: (w: World) => string;
  form?: (w: World) => Record<string, string>;
  /** what the club's own coordinator or an admin achieves */
  allowed: { status: 200 | 303; check: (w: World) => Promise<void> };
}

const rosterRequests: RosterRequest[] = [
  {
    name: 'GET roster',
    method: 'GET',
    path: (w) => `/coordinator/clubs/${w.club.id}?status=all`,
    allowed: { status: 200, check: async () => expect(await actions()).toEqual([]) },
  },
  {
    name: 'GET roster.csv',
    method: 'GET',
    path: (w) => `/coordinator/clubs/${w.club.id}/roster.csv?columns=name&columns=phone&status=all`,
    allowed: { status: 200, check: async () => expect(await actions()).toEqual(['club.roster.exported']) },
  },
  {
    name: 'POST approve',
    method: 'POST',
    path: (w) => `/coordinator/clubs/${w.club.id}/members/${w.pending.id}/approve`,
    form: () => ({ back: '' }),
    allowed: { status: 303, check: async (w) => expect([await statusOf(w.pending.id), await actions()]).toEqual(['waitlisted', ['club.member.approved']]) },
  },
  {
    name: 'POST decline',
    method: 'POST',
    path: (w) => `/coordinator/clubs/${w.club.id}/members/${w.pending.id}/decline`,
    form: () => ({ back: '', reason: '名额已满' }),
    allowed: { status: 303, check: async (w) => expect([await statusOf(w.pending.id), await actions()]).toEqual(['declined', ['club.member.declined']]) },
  },
  {
    name: 'POST remove',
    method: 'POST',
    path: (w) => `/coordinator/clubs/${w.club.id}/members/${w.active.id}/remove`,
    form: () => ({ back: '', reason: '长期缺席' }),
    allowed: {
      status: 303,
      check: async (w) => expect([await statusOf(w.active.id), await statusOf(w.w1.id), await actions()]).toEqual(['removed', 'active', ['club.member.removed']]),
    },
  },
  {
    name: 'POST prioritize',
    method: 'POST',
    path: (w) => `/coordinator/clubs/${w.club.id}/members/${w.w2.id}/prioritize`,
    form: () => ({ back: '' }),
    allowed: { status: 303, check: async () => expect(await actions()).toEqual(['club.waitlist.prioritized']) },
  },
  {
    name: 'POST notices',
    method: 'POST',
    path: (w) => `/coordinator/clubs/${w.club.id}/notices`,
    form: () => ({ title: '通知', body: '周六活动照常' }),
    allowed: {
      status: 303,
      check: async (w) => {
        expect((await ctx.deps.db.select().from(notifications)).map((n) => [n.userId, n.kind])).toEqual([[w.active.user.id, 'club.notice']]);
        expect(await actions()).toEqual(['club.notice.posted']);
      },
    },
  },
];

type ActorName = 'anonymous' | 'member' | 'lounge staff' | 'coordinator of another club' | 'the club’s coordinator' | 'an admin';
const actors: Array<[ActorName, (w: World) => Promise<number | null>]> = [
  ['anonymous', async () => null],
  ['member', async () => (await createUser(ctx, { tierCode: 'diamond' })).id],
  ['lounge staff', async () => (await createUser(ctx, { role: 'lounge_staff' })).id],
  ['coordinator of another club', async (w) => w.otherCoordinator.id],
  ['the club’s coordinator', async (w) => w.coordinator.id],
  ['an admin', async () => (await createUser(ctx, { role: 'admin' })).id],
];

function send(client: TestClient, request: RosterRequest, w: World, headers: Record<string, string> = {}) {
  const path = request.path(w);
  return request.method === 'GET' ? client.get(path, { headers }) : client.post(path, request.form!(w), { headers });
}

describe('the roster: request × actor', () => {
  for (const request of rosterRequests) {
    for (const [actorName, actorOf] of actors) {
      it(`${request.name} as ${actorName}`, async () => {
        const w = await world();
        const client = await signedIn(await actorOf(w));
        const before = await snapshot();
        const res = await send(client, request, w);

        if (actorName === 'the club’s coordinator' || actorName === 'an admin') {
          expect(res.status).toBe(request.allowed.status);
          await request.allowed.check(w);
          return;
        }
        if (actorName === 'anonymous') {
          expect(res.status).toBe(303);
          expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(request.method === 'GET' ? request.path(w) : '/')}`);
        } else {
          expect(res.status).toBe(403);
          expect(await res.text()).toContain(FORBIDDEN);
        }
        expect(await snapshot()).toEqual(before);
        expect(before.notifications).toEqual([]);
        expect(before.audit).toEqual([]);
      });
    }
  }

  it('refuses htmx requests the same way: 401 with a redirect for the signed out, a 403 fragment for another coordinator', async () => {
    const w = await world();
    const htmx = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };
    const before = await snapshot();
    for (const request of rosterRequests.filter((r) => r.method === 'POST')) {
      const anonymous = await send(new TestClient(ctx), request, w, htmx);
      expect(anonymous.status, request.name).toBe(401);
      expect(anonymous.headers.get('hx-redirect')).toBe('/login?next=%2F');
    }
    const other = await signedIn(w.otherCoordinator.id);
    for (const request of rosterRequests) {
      const res = await send(other, request, w, htmx);
      expect(res.status, request.name).toBe(403);
      const body = await res.text();
      expect(body).toContain('无权访问');
      expect(body).not.toContain('<html');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses another club’s coordinator before looking at the form: no 422 page, nothing written', async () => {
    const w = await world();
    const other = await signedIn(w.otherCoordinator.id);
    const before = await snapshot();
    const cases: Array<[string, Record<string, string>]> = [
      [`/coordinator/clubs/${w.club.id}/notices`, { title: '', body: '' }],
      [`/coordinator/clubs/${w.club.id}/notices`, { title: '通知', body: '内容', extra: '1' }],
      [`/coordinator/clubs/${w.club.id}/members/${w.active.id}/remove`, { back: '' }],
    ];
    for (const [path, form] of cases) {
      const res = await other.post(path, form);
      expect(res.status, path).toBe(403);
      const html = await res.text();
      expect(html).toContain(FORBIDDEN);
      expect(html).not.toContain('<section id="roster"');
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('ids changed in the URL', () => {
  it('a membership of another club is not found under the coordinator’s own club, and the other club is refused', async () => {
    const w = await world();
    const client = await signedIn(w.coordinator.id);
    const before = await snapshot();
    for (const action of ['approve', 'decline', 'remove', 'prioritize']) {
      const form = { back: '', reason: '试探' };
      const own = await client.post(`/coordinator/clubs/${w.club.id}/members/${w.foreignPending.id}/${action}`, form);
      expect(own.status, action).toBe(404);
      expect(await own.text()).toContain(NOT_FOUND);
      const foreign = await client.post(`/coordinator/clubs/${w.otherClub.id}/members/${w.foreignPending.id}/${action}`, form);
      expect(foreign.status, action).toBe(403);
      expect(await foreign.text()).toContain(FORBIDDEN);
    }
    for (const path of [`/coordinator/clubs/${w.otherClub.id}`, `/coordinator/clubs/${w.otherClub.id}/roster.csv`]) {
      expect((await client.get(path)).status, path).toBe(403);
    }
    expect((await client.post(`/coordinator/clubs/${w.otherClub.id}/notices`, { title: '通知', body: '内容' })).status).toBe(403);
    // a club that does not exist is refused exactly like someone else's
    expect((await client.post('/coordinator/clubs/999999/members/1/approve', { back: '' })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('answers 404 for ids that are not positive whole numbers and for unknown actions, writing nothing', async () => {
    const w = await world();
    const client = await signedIn(w.coordinator.id);
    const before = await snapshot();
    const gets = ['/coordinator/clubs/abc', `/coordinator/clubs/${w.club.id}x`, '/coordinator/clubs/0', '/coordinator/clubs/-1', '/coordinator/clubs/1.5/roster.csv', '/coordinator/clubs/abc/roster.csv'];
    for (const path of gets) expect((await client.get(path)).status, path).toBe(404);
    const posts = [
      `/coordinator/clubs/abc/members/${w.pending.id}/approve`,
      `/coordinator/clubs/${w.club.id}/members/abc/approve`,
      `/coordinator/clubs/${w.club.id}/members/0/decline`,
      `/coordinator/clubs/${w.club.id}/members/${w.pending.id}e0/approve`,
      `/coordinator/clubs/${w.club.id}/members/99999999999999999/remove`,
      `/coordinator/clubs/${w.club.id}/members/${w.pending.id}/promote`,
      `/coordinator/clubs/${w.club.id}/members/${w.pending.id}/APPROVE`,
      '/coordinator/clubs/abc/notices',
    ];
    for (const path of posts) {
      const res = await client.post(path, { back: '', reason: '理由' });
      expect(res.status, path).toBe(404);
      expect(await res.text()).toContain(NOT_FOUND);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('gives an admin 404 for a club or membership that does not exist', async () => {
    const w = await world();
    const admin = await signedIn((await createUser(ctx, { role: 'admin' })).id);
    const before = await snapshot();
    expect((await admin.get('/coordinator/clubs/999999/roster.csv')).status).toBe(404);
    expect((await admin.post('/coordinator/clubs/999999/members/1/approve', { back: '' })).status).toBe(404);
    expect((await admin.post(`/coordinator/clubs/${w.club.id}/members/999999/approve`, { back: '' })).status).toBe(404);
    expect((await admin.post(`/coordinator/clubs/${w.club.id}/members/${w.foreignPending.id}/approve`, { back: '' })).status).toBe(404);
    expect((await admin.post('/coordinator/clubs/999999/notices', { title: '通知', body: '内容' })).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });
});

describe('admin-only club settings', () => {
  const clubForm = { nameZh: '改名俱乐部', nameEn: 'Renamed Club', category: 'golf', city: 'sanya', descriptionZh: '新的介绍', descriptionEn: 'New text', minTier: '', capacity: '99' };

  it('refuses coordinators (even of that club), members and lounge staff with 403, changing nothing', async () => {
    const w = await world();
    const others = [w.coordinator.id, (await createUser(ctx)).id, (await createUser(ctx, { role: 'lounge_staff' })).id];
    const requests: Array<[string, Record<string, string> | null]> = [
      ['/admin/clubs', null],
      ['/admin/clubs/new', null],
      [`/admin/clubs/${w.club.id}/edit`, null],
      ['/admin/clubs', clubForm],
      [`/admin/clubs/${w.club.id}`, clubForm],
      [`/admin/clubs/${w.club.id}`, { capacity: '0' }],
      [`/admin/clubs/${w.club.id}/archive`, { reason: '停办' }],
      [`/admin/clubs/${w.club.id}/reopen`, {}],
    ];
    const before = await snapshot();
    for (const userId of others) {
      const client = await signedIn(userId);
      for (const [path, form] of requests) {
        const res = form ? await client.post(path, form) : await client.get(path);
        expect(res.status, `${userId} ${path}`).toBe(403);
        expect(await res.text()).toContain(FORBIDDEN);
      }
    }
    const anonymous = await new TestClient(ctx).post(`/admin/clubs/${w.club.id}`, clubForm);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login?next=%2F');
    expect(await snapshot()).toEqual(before);
  });

  it('lets an admin change the club (positive control)', async () => {
    const w = await world();
    const admin = await signedIn((await createUser(ctx, { role: 'admin' })).id);
    expect((await admin.get('/admin/clubs')).status).toBe(200);
    const res = await admin.post(`/admin/clubs/${w.club.id}`, clubForm);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/clubs');
    expect((await ctx.deps.db.select().from(clubs).where(eq(clubs.id, w.club.id)))[0]).toMatchObject({ nameZh: '改名俱乐部', capacity: 99, city: 'sanya' });
    expect(await actions()).toEqual(['club.updated']);
  });
});

describe('children on another member’s account', () => {
  async function family() {
    const parent = await createUser(ctx, { name: '家长' });
    const [child] = await ctx.deps.db.insert(dependents).values({ userId: parent.id, name: '小明', birthYear: 2018, createdAt: ctx.clock.now() }).returning();
    return { parent, child: child! };
  }
  const childrenNow = () => ctx.deps.db.select().from(dependents).orderBy(asc(dependents.id));

  it('answers 404 to another member changing or deleting someone else’s child, exactly as for no child at all', async () => {
    const { child } = await family();
    const stranger = await signedIn((await createUser(ctx)).id);
    const before = await childrenNow();
    for (const [path, form] of [
      [`/account/children/${child.id}`, { name: '改名', birthYear: '2019' }],
      [`/account/children/${child.id}/delete`, {}],
      ['/account/children/999999', { name: '改名', birthYear: '2019' }],
      ['/account/children/999999/delete', {}],
      ['/account/children/abc/delete', {}],
    ] as const) {
      const res = await stranger.post(path, form);
      expect(res.status, path).toBe(404);
      const html = await res.text();
      expect(html).toContain(NOT_FOUND);
      expect(html).not.toContain('小明');
    }
    expect(await childrenNow()).toEqual(before);
    expect(await actions()).toEqual([]);
  });

  it('lets the parent change their own child (positive control)', async () => {
    const { parent, child } = await family();
    const client = await signedIn(parent.id);
    const res = await client.post(`/account/children/${child.id}`, { name: '小明明', birthYear: '2017' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account#children');
    expect(await childrenNow()).toEqual([{ ...child, name: '小明明', birthYear: 2017 }]);
  });

  it('refuses staff roles with 403 on every children route, changing nothing', async () => {
    const { child } = await family();
    const before = await childrenNow();
    for (const role of ['coordinator', 'lounge_staff', 'admin'] as const) {
      const client = await signedIn((await createUser(ctx, { role })).id);
      for (const [path, form] of [
        ['/account/children', { name: '小红', birthYear: '2020' }],
        [`/account/children/${child.id}`, { name: '改名', birthYear: '2019' }],
        [`/account/children/${child.id}/delete`, {}],
      ] as const) {
        const res = await client.post(path, form);
        expect(res.status, `${role} ${path}`).toBe(403);
        expect(await res.text()).toContain(FORBIDDEN);
      }
    }
    expect(await childrenNow()).toEqual(before);
  });
});
