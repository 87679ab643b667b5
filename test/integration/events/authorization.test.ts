import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { auditLog, events, notifications, registrations, users, type RegistrationStatus } from '../../../db/schema';
import { MINUTE } from '../../../src/lib/clock';
import { randomCode } from '../../../src/lib/codes';
import { toLocalDateTimeValue } from '../../../src/lib/time';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createEvent, createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const FORBIDDEN = '<h1 id="error-title">无权访问</h1>';
const NOT_FOUND = '<h1 id="error-title">页面不存在</h1>';
const HTMX = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };

type EventRow = typeof events.$inferSelect;

async function party(eventId: number, status: RegistrationStatus, o: { seats?: number; checkedInBy?: number; queuedAgo?: number } = {}) {
  const user = await createUser(ctx);
  const at = ctx.clock.now() - (o.queuedAgo ?? 60) * MINUTE;
  const seats = o.seats ?? 1;
  const [row] = await ctx.deps.db
    .insert(registrations)
    .values({
      code: randomCode(8),
      eventId,
      userId: user.id,
      status,
      guests: seats - 1,
      children: [],
      seats,
      createdAt: at,
      queuedAt: at,
      confirmedAt: status === 'confirmed' ? at : null,
      checkedInSeats: o.checkedInBy ? seats : 0,
      checkedInAt: o.checkedInBy ? at : null,
      checkedInBy: o.checkedInBy ?? null,
    })
    .returning();
  return { user, row: row! };
}

/**
 * A club event (capacity 3: one seat free, a waiting party of two), its coordinator, and another club with its own
 * coordinator and event; a member who could walk in.
 */
async function world() {
  const coordinator = await createUser(ctx, { role: 'coordinator', name: '林协调' });
  const club = await createClub(ctx, { coordinatorIds: [coordinator.id] });
  const event = await createEvent(ctx, { clubId: club.id, capacity: 3, inDays: 1 / 24 }); // starts in an hour: the door is open
  const otherCoordinator = await createUser(ctx, { role: 'coordinator', name: '别的协调员' });
  const otherClub = await createClub(ctx, { coordinatorIds: [otherCoordinator.id] });
  const otherEvent = await createEvent(ctx, { clubId: otherClub.id, inDays: 1 / 24 });
  const arriving = await party(event.id, 'confirmed');
  const arrived = await party(event.id, 'confirmed', { checkedInBy: coordinator.id });
  const waiting = await party(event.id, 'waitlisted', { seats: 2 });
  const foreign = await party(otherEvent.id, 'confirmed');
  const walker = await createUser(ctx, { phone: '13966660001' });
  return { coordinator, club, event, otherCoordinator, otherClub, otherEvent, arriving, arrived, waiting, foreign, walker };
}
type World = Awaited<ReturnType<typeof world>>;

/** Everything a refused request must leave alone. */
async function snapshot() {
  return {
    events: await ctx.deps.db.select().from(events).orderBy(asc(events.id)),
    registrations: await ctx.deps.db.select().from(registrations).orderBy(asc(registrations.id)),
    notifications: await ctx.deps.db.select().from(notifications),
    audit: await ctx.deps.db.select().from(auditLog),
  };
}
const actions = async () => (await ctx.deps.db.select().from(auditLog).orderBy(asc(auditLog.id))).map((a) => a.action);
const registration = async (id: number) => (await ctx.deps.db.select().from(registrations).where(eq(registrations.id, id)))[0]!;
const eventRow = async (id: number) => (await ctx.deps.db.select().from(events).where(eq(events.id, id)))[0]!;

async function signedIn(userId: number | null) {
  const client = new TestClient(ctx);
  if (userId !== null) {
    const [user] = await ctx.deps.db.select().from(users).where(eq(users.id, userId));
    await client.signIn(user!.phone);
  }
  return client;
}

const local = (ms: number) => toLocalDateTimeValue(ms, 'Asia/Shanghai');
function eventForm(e: EventRow, o: Record<string, string> = {}): Record<string, string> {
  return {
    clubId: e.clubId === null ? '' : String(e.clubId),
    city: e.city,
    titleZh: e.titleZh,
    titleEn: e.titleEn,
    descriptionZh: e.descriptionZh,
    descriptionEn: e.descriptionEn,
    venueZh: e.venueZh,
    venueEn: e.venueEn,
    startsAt: local(e.startsAt),
    endsAt: local(e.endsAt),
    opensAt: local(e.opensAt),
    closesAt: local(e.closesAt),
    capacity: String(e.capacity),
    maxGuests: String(e.maxGuests),
    minTier: '',
    ...o,
  };
}

