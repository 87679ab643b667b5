import { createHash } from 'node:crypto';
import { clubMemberships, dependents, feedbackMessages, feedbackTickets, importBatches, outbox } from '../../db/schema';
import { createSession } from '../../src/auth/session';
import { HOUR, DAY } from '../../src/lib/clock';
import { randomCode } from '../../src/lib/codes';
import { loadAssets } from '../../src/lib/assets';
import type { TestContext } from './context';
import { TestClient } from './client';
import { createClub, createEvent, createLounge, createUser } from './factories';
import { addBooking, addMembership, addRegistration } from '../integration/feedback/fixtures';

/**
 * A small programme for the security sweeps: two of everything (member A/B, club X/Y, lounge L/M), with the
 * "other party" (member B, club Y, lounge M) owning every private row a path can point at.
 */

export const ROLES = ['anon', 'memberA', 'memberB', 'coordX', 'coordY', 'staffL', 'staffM', 'admin'] as const;
export type RoleName = (typeof ROLES)[number];

/** Member B's private strings: they must never appear in an answer to anyone refused. */
export const B_NAME = '保密人乙甲丙';
export const B_PHONE = '13912345678';

export type Programme = Awaited<ReturnType<typeof buildProgramme>>;

export async function buildProgramme(ctx: TestContext) {
  const admin = await createUser(ctx, { role: 'admin', name: '管理员' });
  const memberA = await createUser(ctx, { name: '会员甲' });
  const memberB = await createUser(ctx, { name: B_NAME, phone: B_PHONE });
  const coordX = await createUser(ctx, { role: 'coordinator', name: '协调员X' });
  const coordY = await createUser(ctx, { role: 'coordinator', name: '协调员Y' });
  const staffL = await createUser(ctx, { role: 'lounge_staff', name: '值班员L' });
  const staffM = await createUser(ctx, { role: 'lounge_staff', name: '值班员M' });
  const clubX = await createClub(ctx, { coordinatorIds: [coordX.id] });
  const clubY = await createClub(ctx, { coordinatorIds: [coordY.id] });
  const loungeL = await createLounge(ctx, { staffIds: [staffL.id] });
  const loungeM = await createLounge(ctx, { staffIds: [staffM.id] });
  const eventX = await createEvent(ctx, { clubId: clubX.id });
  const eventY = await createEvent(ctx, { clubId: clubY.id, capacity: 5 });
  // the event is today so the door (check-in) is open
  const eventYToday = await createEvent(ctx, { clubId: clubY.id, inDays: 0.1 });
  await addMembership(ctx, clubY.id, memberB.id, 'pending');
  await addMembership(ctx, clubX.id, memberA.id);
  const membershipB = (await ctx.deps.db.select().from(clubMemberships)).find((m) => m.userId === memberB.id)!;
  const regB = await addRegistration(ctx, { eventId: eventYToday.id, userId: memberB.id });
  await addRegistration(ctx, { eventId: eventY.id, userId: memberB.id });
  // an event B attended last week: B may rate it, nobody else may
  const pastEventY = await createEvent(ctx, { clubId: clubY.id, inDays: -7, opensInHours: -24 * 14 });
  const attendedB = await addRegistration(ctx, { eventId: pastEventY.id, userId: memberB.id, checkedInAt: pastEventY.startsAt });
  const now = ctx.clock.now();
  const slot = Math.floor(now / HOUR) * HOUR + 2 * HOUR;
  const bookingB = await addBooking(ctx, { loungeId: loungeM.id, userId: memberB.id, slotStart: slot });
  const [childB] = await ctx.deps.db.insert(dependents).values({ userId: memberB.id, name: '乙的孩子', birthYear: 2018, createdAt: now }).returning();
  const [ticketB] = await ctx.deps.db
    .insert(feedbackTickets)
    .values({ reference: randomCode(8), userId: memberB.id, category: 'feedback', subject: '乙的反馈', status: 'open', clubId: clubY.id, createdAt: now, updatedAt: now, dueAt: now + 2 * DAY })
    .returning();
  await ctx.deps.db.insert(feedbackMessages).values({ ticketId: ticketB!.id, authorId: memberB.id, fromStaff: false, body: '乙的留言', createdAt: now });
  const [outboxRow] = await ctx.deps.db
    .insert(outbox)
    .values({ userId: memberB.id, channel: 'sms', destination: B_PHONE, status: 'failed', body: 'x', nextAttemptAt: now, createdAt: now })
    .returning();
  const [batch] = await ctx.deps.db
    .insert(importBatches)
    .values({ createdBy: admin.id, createdAt: now, fileName: 'a.csv', content: 'phone,name,tier\n1380000,x,gold\n', digest: 'x', status: 'done', rowCount: 0, summary: { create: 0, update: 0, unchanged: 0, error: 1 } })
    .returning();
  return {
    people: { admin, memberA, memberB, coordX, coordY, staffL, staffM },
    clubX,
    clubY,
    loungeL,
    loungeM,
    eventX,
    eventY,
    eventYToday,
    membershipB,
    regB,
    attendedB,
    bookingB,
    childB: childB!,
    ticketB: ticketB!,
    outboxId: outboxRow!.id,
    importId: batch!.id,
  };
}

