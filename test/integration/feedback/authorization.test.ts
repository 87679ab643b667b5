import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTicket } from '../../../src/feedback/service';
import { submitRating } from '../../../src/feedback/ratings';
import { HOUR } from '../../../src/lib/clock';
import { createTestContext, FIXED_NOW, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createEvent, createLounge, createUser } from '../../helpers/factories';
import { addBooking, addMembership, addRegistration, feedbackSnapshot } from './fixtures';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

/**
 * Member A with a ticket about the golf club (coordinated by X) and a general one, an attended golf event and a
 * lounge visit to rate; member B; coordinator X (golf), coordinator Y (music), lounge staff and an admin.
 */
async function world() {
  const a = await createUser(ctx, { name: '会员甲' });
  const b = await createUser(ctx, { name: '会员乙' });
  const x = await createUser(ctx, { role: 'coordinator', name: '协调员X' });
  const y = await createUser(ctx, { role: 'coordinator', name: '协调员Y' });
  const staff = await createUser(ctx, { role: 'lounge_staff' });
  const admin = await createUser(ctx, { role: 'admin' });
  const golf = await createClub(ctx, { coordinatorIds: [x.id] });
  await createClub(ctx, { coordinatorIds: [y.id] });
  await addMembership(ctx, golf.id, a.id);
  const event = await createEvent(ctx, { clubId: golf.id, inDays: -2, opensInHours: -24 * 10 });
  const lounge = await createLounge(ctx, { staffIds: [staff.id] });
  const reg = await addRegistration(ctx, { eventId: event.id, userId: a.id, checkedInAt: event.startsAt });
  const visit = await addBooking(ctx, { loungeId: lounge.id, userId: a.id, slotStart: FIXED_NOW - 2 * HOUR, status: 'checked_out' });
  const rated = await addBooking(ctx, { loungeId: lounge.id, userId: a.id, slotStart: FIXED_NOW - 4 * HOUR, status: 'checked_out' });
  const asA = { id: a.id, role: 'member' as const };
  const open = async (about: { type: 'club'; id: number } | null, subject: string) => {
    const r = await openTicket(ctx.deps, asA, { category: 'complaint', subject, body: '甲的私人内容', about });
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };
  const golfTicket = await open({ type: 'club', id: golf.id }, '关于高尔夫的投诉');
  const generalTicket = await open(null, '关于贵宾厅的投诉');
  const rating = await submitRating(ctx.deps, asA, { bookingId: rated.id }, 2, '甲的评价留言');
  if (!rating.ok) throw new Error(rating.error);
  return { a, b, x, y, staff, admin, golf, reg, visit, golfTicket, generalTicket };
}
type World = Awaited<ReturnType<typeof world>>;

type ActorName = 'anonymous' | 'member A' | 'member B' | 'coordinator X' | 'coordinator Y' | 'lounge staff' | 'admin';
const ACTORS: Array<[ActorName, (w: World) => { phone: string } | null]> = [
  ['anonymous', () => null],
  ['member A', (w) => w.a],
  ['member B', (w) => w.b],
  ['coordinator X', (w) => w.x],
  ['coordinator Y', (w) => w.y],
  ['lounge staff', (w) => w.staff],
  ['admin', (w) => w.admin],
];

interface Request {
  name: string;
  method: 'GET' | 'POST';
  path: (w: World) => string;
  form?: (w: World) => Record<string, string>;
  /** status per actor (anonymous is always sent to sign in) */
  expect: Record<Exclude<ActorName, 'anonymous'>, number>;
}

const ME = { 'coordinator X': 403, 'coordinator Y': 403, 'lounge staff': 403, admin: 403 } as const;
const ADMIN_ONLY = { 'member A': 403, 'member B': 403, 'coordinator X': 403, 'coordinator Y': 403, 'lounge staff': 403 } as const;
const STAFF = { 'member A': 403, 'member B': 403, 'lounge staff': 403 } as const;