interface DeskRequest {
  name: string;
  method: 'GET' | 'POST';
  path: (w: World) => string;
  form?: (w: World) => Record<string, string>;
  headers?: Record<string, string>;
  /** what the event's own coordinator or an admin achieves */
  allowed: { status: 200 | 303; check: (w: World, body: string) => Promise<void> };
  /** requests not about this one event: another club's coordinator may use them, for their own clubs */
  notScoped?: { status: 200 | 422; check: (w: World, body: string) => Promise<void> };
}

const deskRequests: DeskRequest[] = [
  {
    name: 'GET event list',
    method: 'GET',
    path: () => '/coordinator/events',
    allowed: { status: 200, check: async (w, body) => expect(body).toContain(`/coordinator/events/${w.event.id}/checkin`) },
    notScoped: {
      status: 200,
      check: async (w, body) => {
        expect(body).toContain(`/coordinator/events/${w.otherEvent.id}/checkin`);
        expect(body).not.toContain(`/coordinator/events/${w.event.id}/`);
      },
    },
  },
  {
    name: 'GET new form',
    method: 'GET',
    path: () => '/coordinator/events/new',
    allowed: { status: 200, check: async (w, body) => expect(body).toContain(`<option value="${w.club.id}">`) },
    notScoped: {
      status: 200,
      check: async (w, body) => {
        expect(body).toContain(`<select id="f-clubId" name="clubId"><option value="${w.otherClub.id}">${w.otherClub.nameZh}</option></select>`);
      },
    },
  },
  {
    name: 'POST create',
    method: 'POST',
    path: () => '/coordinator/events',
    form: (w) => eventForm(w.event, { titleZh: '新活动', capacity: '30' }),
    allowed: {
      status: 303,
      check: async () => {
        expect((await ctx.deps.db.select().from(events)).map((e) => e.titleZh)).toContain('新活动');
        expect(await actions()).toEqual(['event.created']);
      },
    },
    notScoped: {
      status: 422,
      check: async (_w, body) => expect(body).toContain('<small id="f-clubId-error" class="field-error">请选择您负责的俱乐部；“仅限俱乐部会员”也需要选择俱乐部。</small>'),
    },
  },
  {
    name: 'GET edit',
    method: 'GET',
    path: (w) => `/coordinator/events/${w.event.id}/edit`,
    allowed: { status: 200, check: async (w, body) => expect(body).toContain(`value="${w.event.titleZh}"`) },
  },
  {
    name: 'POST edit',
    method: 'POST',
    path: (w) => `/coordinator/events/${w.event.id}`,
    form: (w) => eventForm(w.event, { capacity: '5' }),
    allowed: {
      status: 303,
      check: async (w) => {
        expect([(await eventRow(w.event.id)).capacity, (await registration(w.waiting.row.id)).status]).toEqual([5, 'confirmed']);
        expect(await actions()).toEqual(['event.updated']);
      },
    },
  },
  {
    name: 'POST cancel',
    method: 'POST',
    path: (w) => `/coordinator/events/${w.event.id}/cancel`,
    form: () => ({ reason: '场地维修' }),
    allowed: {
      status: 303,
      check: async (w) => {
        expect([(await eventRow(w.event.id)).status, (await registration(w.arriving.row.id)).status]).toEqual(['cancelled', 'cancelled']);
        expect(await actions()).toEqual(['event.cancelled']);
      },
    },
  },
  {
    name: 'GET door',
    method: 'GET',
    path: (w) => `/coordinator/events/${w.event.id}/checkin`,
    allowed: { status: 200, check: async (_w, body) => expect(body).toContain('已签到 1 / 应到 2 人') },
  },
  {
    name: 'GET door search fragment',
    method: 'GET',
    path: (w) => `/coordinator/events/${w.event.id}/checkin?q=${w.arriving.row.code}`,
    headers: HTMX,
    allowed: { status: 200, check: async (_w, body) => expect(body).toMatch(/^<section id="door-results"[\s\S]*<strong>测试会员<\/strong>[\s\S]*<\/section>$/) },
  },
  {
    name: 'POST check-in',
    method: 'POST',
    path: (w) => `/coordinator/events/${w.event.id}/checkin/${w.arriving.row.id}`,
    form: () => ({ q: '' }),
    allowed: {
      status: 303,
      check: async (w) => {
        expect((await registration(w.arriving.row.id)).checkedInSeats).toBe(1);
        expect(await actions()).toEqual(['event.checkin.recorded']);
      },
    },
  },
  {
    name: 'POST undo',
    method: 'POST',
    path: (w) => `/coordinator/events/${w.event.id}/checkin/${w.arrived.row.id}/undo`,
    form: () => ({ q: '' }),
    allowed: {
      status: 303,
      check: async (w) => {
        expect((await registration(w.arrived.row.id)).checkedInSeats).toBe(0);
        expect(await actions()).toEqual(['event.checkin.undone']);
      },
    },
  },
  {
    name: 'POST walk-in',
    method: 'POST',
    path: (w) => `/coordinator/events/${w.event.id}/walkin`,
    form: (w) => ({ phone: w.walker.phone, guests: '0' }),
    allowed: {
      status: 303,
      check: async (w) => {
        expect((await ctx.deps.db.select().from(registrations).where(eq(registrations.userId, w.walker.id))).map((r) => [r.status, r.walkIn])).toEqual([['confirmed', true]]);
        expect(await actions()).toEqual(['event.walkin.registered']);
      },
    },
  },
  {
    name: 'GET count',
    method: 'GET',
    path: (w) => `/coordinator/events/${w.event.id}/checkin/count`,
    allowed: { status: 200, check: async (_w, body) => expect(body).toMatch(/^<p id="door-count"[^>]*>已签到 1 \/ 应到 2 人<\/p>$/) },
  },
  {
    name: 'GET attendance',
    method: 'GET',
    path: (w) => `/coordinator/events/${w.event.id}/attendance`,
    allowed: { status: 200, check: async (_w, body) => expect(body).toContain('<p class="stat-label">已确认 · 2 组 / 2 人</p>') },
  },
  {
    name: 'GET attendance.csv',
    method: 'GET',
    path: (w) => `/coordinator/events/${w.event.id}/attendance.csv`,
    allowed: {
      status: 200,
      check: async (w, body) => {
        expect(body).toContain(w.arriving.row.code);
        expect(await actions()).toEqual(['event.attendance.exported']);
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

function send(client: TestClient, request: DeskRequest, w: World, headers: Record<string, string> = request.headers ?? {}) {
  const path = request.path(w);
  return request.method === 'GET' ? client.get(path, { headers }) : client.post(path, request.form!(w), { headers });
}

describe('the event desk: request × actor', () => {
  for (const request of deskRequests) {
    for (const [actorName, actorOf] of actors) {
      it(`${request.name} as ${actorName}`, async () => {
        const w = await world();
        const client = await signedIn(await actorOf(w));
        const before = await snapshot();
        const res = await send(client, request, w);
        const fragment = request.headers === HTMX;

        if (actorName === 'the club’s coordinator' || actorName === 'an admin') {
          expect(res.status).toBe(request.allowed.status);
          await request.allowed.check(w, await res.text());
          return;
        }
        if (actorName === 'coordinator of another club' && request.notScoped) {
          expect(res.status).toBe(request.notScoped.status);
          await request.notScoped.check(w, await res.text());
          expect(await snapshot()).toEqual(before);
          return;
        }
        const login = `/login?next=${encodeURIComponent(request.method === 'GET' ? request.path(w) : '/')}`;
        if (actorName === 'anonymous' && fragment) {
          expect(res.status).toBe(401);
          expect(res.headers.get('hx-redirect')).toBe(login);
        } else if (actorName === 'anonymous') {
          expect(res.status).toBe(303);
          expect(res.headers.get('location')).toBe(login);
        } else {
          expect(res.status).toBe(403);
          const body = await res.text();
          if (fragment) {
            expect(body).toContain('无权访问');
            expect(body).not.toContain('<html');
          } else expect(body).toContain(FORBIDDEN);
          expect(body).not.toContain(w.event.titleZh);
        }
        expect(await snapshot()).toEqual(before);
        expect(before.notifications).toEqual([]);
        expect(before.audit).toEqual([]);
      });
    }
  }

  it('refuses htmx requests the same way: 401 with a redirect for the signed out, a 403 fragment for another coordinator', async () => {
    const w = await world();
    const before = await snapshot();
    for (const request of deskRequests.filter((r) => r.method === 'POST')) {
      const anonymous = await send(new TestClient(ctx), request, w, HTMX);
      expect(anonymous.status, request.name).toBe(401);
      expect(anonymous.headers.get('hx-redirect')).toBe('/login?next=%2F');
    }
    const other = await signedIn(w.otherCoordinator.id);
    for (const request of deskRequests.filter((r) => !r.notScoped)) {
      const res = await send(other, request, w, HTMX);
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
      [`/coordinator/events/${w.event.id}`, { capacity: '0' }],
      [`/coordinator/events/${w.event.id}`, eventForm(w.event, { extra: '1' })],
      [`/coordinator/events/${w.event.id}/cancel`, { reason: '' }],
      [`/coordinator/events/${w.event.id}/walkin`, { phone: 'abc', guests: '0' }],
      [`/coordinator/events/${w.event.id}/walkin`, { phone: w.walker.phone, guests: '9' }],
      [`/coordinator/events/${w.event.id}/checkin/${w.arriving.row.id}`, { q: '', seats: '9' }],
    ];
    for (const [path, form] of cases) {
      const res = await other.post(path, form);
      expect(res.status, `${path} ${JSON.stringify(form)}`).toBe(403);
      const html = await res.text();
      expect(html).toContain(FORBIDDEN);
      expect(html).not.toContain('field-error');
    }
    // a malformed check-in form is refused as malformed (400) before anyone is asked who is acting; still nothing written
    expect((await other.post(`/coordinator/events/${w.event.id}/checkin/${w.arriving.row.id}`, { seats: '0' })).status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });
});

describe('ids changed in the URL', () => {
  it('a registration of another event is not found under this event’s door, for its coordinator and for an admin', async () => {
    const w = await world();
    const other = await party(w.otherEvent.id, 'confirmed', { checkedInBy: w.otherCoordinator.id });
    const admin = await signedIn((await createUser(ctx, { role: 'admin' })).id);
    const own = await signedIn(w.coordinator.id);
    const before = await snapshot();
    for (const client of [own, admin]) {
      for (const [path, headers] of [
        [`/coordinator/events/${w.event.id}/checkin/${w.foreign.row.id}`, {}],
        [`/coordinator/events/${w.event.id}/checkin/${w.foreign.row.id}`, HTMX],
        [`/coordinator/events/${w.event.id}/checkin/${other.row.id}/undo`, {}],
        [`/coordinator/events/${w.event.id}/checkin/999999`, {}],
      ] as Array<[string, Record<string, string>]>) {
        const res = await client.post(path, { q: '' }, { headers });
        expect(res.status, path).toBe(404);
        const body = await res.text();
        if (headers === HTMX) expect(body).not.toContain('<html');
        else expect(body).toContain(NOT_FOUND);
      }
    }
    // and the other event's own door is refused to this event's coordinator
    for (const path of [`/coordinator/events/${w.otherEvent.id}/checkin/${w.foreign.row.id}`, `/coordinator/events/${w.otherEvent.id}/checkin/${other.row.id}/undo`]) {
      expect((await own.post(path, { q: '' })).status, path).toBe(403);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('a search at this event’s door never finds another event’s tickets', async () => {
    const w = await world();
    const own = await signedIn(w.coordinator.id);
    const html = await (await own.get(`/coordinator/events/${w.event.id}/checkin?q=${w.foreign.row.code}`)).text();
    expect(html).toContain('没有找到已确认的报名。');
  });

  it('programme-wide events are managed by admins only', async () => {
    const w = await world();
    const programmeWide = await createEvent(ctx, { clubId: null, inDays: 1 / 24 });
    const reg = await party(programmeWide.id, 'confirmed');
    const own = await signedIn(w.coordinator.id);
    const before = await snapshot();
    const gets = ['edit', 'checkin', 'checkin/count', 'attendance', 'attendance.csv'].map((p) => `/coordinator/events/${programmeWide.id}/${p}`);
    for (const path of gets) expect((await own.get(path)).status, path).toBe(403);
    const posts: Array<[string, Record<string, string>]> = [
      [`/coordinator/events/${programmeWide.id}`, eventForm(programmeWide)],
      [`/coordinator/events/${programmeWide.id}`, eventForm(programmeWide, { clubId: String(w.club.id) })],
      [`/coordinator/events/${programmeWide.id}/cancel`, { reason: '取消' }],
      [`/coordinator/events/${programmeWide.id}/checkin/${reg.row.id}`, { q: '' }],
      [`/coordinator/events/${programmeWide.id}/checkin/${reg.row.id}/undo`, { q: '' }],
      [`/coordinator/events/${programmeWide.id}/walkin`, { phone: w.walker.phone, guests: '0' }],
    ];
    for (const [path, form] of posts) {
      const res = await own.post(path, form);
      expect(res.status, path).toBe(403);
      expect(await res.text()).toContain(FORBIDDEN);
    }
    expect(await (await own.get('/coordinator/events')).text()).not.toContain(`/coordinator/events/${programmeWide.id}/`);
    expect(await snapshot()).toEqual(before);

    const admin = await signedIn((await createUser(ctx, { role: 'admin' })).id);
    for (const path of gets) expect((await admin.get(path)).status, path).toBe(200);
    expect((await admin.post(`/coordinator/events/${programmeWide.id}/checkin/${reg.row.id}`, { q: '' })).status).toBe(303);
    expect((await admin.post(`/coordinator/events/${programmeWide.id}`, eventForm(programmeWide, { capacity: '20' }))).status).toBe(303);
    expect((await eventRow(programmeWide.id)).capacity).toBe(20);
    expect(await actions()).toEqual(['event.attendance.exported', 'event.checkin.recorded', 'event.updated']);
  });

  it('answers 404 for ids that are not positive whole numbers, writing nothing', async () => {
    const w = await world();
    const client = await signedIn(w.coordinator.id);
    const before = await snapshot();
    const id = w.event.id;
    const gets = [
      '/coordinator/events/abc/edit',
      `/coordinator/events/${id}x/edit`,
      '/coordinator/events/0/checkin',
      '/coordinator/events/-1/checkin',
      '/coordinator/events/1.5/checkin/count',
      '/coordinator/events/abc/attendance',
      `/coordinator/events/${id}e0/attendance.csv`,
      '/coordinator/events/99999999999999999/attendance',
    ];
    for (const path of gets) {
      const res = await client.get(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).toContain(NOT_FOUND);
    }
    const posts: Array<[string, Record<string, string>]> = [
      ['/coordinator/events/abc', eventForm(w.event)],
      ['/coordinator/events/abc', {}],
      ['/coordinator/events/abc/cancel', { reason: '取消' }],
      [`/coordinator/events/abc/checkin/${w.arriving.row.id}`, { q: '' }],
      [`/coordinator/events/${id}/checkin/abc`, { q: '' }],
      [`/coordinator/events/${id}/checkin/0`, { q: '' }],
      [`/coordinator/events/${id}/checkin/${w.arrived.row.id}x/undo`, { q: '' }],
      ['/coordinator/events/abc/walkin', { phone: w.walker.phone, guests: '0' }],
    ];
    for (const [path, form] of posts) {
      const res = await client.post(path, form);
      expect(res.status, path).toBe(404);
      expect(await res.text()).toContain(NOT_FOUND);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a coordinator an event that does not exist exactly like someone else’s; an admin gets 404', async () => {
    const w = await world();
    const own = await signedIn(w.coordinator.id);
    const admin = await signedIn((await createUser(ctx, { role: 'admin' })).id);
    const before = await snapshot();
    const gets = ['edit', 'checkin', 'checkin/count', 'attendance', 'attendance.csv'].map((p) => `/coordinator/events/999999/${p}`);
    const posts: Array<[string, Record<string, string>]> = [
      ['/coordinator/events/999999', eventForm(w.event)],
      ['/coordinator/events/999999/cancel', { reason: '取消' }],
      [`/coordinator/events/999999/checkin/${w.arriving.row.id}`, { q: '' }],
      ['/coordinator/events/999999/walkin', { phone: w.walker.phone, guests: '0' }],
    ];
    for (const [client, status] of [[own, 403], [admin, 404]] as const) {
      for (const path of gets) expect((await client.get(path)).status, path).toBe(status);
      for (const [path, form] of posts) expect((await client.post(path, form)).status, path).toBe(status);
    }
    expect(await snapshot()).toEqual(before);
  });
});
