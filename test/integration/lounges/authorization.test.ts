import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { auditLog, entitlementLedger, loungeBookings, loungeStaff, lounges, notifications, tiers, users } from '../../../db/schema';
import { createSession } from '../../../src/auth/session';
import { HOUR } from '../../../src/lib/clock';
import { formatCode } from '../../../src/lib/codes';
import { createBooking } from '../../../src/lounges/booking';
import { walkIn } from '../../../src/lounges/desk';
import { createTestContext, FIXED_NOW, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createLounge, createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const FORBIDDEN = '<h1 id="error-title">无权访问</h1>';
const NOT_FOUND = '<h1 id="error-title">页面不存在</h1>';
const ONLY_MEMBERS = '只有会员可以预约贵宾厅。';

/**
 * Haikou (HAK) and Sanya (SYX) lounges, each with its own staff; a member with a booking at Haikou and another
 * member with one at Sanya (both at 11:00 today, the clock being 10:00), one guest inside each lounge, and a
 * member who could walk in.
 */
async function world() {
  const admin = await createUser(ctx, { role: 'admin', name: '管理员' });
  const hakStaff = await createUser(ctx, { role: 'lounge_staff', name: '海口值班' });
  const syxStaff = await createUser(ctx, { role: 'lounge_staff', name: '三亚值班' });
  const coordinator = await createUser(ctx, { role: 'coordinator', name: '林协调' });
  const hak = await createLounge(ctx, { code: 'HAK-T2', capacity: 10, staffIds: [hakStaff.id] });
  const syx = await createLounge(ctx, { code: 'SYX-T1', capacity: 10, staffIds: [syxStaff.id] });
  const owner = await createUser(ctx, { name: '本人会员' });
  const other = await createUser(ctx, { name: '他人会员' });
  const walker = await createUser(ctx, { name: '现场会员' });
  const book = async (userId: number, loungeId: number) => {
    const r = await createBooking(ctx.deps, { id: userId, role: 'member' }, { loungeId, slotStart: FIXED_NOW + HOUR, companions: 0, flightNo: null });
    if (!r.ok) throw new Error(r.error);
    return r.value.booking;
  };
  const inside = async (loungeId: number) => {
    const guest = await createUser(ctx, { name: '厅内会员' });
    const r = await walkIn(ctx.deps, { id: admin.id, role: 'admin' }, { loungeId, userId: guest.id, companions: 0 });
    if (!r.ok) throw new Error(r.error);
    return r.value.booking;
  };
  return {
    admin, hakStaff, syxStaff, coordinator, hak, syx, owner, other, walker,
    ownerHak: await book(owner.id, hak.id),
    otherSyx: await book(other.id, syx.id),
    insideHak: await inside(hak.id),
    insideSyx: await inside(syx.id),
  };
}
type World = Awaited<ReturnType<typeof world>>;

type ActorName = 'anonymous' | 'member' | 'other member' | 'coordinator' | 'Haikou staff' | 'Sanya staff' | 'admin';
const ACTORS: Array<[ActorName, (w: World) => number | null]> = [
  ['anonymous', () => null],
  ['member', (w) => w.owner.id],
  ['other member', (w) => w.other.id],
  ['coordinator', (w) => w.coordinator.id],
  ['Haikou staff', (w) => w.hakStaff.id],
  ['Sanya staff', (w) => w.syxStaff.id],
  ['admin', (w) => w.admin.id],
];

/** Everything a refused request must leave alone. */
async function snapshot() {
  const db = ctx.deps.db;
  return {
    lounges: await db.select().from(lounges).orderBy(asc(lounges.id)),
    staff: await db.select().from(loungeStaff),
    bookings: await db.select().from(loungeBookings).orderBy(asc(loungeBookings.id)),
    ledger: await db.select().from(entitlementLedger).orderBy(asc(entitlementLedger.id)),
    tiers: await db.select().from(tiers),
    users: await db.select({ id: users.id, tierCode: users.tierCode, role: users.role }).from(users).orderBy(asc(users.id)),
    notifications: await db.select().from(notifications).orderBy(asc(notifications.id)),
    audit: await db.select().from(auditLog).orderBy(asc(auditLog.id)),
  };
}
const bookingRow = async (id: number) => (await ctx.deps.db.select().from(loungeBookings).where(eq(loungeBookings.id, id)))[0]!;
const ledgerTypes = async (bookingId: number) => (await ctx.deps.db.select().from(entitlementLedger).where(eq(entitlementLedger.bookingId, bookingId)).orderBy(asc(entitlementLedger.id))).map((l) => l.type);

async function clientOf(userId: number | null) {
  const client = new TestClient(ctx);
  if (userId !== null) client.cookies.set('vip_session', (await createSession(ctx.deps, userId)).token);
  return client;
}

interface Outcome {
  status: number;
  /** what the body must show (a refusal must leave the database as it was unless there is a check) */
  shows?: (w: World) => string[];
  hides?: (w: World) => string[];
  /** for a request that changes something: what it changed */
  check?: (w: World, actorId: number) => Promise<void>;
}
interface Route {
  name: string;
  method: 'GET' | 'POST';
  path: (w: World) => string;
  form?: (w: World) => Record<string, string>;
  /** the signed-in actors not listed here get 403 */
  outcomes: Partial<Record<Exclude<ActorName, 'anonymous'>, Outcome>>;
}

const loungeForm = (o: Record<string, string>) => ({
  code: 'NEW-T1', airportCode: 'HAK', terminal: 'T1', nameZh: '新贵宾厅', nameEn: 'New Lounge', locationZh: '安检后', locationEn: 'After security',
  descriptionZh: '新厅', descriptionEn: 'New', capacity: '30', opensAt: '06:00', closesAt: '23:00', slotMinutes: '60', prebookSharePct: '70', noShowPolicy: 'release', ...o,
});

const deskRoutes = (which: 'hak' | 'syx'): Route[] => {
  const staff = which === 'hak' ? 'Haikou staff' : 'Sanya staff';
  const lounge = (w: World) => w[which];
  const booked = (w: World) => (which === 'hak' ? w.ownerHak : w.otherSyx);
  const guestInside = (w: World) => (which === 'hak' ? w.insideHak : w.insideSyx);
  const both = (o: Outcome) => ({ [staff]: o, admin: o });
  return [
    { name: `GET desk of ${which}`, method: 'GET', path: (w) => `/desk/lounges/${lounge(w).id}`, outcomes: both({ status: 200, shows: (w) => [lounge(w).nameZh, '<p class="occupancy-number">厅内 1 / 10 人</p>'] }) },
    { name: `GET occupancy of ${which}`, method: 'GET', path: (w) => `/desk/lounges/${lounge(w).id}/occupancy`, outcomes: both({ status: 200, shows: () => ['<p class="occupancy-number">厅内 1 / 10 人</p>'] }) },
    {
      name: `POST check-in at ${which}`,
      method: 'POST',
      path: (w) => `/desk/lounges/${lounge(w).id}/bookings/${booked(w).id}/checkin`,
      form: () => ({ q: '' }),
      outcomes: both({
        status: 303,
        check: async (w, actorId) => {
          expect(await bookingRow(booked(w).id)).toMatchObject({ status: 'checked_in', checkedInBy: actorId });
          expect(await ledgerTypes(booked(w).id)).toEqual(['reserve', 'use']);
        },
      }),
    },
    {
      name: `POST check-out at ${which}`,
      method: 'POST',
      path: (w) => `/desk/lounges/${lounge(w).id}/bookings/${guestInside(w).id}/checkout`,
      form: () => ({ q: '' }),
      outcomes: both({ status: 303, check: async (w, actorId) => expect(await bookingRow(guestInside(w).id)).toMatchObject({ status: 'checked_out', checkedOutBy: actorId }) }),
    },
    {
      name: `POST walk-in at ${which}`,
      method: 'POST',
      path: (w) => `/desk/lounges/${lounge(w).id}/walkins`,
      form: (w) => ({ q: '', userId: String(w.walker.id) }),
      outcomes: both({
        status: 303,
        check: async (w) => {
          const rows = await ctx.deps.db.select().from(loungeBookings).where(eq(loungeBookings.userId, w.walker.id));
          expect(rows.map((r) => [r.loungeId, r.status, r.walkIn])).toEqual([[lounge(w).id, 'checked_in', true]]);
        },
      }),
    },
  ];
};

const passOf = (key: 'ownerHak' | 'otherSyx') => (w: World) => `/lounges/passes/${w[key].code}`;
const ownerOnly = (o: Outcome): Route['outcomes'] => ({ member: o, 'other member': { status: 404 }, 'Haikou staff': { status: 404 }, 'Sanya staff': { status: 404 }, admin: { status: 404 } });
const adminOnly = (o: Outcome): Route['outcomes'] => ({ admin: o });
const everyoneButCoordinator = (o: Outcome): Route['outcomes'] => ({ member: o, 'other member': o, 'Haikou staff': o, 'Sanya staff': o, admin: o });
const refusedToBook: Outcome = { status: 403, shows: () => [ONLY_MEMBERS] };
const bookedAtNoon = (status: 303): Outcome => ({
  status,
  check: async (w, actorId) => {
    const rows = await ctx.deps.db.select().from(loungeBookings).where(and(eq(loungeBookings.userId, actorId), eq(loungeBookings.slotStart, FIXED_NOW + 2 * HOUR)));
    expect(rows.map((r) => [r.loungeId, r.status])).toEqual([[w.hak.id, 'booked']]);
  },
});

const routes: Route[] = [
  {
    name: 'GET /desk',
    method: 'GET',
    path: () => '/desk',
    outcomes: {
      'Haikou staff': { status: 200, shows: (w) => [`href="/desk/lounges/${w.hak.id}"`], hides: (w) => [`href="/desk/lounges/${w.syx.id}"`, w.syx.nameZh] },
      'Sanya staff': { status: 200, shows: (w) => [`href="/desk/lounges/${w.syx.id}"`], hides: (w) => [`href="/desk/lounges/${w.hak.id}"`, w.hak.nameZh] },
      admin: { status: 200, shows: (w) => [`href="/desk/lounges/${w.hak.id}"`, `href="/desk/lounges/${w.syx.id}"`] },
    },
  },
  ...deskRoutes('hak'),
  ...deskRoutes('syx'),
  {
    name: 'GET Haikou pass',
    method: 'GET',
    path: passOf('ownerHak'),
    outcomes: {
      member: { status: 200, shows: (w) => [formatCode(w.ownerHak.code), '本人会员'] },
      'other member': { status: 404, hides: (w) => [formatCode(w.ownerHak.code), '本人会员'] },
      'Haikou staff': { status: 200, shows: (w) => [formatCode(w.ownerHak.code), '本人会员'] },
      'Sanya staff': { status: 404, hides: (w) => [formatCode(w.ownerHak.code), '本人会员'] },
      admin: { status: 200, shows: (w) => [formatCode(w.ownerHak.code), '本人会员'] },
    },
  },
  {
    name: 'GET Sanya pass',
    method: 'GET',
    path: passOf('otherSyx'),
    outcomes: {
      member: { status: 404, hides: (w) => [formatCode(w.otherSyx.code), '他人会员'] },
      'other member': { status: 200, shows: (w) => [formatCode(w.otherSyx.code), '他人会员'] },
      'Haikou staff': { status: 404, hides: (w) => [formatCode(w.otherSyx.code), '他人会员'] },
      'Sanya staff': { status: 200, shows: (w) => [formatCode(w.otherSyx.code), '他人会员'] },
      admin: { status: 200, shows: (w) => [formatCode(w.otherSyx.code), '他人会员'] },
    },
  },
  {
    name: 'POST cancel of the Haikou booking',
    method: 'POST',
    path: (w) => `${passOf('ownerHak')(w)}/cancel`,
    form: () => ({}),
    outcomes: ownerOnly({
      status: 303,
      check: async (w) => {
        expect((await bookingRow(w.ownerHak.id)).status).toBe('cancelled');
        expect(await ledgerTypes(w.ownerHak.id)).toEqual(['reserve', 'release']);
      },
    }),
  },
  {
    name: 'POST companions of the Haikou booking',
    method: 'POST',
    path: (w) => `${passOf('ownerHak')(w)}/companions`,
    form: () => ({ companions: '1' }),
    outcomes: ownerOnly({ status: 303, check: async (w) => expect((await bookingRow(w.ownerHak.id)).companions).toBe(1) }),
  },
  {
    name: 'GET /me/statement',
    method: 'GET',
    path: () => '/me/statement',
    outcomes: {
      member: { status: 200, shows: (w) => [w.ownerHak.code], hides: (w) => [w.otherSyx.code, w.insideHak.code, w.insideSyx.code] },
      'other member': { status: 200, shows: (w) => [w.otherSyx.code], hides: (w) => [w.ownerHak.code, w.insideHak.code, w.insideSyx.code] },
    },
  },
  { name: 'GET /lounges', method: 'GET', path: () => '/lounges', outcomes: everyoneButCoordinator({ status: 200, shows: (w) => [w.hak.nameZh, w.syx.nameZh] }) },
  { name: 'GET a lounge', method: 'GET', path: (w) => `/lounges/${w.hak.id}`, outcomes: everyoneButCoordinator({ status: 200, shows: (w) => [w.hak.nameZh] }) },
  {
    name: 'POST a booking',
    method: 'POST',
    path: (w) => `/lounges/${w.hak.id}/bookings`,
    form: () => ({ slot: String(FIXED_NOW + 2 * HOUR), companions: '0' }),
    outcomes: { member: bookedAtNoon(303), 'other member': bookedAtNoon(303), 'Haikou staff': refusedToBook, 'Sanya staff': refusedToBook, admin: refusedToBook },
  },
  { name: 'GET /admin/lounges', method: 'GET', path: () => '/admin/lounges', outcomes: adminOnly({ status: 200, shows: (w) => [w.hak.nameZh, w.syx.nameZh] }) },
  { name: 'GET new lounge form', method: 'GET', path: () => '/admin/lounges/new', outcomes: adminOnly({ status: 200 }) },
  { name: 'GET edit lounge', method: 'GET', path: (w) => `/admin/lounges/${w.syx.id}/edit`, outcomes: adminOnly({ status: 200, shows: () => ['value="SYX-T1"'] }) },
  {
    name: 'POST new lounge',
    method: 'POST',
    path: () => '/admin/lounges',
    form: () => loungeForm({}),
    outcomes: adminOnly({ status: 303, check: async () => expect((await ctx.deps.db.select().from(lounges)).map((l) => l.code)).toEqual(['HAK-T2', 'SYX-T1', 'NEW-T1']) }),
  },
  {
    name: 'POST edit lounge',
    method: 'POST',
    path: (w) => `/admin/lounges/${w.syx.id}`,
    form: (w) => loungeForm({ code: 'SYX-T1', nameZh: w.syx.nameZh, capacity: '12' }),
    outcomes: adminOnly({ status: 303, check: async (w) => expect((await ctx.deps.db.select().from(lounges).where(eq(lounges.id, w.syx.id)))[0]!.capacity).toBe(12) }),
  },
  {
    name: 'POST lounge staff',
    method: 'POST',
    path: (w) => `/admin/lounges/${w.syx.id}/staff`,
    form: (w) => ({ userId: String(w.hakStaff.id), assigned: '1' }),
    outcomes: adminOnly({ status: 303, check: async (w) => expect((await ctx.deps.db.select().from(loungeStaff).where(eq(loungeStaff.userId, w.hakStaff.id))).map((s) => s.loungeId).sort()).toEqual([w.hak.id, w.syx.id]) }),
  },
  { name: 'GET occupancy report', method: 'GET', path: (w) => `/admin/lounges/${w.hak.id}/occupancy`, outcomes: adminOnly({ status: 200 }) },
  { name: 'GET visits.csv', method: 'GET', path: (w) => `/admin/lounges/${w.hak.id}/visits.csv`, outcomes: adminOnly({ status: 200, shows: () => ['厅内会员'] }) },
  { name: 'GET entitlements', method: 'GET', path: (w) => `/admin/entitlements?phone=${w.owner.phone}`, outcomes: adminOnly({ status: 200, shows: () => ['本人会员'] }) },
  {
    name: 'POST tier settings',
    method: 'POST',
    path: () => '/admin/tiers/gold',
    form: () => ({ visits: '6', companions: '1', earlyAccess: '24' }),
    outcomes: adminOnly({ status: 303, check: async () => expect((await ctx.deps.db.select().from(tiers).where(eq(tiers.code, 'gold')))[0]!.loungeVisitsPerYear).toBe(6) }),
  },
  {
    name: 'POST adjust',
    method: 'POST',
    path: (w) => `/admin/entitlements/${w.owner.id}/adjust`,
    form: () => ({ year: '2026', delta: '2', reason: '航班延误补偿' }),
    outcomes: adminOnly({
      status: 303,
      check: async (w) => {
        const lines = await ctx.deps.db.select().from(entitlementLedger).where(and(eq(entitlementLedger.userId, w.owner.id), eq(entitlementLedger.type, 'adjust')));
        expect(lines.map((l) => [l.allowanceDelta, l.reason])).toEqual([[2, '航班延误补偿']]);
      },
    }),
  },
  {
    name: 'POST member tier',
    method: 'POST',
    path: (w) => `/admin/entitlements/${w.owner.id}/tier`,
    form: () => ({ tier: 'diamond' }),
    outcomes: adminOnly({ status: 303, check: async (w) => expect((await ctx.deps.db.select().from(users).where(eq(users.id, w.owner.id)))[0]!.tierCode).toBe('diamond') }),
  },
];

describe('lounges: route × actor', () => {
  for (const route of routes) {
    for (const [actorName, actorOf] of ACTORS) {
      it(`${route.name} as ${actorName}`, async () => {
        const w = await world();
        const actorId = actorOf(w);
        const client = await clientOf(actorId);
        const before = await snapshot();
        const path = route.path(w);
        const res = route.method === 'GET' ? await client.get(path) : await client.post(path, route.form!(w));
        const body = await res.text();
        if (actorName === 'anonymous') {
          expect(res.status).toBe(303);
          expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(route.method === 'GET' ? path : '/')}`);
          expect(await snapshot()).toEqual(before);
          return;
        }
        const outcome: Outcome = route.outcomes[actorName] ?? { status: 403 };
        expect(res.status).toBe(outcome.status);
        if (outcome.status === 403 && !outcome.shows) expect(body).toContain(FORBIDDEN);
        if (outcome.status === 404) expect(body).toContain(NOT_FOUND);
        for (const text of outcome.shows?.(w) ?? []) expect(body).toContain(text);
        for (const text of outcome.hides?.(w) ?? []) expect(body).not.toContain(text);
        if (outcome.check) await outcome.check(w, actorId!);
        else if (route.method === 'POST' || outcome.status >= 400) expect(await snapshot()).toEqual(before);
      });
    }
  }
});

describe('ids that are not someone’s to use', () => {
  it('Haikou staff cannot reach a Sanya booking through the Haikou desk either: 404, nothing changes', async () => {
    const w = await world();
    const client = await clientOf(w.hakStaff.id);
    const before = await snapshot();
    for (const [path, form] of [
      [`/desk/lounges/${w.hak.id}/bookings/${w.otherSyx.id}/checkin`, { q: '' }],
      [`/desk/lounges/${w.hak.id}/bookings/${w.insideSyx.id}/checkout`, { q: '' }],
    ] as const) {
      const res = await client.post(path, form);
      expect(res.status, path).toBe(404);
      expect(await res.text()).toContain(NOT_FOUND);
    }
    // a search at the Haikou desk for the Sanya booking's code finds the member, but none of the Sanya bookings
    const html = await (await client.get(`/desk/lounges/${w.hak.id}?q=${w.otherSyx.code}`)).text();
    expect(html).not.toContain(`/bookings/${w.otherSyx.id}/`);
    expect(await snapshot()).toEqual(before);
  });

  it('answers 404 to an admin for lounges, bookings and passes that do not exist; staff are refused an unknown lounge', async () => {
    const w = await world();
    const admin = await clientOf(w.admin.id);
    const staff = await clientOf(w.hakStaff.id);
    const member = await clientOf(w.owner.id);
    const before = await snapshot();
    const gets = ['/desk/lounges/999999', '/desk/lounges/999999/occupancy', '/admin/lounges/999999/edit', '/admin/lounges/999999/occupancy', '/admin/lounges/999999/visits.csv', '/lounges/999999', '/lounges/passes/ZZZZ9999', '/lounges/passes/not-a-code'];
    for (const path of gets) expect((await admin.get(path)).status, path).toBe(404);
    const posts: Array<[string, Record<string, string>]> = [
      ['/desk/lounges/999999/walkins', { userId: String(w.walker.id) }],
      [`/desk/lounges/999999/bookings/${w.ownerHak.id}/checkin`, { q: '' }],
      [`/desk/lounges/${w.hak.id}/bookings/999999/checkin`, { q: '' }],
      [`/desk/lounges/${w.hak.id}/bookings/999999/checkout`, { q: '' }],
      ['/admin/lounges/999999', loungeForm({})],
      ['/admin/lounges/999999/staff', { userId: String(w.hakStaff.id), assigned: '1' }],
    ];
    for (const [path, form] of posts) expect((await admin.post(path, form)).status, path).toBe(404);
    for (const path of ['/desk/lounges/999999', '/desk/lounges/999999/occupancy']) expect((await staff.get(path)).status, path).toBe(403);
    expect((await staff.post('/desk/lounges/999999/walkins', { userId: String(w.walker.id) })).status).toBe(403);
    for (const path of ['/lounges/passes/ZZZZ9999/cancel', '/lounges/passes/ZZZZ9999/companions']) {
      expect((await member.post(path, path.endsWith('cancel') ? {} : { companions: '0' })).status, path).toBe(404);
    }
    expect(await snapshot()).toEqual(before);
  });
});