// In order: what changes a ticket's state (closing) comes last.
const REQUESTS: Request[] = [
  { name: 'my tickets', method: 'GET', path: () => '/me/feedback', expect: { 'member A': 200, 'member B': 200, ...ME } },
  { name: 'new ticket form', method: 'GET', path: () => '/me/feedback/new', expect: { 'member A': 200, 'member B': 200, ...ME } },
  { name: 'form about A’s club', method: 'GET', path: (w) => `/me/feedback/new?about=club:${w.golf.id}`, expect: { 'member A': 200, 'member B': 404, ...ME } },
  { name: 'form about A’s registration', method: 'GET', path: (w) => `/me/feedback/new?about=registration:${w.reg.id}`, expect: { 'member A': 200, 'member B': 404, ...ME } },
  { name: 'form about A’s booking', method: 'GET', path: (w) => `/me/feedback/new?about=booking:${w.visit.id}`, expect: { 'member A': 200, 'member B': 404, ...ME } },
  { name: 'send a ticket', method: 'POST', path: () => '/me/feedback', form: () => ({ category: 'feedback', subject: '新的', body: '内容' }), expect: { 'member A': 303, 'member B': 303, ...ME } },
  { name: 'send a ticket about A’s booking', method: 'POST', path: () => '/me/feedback', form: (w) => ({ category: 'feedback', subject: '新的', body: '内容', about: `booking:${w.visit.id}` }), expect: { 'member A': 303, 'member B': 404, ...ME } },
  { name: 'A’s ticket', method: 'GET', path: (w) => `/me/feedback/${w.golfTicket.reference}`, expect: { 'member A': 200, 'member B': 404, ...ME } },
  { name: 'write on A’s ticket', method: 'POST', path: (w) => `/me/feedback/${w.golfTicket.reference}/messages`, form: () => ({ body: '补充' }), expect: { 'member A': 303, 'member B': 404, ...ME } },
  { name: 'rating form for A’s event', method: 'GET', path: (w) => `/me/ratings/new?registration=${w.reg.id}`, expect: { 'member A': 200, 'member B': 404, ...ME } },
  { name: 'rate A’s lounge visit', method: 'POST', path: () => '/me/ratings', form: (w) => ({ booking: String(w.visit.id), score: '5' }), expect: { 'member A': 303, 'member B': 404, ...ME } },
  { name: 'admin queue', method: 'GET', path: () => '/admin/feedback', expect: { ...ADMIN_ONLY, admin: 200 } },
  { name: 'admin ticket', method: 'GET', path: (w) => `/admin/feedback/${w.golfTicket.id}`, expect: { ...ADMIN_ONLY, admin: 200 } },
  { name: 'admin reply', method: 'POST', path: (w) => `/admin/feedback/${w.golfTicket.id}/reply`, form: () => ({ body: '答复' }), expect: { ...ADMIN_ONLY, admin: 303 } },
  { name: 'coordinator queue', method: 'GET', path: () => '/coordinator/feedback', expect: { ...STAFF, 'coordinator X': 200, 'coordinator Y': 200, admin: 200 } },
  { name: 'coordinator: golf ticket', method: 'GET', path: (w) => `/coordinator/feedback/${w.golfTicket.id}`, expect: { ...STAFF, 'coordinator X': 200, 'coordinator Y': 404, admin: 200 } },
  { name: 'coordinator: clubless ticket', method: 'GET', path: (w) => `/coordinator/feedback/${w.generalTicket.id}`, expect: { ...STAFF, 'coordinator X': 404, 'coordinator Y': 404, admin: 200 } },
  { name: 'coordinator: missing ticket', method: 'GET', path: () => '/coordinator/feedback/999999', expect: { ...STAFF, 'coordinator X': 404, 'coordinator Y': 404, admin: 404 } },
  { name: 'coordinator reply: golf', method: 'POST', path: (w) => `/coordinator/feedback/${w.golfTicket.id}/reply`, form: () => ({ body: '答复' }), expect: { ...STAFF, 'coordinator X': 303, 'coordinator Y': 404, admin: 303 } },
  { name: 'coordinator reply: clubless', method: 'POST', path: (w) => `/coordinator/feedback/${w.generalTicket.id}/reply`, form: () => ({ body: '答复' }), expect: { ...STAFF, 'coordinator X': 404, 'coordinator Y': 404, admin: 303 } },
  { name: 'satisfaction', method: 'GET', path: () => '/admin/satisfaction', expect: { ...ADMIN_ONLY, admin: 200 } },
  { name: 'satisfaction: a club', method: 'GET', path: (w) => `/admin/satisfaction/clubs/${w.golf.id}`, expect: { ...ADMIN_ONLY, admin: 200 } },
  { name: 'coordinator close: clubless', method: 'POST', path: (w) => `/coordinator/feedback/${w.generalTicket.id}/close`, form: () => ({}), expect: { ...STAFF, 'coordinator X': 404, 'coordinator Y': 404, admin: 303 } },
  { name: 'coordinator close: golf', method: 'POST', path: (w) => `/coordinator/feedback/${w.golfTicket.id}/close`, form: () => ({}), expect: { ...STAFF, 'coordinator X': 303, 'coordinator Y': 404, admin: 303 } },
  { name: 'admin close', method: 'POST', path: (w) => `/admin/feedback/${w.golfTicket.id}/close`, form: () => ({}), expect: { ...ADMIN_ONLY, admin: 303 } },
];