/** Signed-in clients, one per role (anon has no session). */
export async function clientsFor(ctx: TestContext, p: Programme): Promise<Record<RoleName, TestClient>> {
  const out = { anon: new TestClient(ctx) } as Record<RoleName, TestClient>;
  for (const role of ROLES) {
    if (role === 'anon') continue;
    // sessions made directly: checking eight passwords per programme would only slow the sweeps down
    const c = new TestClient(ctx, { address: `203.0.113.${ROLES.indexOf(role)}` });
    c.cookies.set('vip_session', (await createSession(ctx.deps, p.people[role].id)).token);
    out[role] = c;
  }
  return out;
}

/** Fills a route's path parameters with ids of the other party (member B, club Y, lounge M, event of club Y). */
let assetUrls: Record<string, string> | undefined;

export function fillPath(path: string, p: Programme): string {
  const idFor = (): string => {
    if (/^\/(admin\/)?clubs|^\/coordinator\/clubs/.test(path)) return String(p.clubY.id);
    if (/^\/(coordinator\/)?events/.test(path)) return String(p.eventYToday.id);
    if (/^\/(admin\/|desk\/)?lounges/.test(path)) return String(p.loungeM.id);
    if (/^\/admin\/(members|entitlements)/.test(path)) return String(p.people.memberB.id);
    if (/feedback/.test(path)) return String(p.ticketB.id);
    if (/^\/admin\/import/.test(path)) return String(p.importId);
    if (/^\/admin\/outbox/.test(path)) return String(p.outboxId);
    if (/^\/account\/children/.test(path)) return String(p.childB.id);
    if (/^\/admin\/satisfaction/.test(path)) return String(p.clubY.id);
    throw new Error(`no id for ${path}`);
  };
  return path
    .replace(/:code\{.*\.ics\}/, `${p.regB.code}.ics`)
    .replace(/:id\{[^}]*\}/g, ':id')
    .replace(':subject', 'clubs')
    .replace(':mid', String(p.membershipB.id))
    .replace(':action', 'approve')
    .replace(':rid', String(p.regB.id))
    .replace(':bid', String(p.bookingB.id))
    .replace(':reference', p.ticketB.reference)
    .replace(':code', path.startsWith('/admin/tiers') ? 'gold' : path.startsWith('/lounges/passes') ? p.bookingB.code : p.regB.code)
    .replace(':id', () => idFor())
    .replace('/assets/*', (assetUrls ??= loadAssets().urls)['pico.css']!)
    .replace(/^\/me\/ratings\/new$/, `/me/ratings/new?registration=${p.attendedB.id}`);
}

/** A checksum of every row of every table: equal before and after means nothing was written. */
export async function databaseChecksum(ctx: TestContext, except: readonly string[] = []): Promise<string> {
  const tables = await ctx.deps.client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name");
  const hash = createHash('sha256');
  for (const row of tables.rows) {
    const name = String(row.name);
    if (except.includes(name)) continue;
    const rows = await ctx.deps.client.execute(`SELECT * FROM "${name}" ORDER BY rowid`);
    hash.update(name);
    hash.update(JSON.stringify(rows.rows, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v instanceof ArrayBuffer ? Buffer.from(v).toString('hex') : v)));
  }
  return hash.digest('hex');
}

export interface RouteInfo {
  method: string;
  path: string;
}

/** Every distinct method+path the app registered (middleware-only ALL entries left out). */
export function routesOf(app: { routes: Array<{ method: string; path: string }> }): RouteInfo[] {
  const seen = new Set<string>();
  const out: RouteInfo[] = [];
  for (const r of app.routes) {
    if (r.method === 'ALL') continue;
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ method: r.method, path: r.path });
  }
  return out;
}
