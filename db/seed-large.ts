import type { Client } from '@libsql/client';

type Exec = Pick<Client, 'execute'>;
import { addZonedDays, startOfZonedDay, startOfZonedYear, zonedParts } from '../src/lib/time';
import { CLUB_COLUMNS, LOUNGE_COLUMNS, MEMBERSHIP_COLUMNS, USER_COLUMNS, makeClubs, makeLounges, makeMemberships, makePeople, type ClubFacts, type LoungeFacts } from './seed-large-people';
import { EVENT_COLUMNS, REGISTRATION_COLUMNS, makeEvents, makeRegistrations } from './seed-large-events';
import { BOOKING_COLUMNS, LEDGER_COLUMNS, makeBookings, type DayInfo } from './seed-large-lounges';
import { CodeMaker, bulkInsert, int, mulberry32, pickOne, type Row } from './seed-large-util';

/**
 * The large, realistic dataset for benchmarks (`npm run seed:large`), added on top of the demo seed.
 * Deterministic for a given seed, scale and day: a seeded PRNG draws everything (the demo rows keep their own
 * random codes). Full scale: 100,000 members, 60 clubs, 2,000 events with 300,000 registrations, 10 lounges with
 * 500,000 bookings and their ledger lines, feedback, ratings and notifications.
 */