/** What member A wrote, which nobody but A and the staff allowed to see it may ever be shown. */
const PRIVATE = ['甲的私人内容', '关于高尔夫的投诉', '关于贵宾厅的投诉', '甲的评价留言'];

describe('feedback authorization', () => {
  for (const [actorName, pickUser] of ACTORS) {
    it(`${actorName}: ${REQUESTS.length} requests answer as they should, and a refusal writes nothing and shows nothing`, async () => {
      const w = await world();
      const user = pickUser(w);
      const client = new TestClient(ctx);
      if (user) await client.signIn(user.phone);
      const outcomes: string[] = [];
      const expected: string[] = [];
      for (const r of REQUESTS) {
        const path = r.path(w);
        const before = await feedbackSnapshot(ctx);
        const res = r.method === 'GET' ? await client.get(path) : await client.post(path, r.form!(w));
        const body = await res.text();
        outcomes.push(`${r.name}: ${res.status}`);
        if (actorName === 'anonymous') {
          expected.push(`${r.name}: 303`);
          expect(res.headers.get('location'), r.name).toBe(`/login?next=${encodeURIComponent(r.method === 'GET' ? path : '/')}`);
        } else expected.push(`${r.name}: ${r.expect[actorName]}`);
        if (res.status >= 400 || actorName === 'anonymous') {
          expect(await feedbackSnapshot(ctx), `${r.name} wrote something`).toEqual(before);
          for (const secret of PRIVATE) expect(body, `${r.name} shows ${secret}`).not.toContain(secret);
        }
      }
      expect(outcomes).toEqual(expected);
    });
  }

  it('shows member B none of A’s tickets, and coordinator Y none of the golf club’s', async () => {
    const w = await world();
    const b = new TestClient(ctx);
    await b.signIn(w.b.phone);
    const list = await (await b.get('/me/feedback')).text();
    for (const secret of PRIVATE) expect(list).not.toContain(secret);
    const y = new TestClient(ctx);
    await y.signIn(w.y.phone);
    const queue = await (await y.get('/coordinator/feedback?status=all')).text();
    for (const secret of PRIVATE) expect(queue).not.toContain(secret);
    expect(queue).toContain('<small>共 0 条</small>');
    const x = new TestClient(ctx);
    await x.signIn(w.x.phone);
    const xQueue = await (await x.get('/coordinator/feedback?status=all')).text();
    expect(xQueue).toContain('关于高尔夫的投诉');
    expect(xQueue).not.toContain('关于贵宾厅的投诉');
  });
});
