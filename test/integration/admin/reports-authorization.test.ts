import { asc } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, clubMemberships, events, loungeBookings, outbox, registrations } from '../../../db/schema';
import { TestClient } from '../../helpers/client';
import { createTestContext, type TestContext } from '../../helpers/context';
import { seedProgramme, type Programme } from './reports-fixtures';

let ctx: TestContext;
let w: Programme;
beforeEach(async () => {
  ctx = await createTestContext();
  w = await seedProgramme(ctx);
});
afterEach(() => ctx.close());

type Actor = 'anonymous' | 'member' | 'coordinator' | 'lounge staff' | 'admin';
const ACTORS: Array<[Actor, (w: Programme) => { phone: string } | null]> = [
  ['anonymous', () => null],
  ['member', (w) => w.gold],
  ['coordinator', (w) => w.coordinator],
  ['lounge staff', (w) => w.staff],
  ['admin', (w) => w.admin],
];

/** Every route of the dashboard, capacity and reports, with the filters that name clubs, tiers and lounges. */
const ROUTES: Array<{ path: (w: Programme) => string; admin: number; csv?: boolean }> = [
  { path: () => '/admin', admin: 200 },
  { path: () => '/admin/capacity', admin: 200 },
  { path: () => '/admin/reports', admin: 200 },
  { path: (w) => `/admin/reports?from=2026-01&to=2026-11&club=${w.golf.id}&tier=gold`, admin: 200 },
  { path: () => '/admin/reports?club=none', admin: 200 },
  { path: () => '/admin/reports?from=nonsense', admin: 422 },
  { path: (w) => `/admin/reports/attendance.csv?club=${w.music.id}`, admin: 200, csv: true },
  { path: () => '/admin/reports/lounges', admin: 200 },
  { path: (w) => `/admin/reports/lounges?lounge=${w.hak.id}`, admin: 200 },
  { path: () => '/admin/reports/lounges?lounge=999999', admin: 422 },
  { path: (w) => `/admin/reports/lounges.csv?lounge=${w.syx.id}&tier=diamond`, admin: 200, csv: true },
  { path: () => '/admin/reports/satisfaction', admin: 200 },
  { path: (w) => `/admin/reports/satisfaction?club=${w.golf.id}`, admin: 200 },
  { path: () => '/admin/reports/satisfaction.csv', admin: 200, csv: true },
];

/** What only admins may read: names of clubs, events, lounges and members, and the reports' own words. */
const secrets = (w: Programme) => [
  w.golf.nameZh,
  w.golf.nameEn,
  w.music.nameZh,
  w.hak.nameZh,
  w.hak.nameEn,
  w.events.e1.titleZh,
  w.events.e6.titleZh,
  w.events.e6.titleEn,
  // other people's names (the member signed in here is 金卡甲, whose own name is in the header)
  '钻石乙',
  '银卡丙',
  '未到场率',
  '今日活动',
  '待审批',
  'chart',
  '\uFEFF',
];

async function snapshot() {
  const db = ctx.deps.db;
  return {
    audit: await db.select().from(auditLog).orderBy(asc(auditLog.id)),
    registrations: await db.select().from(registrations).orderBy(asc(registrations.id)),
    memberships: await db.select().from(clubMemberships).orderBy(asc(clubMemberships.id)),
    bookings: await db.select().from(loungeBookings).orderBy(asc(loungeBookings.id)),
    events: await db.select().from(events).orderBy(asc(events.id)),
    outbox: await db.select().from(outbox).orderBy(asc(outbox.id)),
  };
}

describe('dashboard, capacity and reports: who may see them', () => {
  for (const [actor, pick] of ACTORS) {
    it(`${actor}: ${ROUTES.length} requests answer as they should, refusals show nothing, and nothing is written`, async () => {
      const user = pick(w);
      const client = new TestClient(ctx);
      if (user) await client.signIn(user.phone);
      const before = await snapshot();
      const outcomes: string[] = [];
      const expected: string[] = [];
      for (const r of ROUTES) {
        const path = r.path(w);
        const res = await client.get(path);
        const body = await res.text();
        outcomes.push(`${path}: ${res.status}`);
        if (actor === 'anonymous') {
          expected.push(`${path}: 303`);
          expect(res.headers.get('location'), path).toBe(`/login?next=${encodeURIComponent(path)}`);
        } else expected.push(`${path}: ${actor === 'admin' ? r.admin : 403}`);
        if (actor !== 'admin') {
          expect(res.headers.get('content-disposition'), path).toBeNull();
          expect(res.headers.get('content-type') ?? '', path).not.toContain('text/csv');
          for (const secret of secrets(w)) expect(body, `${path} shows ${secret}`).not.toContain(secret);
        } else if (r.csv) {
          expect(res.headers.get('content-type'), path).toBe('text/csv; charset=utf-8');
        }
      }
      expect(outcomes).toEqual(expected);
      // reading reports changes nothing (and aggregate exports are not audited: they hold no one's personal data)
      expect(await snapshot()).toEqual(before);
    });
  }

  it('a POST to a report is not a way in either', async () => {
    const client = new TestClient(ctx);
    await client.signIn(w.gold.phone);
    for (const path of ['/admin/reports', '/admin/capacity', '/admin/reports/attendance.csv']) {
      const res = await client.post(path, {});
      expect([403, 404]).toContain(res.status);
      expect(await res.text()).not.toContain(w.golf.nameZh);
    }
  });
});