export interface LargeSeedOptions {
  scale: number;
  seed: number;
  now: number;
  timeZone: string;
  /** the one argon2 hash every generated account shares (of the demo password) */
  passwordHash: string;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

async function maxId(client: Exec, table: string): Promise<number> {
  return Number((await client.execute(`SELECT coalesce(max(id), 0) AS m FROM ${table}`)).rows[0]!.m);
}

async function column(client: Exec, sql: string): Promise<string[]> {
  return (await client.execute(sql)).rows.map((r) => String(Object.values(r)[0]));
}

export async function seedLarge(client: Exec, opts: LargeSeedOptions, log: (line: string) => void = () => {}): Promise<Record<string, number>> {
  const rng = mulberry32(opts.seed);
  const s = opts.scale;
  const now = opts.now;
  const today = startOfZonedDay(now, opts.timeZone);
  const codes = new CodeMaker(rng, [
    ...(await column(client, 'SELECT card_code FROM users')),
    ...(await column(client, 'SELECT code FROM registrations')),
    ...(await column(client, 'SELECT code FROM lounge_bookings')),
    ...(await column(client, 'SELECT reference FROM feedback_tickets')),
  ]);
  const adminId = Number((await client.execute("SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1")).rows[0]!.id);
  const tiers = Object.fromEntries((await client.execute('SELECT code, name_zh, name_en FROM tiers')).rows.map((r) => [String(r.code), { nameZh: String(r.name_zh), nameEn: String(r.name_en) }]));
  const step = (() => {
    let t = performance.now();
    return (what: string) => {
      const n = performance.now();
      log(`  ${what}: ${((n - t) / 1000).toFixed(1)} s`);
      t = n;
    };
  })();

  // Secondary indexes of the big tables are dropped during the load and built again at the end: building an
  // index from sorted data is much faster than keeping it up to date row by row.
  const BIG = ['users', 'club_memberships', 'registrations', 'lounge_bookings', 'entitlement_ledger', 'notifications'];
  const indexes = (await client.execute(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${BIG.map((t) => `'${t}'`).join(', ')})`)).rows.map((r) => ({ name: String(r.name), sql: String(r.sql) }));
  for (const ix of indexes) await client.execute(`DROP INDEX "${ix.name}"`);

  // people
  const demoClubs: ClubFacts[] = (await client.execute('SELECT id, category, city, min_tier, capacity, requires_approval, name_zh, name_en FROM clubs')).rows.map((r) => ({
    id: Number(r.id), category: r.category as ClubFacts['category'], city: r.city as ClubFacts['city'], minTier: (r.min_tier as string | null) ?? null, capacity: Number(r.capacity), requiresApproval: Number(r.requires_approval) === 1, nameZh: String(r.name_zh), nameEn: String(r.name_en),
  }));
  const newClubCount = Math.max(0, 60 - demoClubs.length);
  const demoLounges = (await client.execute('SELECT l.id, l.name_zh, l.name_en, l.capacity, l.opens_at, l.closes_at, l.slot_minutes, l.prebook_share_pct, l.no_show_policy, (SELECT min(user_id) FROM lounge_staff s WHERE s.lounge_id = l.id) AS staff FROM lounges l ORDER BY l.id')).rows;
  const newLoungeCount = Math.max(0, 10 - demoLounges.length);
  const people = makePeople(rng, codes, { firstId: (await maxId(client, 'users')) + 1, members: Math.round(100_000 * s), coordinators: newClubCount, staff: newLoungeCount, now });
  await bulkInsert(client, 'users', USER_COLUMNS, people.users, { password_hash: opts.passwordHash });
  await bulkInsert(client, 'dependents', ['user_id', 'name', 'birth_year', 'created_at'], people.dependents);
  step(`${people.users.length} users`);

  // clubs and memberships (the demo clubs get members too)
  const made = makeClubs(rng, { firstId: (await maxId(client, 'clubs')) + 1, count: newClubCount, scale: s, now });
  await bulkInsert(client, 'clubs', CLUB_COLUMNS, made.rows);
  await bulkInsert(client, 'club_coordinators', ['club_id', 'user_id'], made.clubs.map((c, i) => [c.id, people.coordinatorIds[i]!]));
  const allClubs = [...demoClubs, ...made.clubs];
  const coordinatorOf = new Map<number, number>((await client.execute('SELECT club_id, min(user_id) AS u FROM club_coordinators GROUP BY club_id')).rows.map((r) => [Number(r.club_id), Number(r.u)]));
  const memberships = makeMemberships(rng, allClubs, people, { scale: s, now, skipUsers: new Set() });
  await bulkInsert(client, 'club_memberships', MEMBERSHIP_COLUMNS, memberships.rows);
  step(`${allClubs.length} clubs, ${memberships.rows.length} memberships`);

  // events and registrations
  const ev = makeEvents(rng, allClubs, { firstId: (await maxId(client, 'events')) + 1, count: Math.max(20, Math.round(2000 * s)), today, now });
  await bulkInsert(client, 'events', EVENT_COLUMNS, ev.rows);
  const regs = makeRegistrations(rng, codes, ev.events, people, memberships.activeByClub, {
    firstId: (await maxId(client, 'registrations')) + 1, total: Math.round(300_000 * s), now, checkerFor: (clubId) => (clubId !== null ? coordinatorOf.get(clubId) : undefined) ?? adminId,
  });
  await bulkInsert(client, 'registrations', REGISTRATION_COLUMNS, regs.rows);
  step(`${ev.rows.length} events, ${regs.rows.length} registrations`);

  // lounges, bookings and the ledger
  const lo = makeLounges(rng, { firstId: (await maxId(client, 'lounges')) + 1, count: newLoungeCount, staffIds: people.staffIds, now });
  await bulkInsert(client, 'lounges', LOUNGE_COLUMNS, lo.rows);
  await bulkInsert(client, 'lounge_staff', ['lounge_id', 'user_id'], lo.staff);
  const allLounges: LoungeFacts[] = [
    ...demoLounges.map((r) => ({ id: Number(r.id), nameZh: String(r.name_zh), nameEn: String(r.name_en), capacity: Number(r.capacity), opensAt: Number(r.opens_at), closesAt: Number(r.closes_at), slotMinutes: Number(r.slot_minutes), prebookSharePct: Number(r.prebook_share_pct), noShowPolicy: r.no_show_policy as 'release' | 'use', staffId: r.staff === null ? null : Number(r.staff) })),
    ...lo.lounges,
  ];
  const firstDay = startOfZonedYear(startOfZonedYear(now, opts.timeZone) - DAY, opts.timeZone);
  const days: DayInfo[] = [];
  for (let d = firstDay; d <= addZonedDays(today, 30, opts.timeZone); d = addZonedDays(d, 1, opts.timeZone)) days.push({ start: d, year: zonedParts(d, opts.timeZone).year });
  const yearStarts = new Map<number, number>();
  for (const d of days) if (!yearStarts.has(d.year)) yearStarts.set(d.year, startOfZonedYear(d.start, opts.timeZone));
  const bk = makeBookings(rng, codes, allLounges, people.members, days, {
    firstId: (await maxId(client, 'lounge_bookings')) + 1, firstLedgerId: (await maxId(client, 'entitlement_ledger')) + 1, total: Math.round(500_000 * s), now, adminId, tiers,
    yearStart: (year) => yearStarts.get(year)!,
  });
  step('bookings generated');
  await bulkInsert(client, 'lounge_bookings', BOOKING_COLUMNS, bk.bookings);
  step('bookings inserted');
  await bulkInsert(client, 'entitlement_ledger', LEDGER_COLUMNS, bk.ledger);
  step(`${allLounges.length} lounges, ${bk.bookings.length} bookings, ${bk.ledger.length} ledger lines`);

  // ratings of some past visits, feedback tickets, inbox messages of the last 30 days
  const eventById = new Map(ev.events.map((e) => [e.id, e]));
  const ratings: Row[] = [];
  for (const r of regs.regs) {
    if (!r.checkedIn || rng() >= 0.05) continue;
    const e = eventById.get(r.eventId)!;
    ratings.push([r.userId, 'event', r.id, null, e.id, e.clubId, null, pickOne(rng, [3, 4, 4, 5, 5, 5]), rng() < 0.2 ? '活动组织得很好。' : null, Math.min(now - 1, e.endsAt + HOUR)]);
  }
  for (const b of bk.facts) {
    if (b.checkedOutAt === null || rng() >= 0.03) continue;
    ratings.push([b.userId, 'lounge', null, b.id, null, null, b.loungeId, pickOne(rng, [2, 3, 4, 4, 5, 5]), null, Math.min(now - 1, b.checkedOutAt + HOUR)]);
  }
  await bulkInsert(client, 'ratings', ['user_id', 'subject_type', 'registration_id', 'booking_id', 'event_id', 'club_id', 'lounge_id', 'score', 'comment', 'created_at'], ratings);

  const tickets: Row[] = [];
  const messages: Row[] = [];
  let ticketId = (await maxId(client, 'feedback_tickets')) + 1;
  const active = people.members.filter((m) => !m.disabled);
  for (let i = 0; i < Math.max(5, Math.round(2000 * s)); i++, ticketId++) {
    const m = pickOne(rng, active);
    const createdAt = now - int(rng, 1, 120 * 24) * HOUR;
    const answered = createdAt < now - 48 * HOUR ? rng() < 0.85 : rng() < 0.4;
    const firstResponseAt = answered ? Math.min(now - 1, createdAt + int(rng, 1, 40) * HOUR) : null;
    const closed = answered && rng() < 0.6;
    const complaint = rng() < 0.3;
    tickets.push([ticketId, codes.next(), m.id, complaint ? 'complaint' : 'feedback', complaint ? '贵宾厅排队时间过长' : '希望增加周末活动场次', closed ? 'closed' : answered ? 'answered' : 'open', null, null, null, createdAt, createdAt + 48 * HOUR, firstResponseAt, closed ? firstResponseAt : null, firstResponseAt ?? createdAt]);
    messages.push([ticketId, m.id, 0, complaint ? '上周在贵宾厅等候了四十分钟才入座，希望改进。' : '周末的亲子活动很受欢迎，希望多开几场。', createdAt]);
    if (firstResponseAt !== null) messages.push([ticketId, adminId, 1, '感谢您的反馈，我们已转交相关团队跟进。', firstResponseAt]);
  }
  await bulkInsert(client, 'feedback_tickets', ['id', 'reference', 'user_id', 'category', 'subject', 'status', 'about_type', 'about_id', 'club_id', 'created_at', 'due_at', 'first_response_at', 'closed_at', 'updated_at'], tickets);
  await bulkInsert(client, 'feedback_messages', ['ticket_id', 'author_id', 'from_staff', 'body', 'created_at'], messages);

  const notes: Row[] = [];
  const recent = now - 30 * DAY;
  for (const r of regs.regs) {
    if (r.createdAt < recent || r.status === 'cancelled') continue;
    const e = eventById.get(r.eventId)!;
    const read = rng() < 0.6 ? Math.min(now - 1, r.createdAt + int(rng, 1, 48) * HOUR) : null;
    notes.push([r.userId, r.status === 'confirmed' ? 'event.confirmed' : 'event.waitlisted', JSON.stringify({ eventZh: e.titleZh, eventEn: e.titleEn, count: r.seats }), `/events/${e.id}`, r.createdAt, read, r.createdAt]);
  }
  const loungeName = new Map(allLounges.map((l) => [l.id, l]));
  for (const b of bk.bookings) {
    const createdAt = b[12] as number;
    if (createdAt < recent || b[11] === 1) continue;
    const l = loungeName.get(b[2] as number)!;
    const read = rng() < 0.6 ? Math.min(now - 1, createdAt + int(rng, 1, 48) * HOUR) : null;
    notes.push([b[3]!, 'lounge.booked', JSON.stringify({ loungeZh: l.nameZh, loungeEn: l.nameEn, slotStart: b[4] }), `/lounges/passes/${b[1]}`, createdAt, read, createdAt]);
  }
  notes.sort((a, b) => (a[4] as number) - (b[4] as number));
  await bulkInsert(client, 'notifications', ['user_id', 'kind', 'params', 'link', 'created_at', 'read_at', 'dispatched_at'], notes);
  step(`${ratings.length} ratings, ${tickets.length} tickets, ${notes.length} notifications`);
  for (const ix of indexes) await client.execute(ix.sql);
  step(`${indexes.length} indexes rebuilt`);

  return {
    members: people.members.length,
    staff: people.coordinatorIds.length + people.staffIds.length,
    clubs: allClubs.length,
    memberships: memberships.rows.length,
    events: ev.rows.length,
    registrations: regs.rows.length,
    lounges: allLounges.length,
    bookings: bk.bookings.length,
    ledger: bk.ledger.length,
    ratings: ratings.length,
    feedbackTickets: tickets.length,
    notifications: notes.length,
  };
}
