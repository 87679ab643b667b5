import type { Client, Transaction } from '@libsql/client';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { randomCode } from '../src/lib/codes';
import { DAY, HOUR, MINUTE } from '../src/lib/clock';
import { addZonedDays, startOfZonedDay, zonedParts, zonedToInstant } from '../src/lib/time';
import type { Db } from '../src/db';
import { clubMemberships, entitlementLedger, events, feedbackMessages, feedbackTickets, loungeBookings, ratings, registrations, users } from './schema';
import { EVENT_DESCRIPTION, HISTORY_MEMBER_TIERS, HISTORY_PHONES, OPEN_COMPLAINT, PAST_EVENT_KINDS, PAST_FEEDBACK, RATING_COMMENTS } from './seed-history-data';
import { bulkInsert, int, mulberry32, personName, pickOne, type Rng } from './seed-large-util';

/** A year of believable history for the demo, relative to the seed's clock, from a seeded PRNG (the same every run). */

type Tier = { code: string; rank: number; nameZh: string; nameEn: string; loungeVisitsPerYear: number; companionsPerVisit: number };
type Lounge = { id: number; nameZh: string; nameEn: string; opensAt: number; closesAt: number; slotMinutes: number; noShowPolicy: 'release' | 'use' };
interface Person {
  id: number;
  tier: Tier;
  /** demo accounts take part in events but their lounge years are written by hand (the README counts them) */
  randomVisits: boolean;
}

export interface HistoryInput {
  now: number;
  zone: string;
  passwordHash: string;
  tiers: Tier[];
  lounges: Lounge[];
  clubIdBySlug: Map<string, number>;
  /** members already in the demo (accounts and fillers) who take part in past events, with their active clubs */
  demoMembers: Array<{ id: number; tierCode: string; clubs: string[] }>;
  adminId: number;
  coordinatorId: number;
  staffId: number;
}

const SEED = 20261126;

type Tx = Pick<Transaction, 'execute'>;

/**
 * Multi-row INSERTs straight to the client (db/seed-large-util.ts), with each value converted as Drizzle would
 * (booleans, JSON) and a column's default where a row leaves it out: building the same rows with Drizzle's insert
 * took several times as long as running them.
 */
async function put<T extends SQLiteTable>(tx: Tx, table: T, rows: Array<T['$inferInsert']>): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.entries(getTableColumns(table)).filter(([key, c]) => c.hasDefault === false || rows.some((r) => (r as Record<string, unknown>)[key] !== undefined));
  const values = rows.map((row) =>
    columns.map(([key, c]) => {
      const v = (row as Record<string, unknown>)[key] ?? (c.default as unknown);
      return v === undefined || v === null ? null : (c.mapToDriverValue(v) as string | number);
    }),
  );
  await bulkInsert(tx, getTableName(table), columns.map(([, c]) => c.name), values);
}

/** The ids the new rows take: inside the write transaction nobody else can take them meanwhile. */
async function lastIds(tx: Tx): Promise<Record<'users' | 'events' | 'registrations' | 'bookings' | 'tickets', number>> {
  const r = (await tx.execute(`SELECT (SELECT coalesce(max(id), 0) FROM users) AS users, (SELECT coalesce(max(id), 0) FROM events) AS events,
    (SELECT coalesce(max(id), 0) FROM registrations) AS registrations, (SELECT coalesce(max(id), 0) FROM lounge_bookings) AS bookings,
    (SELECT coalesce(max(id), 0) FROM feedback_tickets) AS tickets`)).rows[0]!;
  return { users: Number(r.users), events: Number(r.events), registrations: Number(r.registrations), bookings: Number(r.bookings), tickets: Number(r.tickets) };
}

/** 1–5 stars, mostly good. */
/** Fisher–Yates with the seeded PRNG. */
function shuffled<T>(rng: Rng, list: T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const score = (rng: Rng) => {
  const r = rng();
  return r < 0.46 ? 5 : r < 0.8 ? 4 : r < 0.93 ? 3 : r < 0.98 ? 2 : 1;
};

/**
 * Writes the history in one transaction with a few multi-row INSERTs: members (one shared hash), their clubs,
 * about 60 past events with registrations, check-ins, no-shows and cancellations (never more seats than the event
 * had), lounge visits with their ledger lines (never more than the tier's visits in a year), ratings, and answered
 * feedback plus one complaint still on its 48-hour clock. Returns how many rows of each kind it wrote.
 */
export async function seedHistory(db: Db, input: HistoryInput): Promise<Record<string, number>> {
  const { now, zone } = input;
  const rng = mulberry32(SEED);
  const today = startOfZonedDay(now, zone);
  const tierOf = new Map(input.tiers.map((t) => [t.code, t]));
  const atLocal = (dayStart: number, minutes: number) => {
    const p = zonedParts(dayStart, zone);
    return zonedToInstant({ year: p.year, month: p.month, day: p.day, hour: Math.floor(minutes / 60), minute: minutes % 60 }, zone);
  };
  const clubSlugs = [...input.clubIdBySlug.keys()];

  // the client Drizzle was made with (drizzle() keeps it as $client): one write transaction for all of it
  const tx = await (db as Db & { $client: Client }).$client.transaction('write');
  try {
    const counts = await writeHistory(tx);
    await tx.commit();
    return counts;
  } catch (error) {
    await tx.rollback();
    throw error;
  } finally {
    tx.close();
  }

  async function writeHistory(tx: Tx): Promise<Record<string, number>> {
    const id = await lastIds(tx);
    // Members who made the history (most with SMS notices off, so the demo's first start does not text them all).
    const memberRows: Array<typeof users.$inferInsert> = [];
    let n = 0;
    for (const [code, count] of HISTORY_MEMBER_TIERS) {
      for (let i = 0; i < count; i++, n++) {
        const createdAt = now - int(rng, 200, 900) * DAY;
        memberRows.push({ id: ++id.users, phone: HISTORY_PHONES[n]!, name: personName(rng), passwordHash: input.passwordHash, role: 'member', tierCode: code, locale: 'zh', notifySms: rng() < 0.2, mustChangePassword: false, cardCode: randomCode(), passwordChangedAt: createdAt, createdAt, updatedAt: createdAt });
      }
    }
    await put(tx, users, memberRows);
    const people: Person[] = [
      ...memberRows.map((u) => ({ id: u.id!, tier: tierOf.get(u.tierCode!)!, randomVisits: true })),
      ...input.demoMembers.map((m) => ({ id: m.id, tier: tierOf.get(m.tierCode)!, randomVisits: false })),
    ];

    // Their clubs: one to three each, where the tier allows.
    const clubsOf = new Map<number, Set<string>>(input.demoMembers.map((m) => [m.id, new Set(m.clubs)]));
    const memberships: Array<typeof clubMemberships.$inferInsert> = [];
    for (const p of people.filter((x) => x.randomVisits)) {
      const mine = new Set<string>();
      // golf is what many platinum and diamond members come for
      if (p.tier.rank >= tierOf.get('platinum')!.rank && rng() < 0.5) mine.add('golf');
      const wanted = int(rng, 1, 3);
      for (let tries = 0; mine.size < wanted && tries < 10; tries++) {
        const slug = pickOne(rng, clubSlugs);
        if (slug === 'golf' && p.tier.rank < tierOf.get('platinum')!.rank) continue;
        mine.add(slug);
      }
      clubsOf.set(p.id, mine);
      for (const slug of mine) {
        const since = now - int(rng, 30, 400) * DAY;
        memberships.push({ clubId: input.clubIdBySlug.get(slug)!, userId: p.id, status: 'active', requestedAt: since, queuedAt: since, activeSince: since, statusChangedAt: since, decidedBy: slug === 'golf' ? input.coordinatorId : null });
      }
    }
    await put(tx, clubMemberships, memberships);

    // Past events: one every six days or so over the last year, the kinds in turn.
    const eventRows: Array<typeof events.$inferInsert> = [];
    for (let i = 0; i < 60; i++) {
      const kind = PAST_EVENT_KINDS[i % PAST_EVENT_KINDS.length]!;
      const day = addZonedDays(today, -(3 + i * 6 + int(rng, 0, 4)), zone);
      const startsAt = atLocal(day, kind.start[0] * 60 + kind.start[1]);
      eventRows.push({
        id: ++id.events,
        slug: `past-${String(i + 1).padStart(2, '0')}`,
        clubId: kind.clubSlug ? input.clubIdBySlug.get(kind.clubSlug) ?? null : null,
        city: kind.city,
        titleZh: kind.titleZh,
        titleEn: kind.titleEn,
        descriptionZh: EVENT_DESCRIPTION.zh,
        descriptionEn: EVENT_DESCRIPTION.en,
        venueZh: kind.venueZh,
        venueEn: kind.venueEn,
        startsAt,
        endsAt: startsAt + kind.hours * HOUR,
        capacity: kind.capacity,
        maxGuests: kind.maxGuests,
        minTier: kind.minTier,
        requiresClubMembership: kind.requiresClubMembership,
        opensAt: startsAt - 21 * DAY,
        closesAt: startsAt - 2 * HOUR,
        status: 'scheduled',
        createdAt: startsAt - 30 * DAY,
      });
    }
    await put(tx, events, eventRows);

    // Their registrations: the club's members first, a few others; seats never over capacity.
    const regRows: Array<typeof registrations.$inferInsert> = [];
    const regMeta: Array<{ id: number; eventId: number; clubId: number | null; userId: number; endsAt: number; attended: boolean }> = [];
    eventRows.forEach((e, i) => {
      const kind = PAST_EVENT_KINDS[i % PAST_EVENT_KINDS.length]!;
      const eventId = e.id!;
      const minRank = kind.minTier ? tierOf.get(kind.minTier)!.rank : 0;
      const inClub = (p: Person) => (kind.clubSlug ? clubsOf.get(p.id)?.has(kind.clubSlug) === true : true);
      const pool = shuffled(rng, people.filter((p) => p.tier.rank >= minRank && (!kind.requiresClubMembership || inClub(p))));
      const target = Math.round(e.capacity! * (0.35 + rng() * 0.45));
      let seats = 0;
      for (const p of pool) {
        if (!inClub(p) && rng() < 0.7) continue;
        const guests = kind.maxGuests > 0 && rng() < 0.3 ? 1 : 0;
        if (seats + 1 + guests > target) continue;
        const createdAt = e.opensAt! + int(rng, 1, 18 * 24) * HOUR;
        const cancelled = rng() < 0.08;
        const noShow = !cancelled && rng() < 0.12;
        const checkedInSeats = cancelled || noShow ? 0 : guests > 0 && rng() < 0.2 ? 1 : 1 + guests;
        const regId = ++id.registrations;
        if (!cancelled) seats += 1 + guests;
        regRows.push({
          id: regId,
          code: randomCode(8),
          eventId,
          userId: p.id,
          status: cancelled ? 'cancelled' : 'confirmed',
          guests,
          children: [],
          seats: 1 + guests,
          createdAt,
          queuedAt: createdAt,
          confirmedAt: createdAt,
          cancelledAt: cancelled ? Math.min(createdAt + int(rng, 1, 72) * HOUR, e.startsAt! - HOUR) : null,
          checkedInSeats,
          checkedInAt: checkedInSeats > 0 ? e.startsAt! - int(rng, 0, 30) * MINUTE : null,
          checkedInBy: checkedInSeats > 0 ? (kind.clubSlug === 'golf' || kind.clubSlug === 'music-12530' ? input.coordinatorId : input.adminId) : null,
          noShowAt: noShow ? e.endsAt! + 5 * MINUTE : null,
        });
        regMeta.push({ id: regId, eventId, clubId: e.clubId ?? null, userId: p.id, endsAt: e.endsAt!, attended: checkedInSeats > 0 });
      }
    });
    await put(tx, registrations, regRows);

    const ratingRows: Array<typeof ratings.$inferInsert> = [];
    const rated = (at: number) => Math.min(at + int(rng, 1, 48) * HOUR, now - HOUR);
    for (const r of regMeta) {
      if (!r.attended || rng() > 0.45) continue;
      ratingRows.push({ userId: r.userId, subjectType: 'event', registrationId: r.id, eventId: r.eventId, clubId: r.clubId, score: score(rng), comment: rng() < 0.25 ? pickOne(rng, RATING_COMMENTS) : null, createdAt: rated(r.endsAt) });
    }

    // Lounge visits of the history members: within each year's allowance, busier mornings and evenings.
    const bookingRows: Array<typeof loungeBookings.$inferInsert> = [];
    const ledgerRows: Array<typeof entitlementLedger.$inferInsert> = [];
    const periodStart = addZonedDays(today, -365, zone);
    const hourWeights = Array.from({ length: 24 }, (_, h) => (h >= 7 && h <= 9 ? 3 : h >= 17 && h <= 20 ? 2.5 : h >= 11 && h <= 14 ? 1.5 : 1));
    for (const p of people.filter((x) => x.randomVisits)) {
      const yearsSeen = new Map<number, number>();
      const visits = Math.round(p.tier.loungeVisitsPerYear * (0.6 + rng() * 0.4));
      for (let v = 0, tries = 0; v < visits && tries < visits * 4; tries++) {
        const day = addZonedDays(periodStart, int(rng, 0, 363), zone);
        const year = zonedParts(day, zone).year;
        const taken = yearsSeen.get(year) ?? 0;
        if (taken >= p.tier.loungeVisitsPerYear) continue;
        const lounge = rng() < 0.65 ? input.lounges[0]! : input.lounges[input.lounges.length - 1]!;
        const slots: number[] = [];
        for (let m = lounge.opensAt; m + lounge.slotMinutes <= lounge.closesAt; m += lounge.slotMinutes) slots.push(m);
        // Fridays and weekends are busier: a third of the days drawn from Monday to Thursday are drawn again
        if (zonedParts(day, zone).weekday <= 4 && rng() < 0.35) continue;
        let r = rng() * slots.reduce((s, m) => s + hourWeights[Math.floor(m / 60)]!, 0);
        const minute = slots.find((m) => (r -= hourWeights[Math.floor(m / 60)]!) <= 0) ?? slots[0]!;
        const slotStart = atLocal(day, minute);
        if (slotStart + lounge.slotMinutes * MINUTE + HOUR > now) continue;
        yearsSeen.set(year, taken + 1);
        v++;
        const bookingId = ++id.bookings;
        const names = { loungeZh: lounge.nameZh, loungeEn: lounge.nameEn };
        const companions = p.tier.companionsPerVisit > 0 && rng() < 0.35 ? int(rng, 1, p.tier.companionsPerVisit) : 0;
        const walkIn = rng() < 0.07;
        const noShow = !walkIn && rng() < 0.08;
        const createdAt = walkIn ? slotStart + int(rng, 0, 40) * MINUTE : slotStart - int(rng, 1, 12) * DAY;
        const checkedInAt = noShow ? null : walkIn ? createdAt : slotStart + int(rng, -40, 50) * MINUTE;
        const arrived = noShow ? null : rng() < 0.9 ? companions : 0;
        bookingRows.push({ id: bookingId, code: randomCode(8), loungeId: lounge.id, userId: p.id, slotStart, slotEnd: slotStart + lounge.slotMinutes * MINUTE, year, companions, companionsArrived: arrived, flightNo: rng() < 0.6 ? `HU${int(rng, 7001, 7899)}` : null, status: noShow ? 'no_show' : 'checked_out', walkIn, createdAt, checkedInAt, checkedInBy: noShow ? null : input.staffId, checkedOutAt: checkedInAt === null ? null : checkedInAt + int(rng, 40, 150) * MINUTE, checkedOutBy: checkedInAt === null ? null : input.staffId, noShowAt: noShow ? slotStart + lounge.slotMinutes * MINUTE + 30 * MINUTE : null });
        if (!walkIn) ledgerRows.push({ userId: p.id, year, at: createdAt, type: 'reserve', reservedDelta: 1, bookingId, params: { ...names, slotStart, companions } });
        if (noShow) ledgerRows.push({ userId: p.id, year, at: slotStart + (lounge.slotMinutes + 30) * MINUTE, type: 'no_show', reservedDelta: -1, usedDelta: lounge.noShowPolicy === 'use' ? 1 : 0, bookingId, params: { ...names, slotStart, policy: lounge.noShowPolicy } });
        else ledgerRows.push({ userId: p.id, year, at: checkedInAt!, type: 'use', reservedDelta: walkIn ? 0 : -1, usedDelta: 1, actorId: input.staffId, bookingId, params: walkIn ? { ...names, companions: arrived!, walkIn: 1 } : { ...names, companions: arrived! } });
      }
    }
    await put(tx, loungeBookings, bookingRows);
    // each member's year starts with its allowance line, written at their first booking of the year
    const firstAt = new Map<string, { userId: number; year: number; at: number; tier: Tier }>();
    const tierOfPerson = new Map(people.map((p) => [p.id, p.tier]));
    for (const l of ledgerRows) {
      const key = `${l.userId}:${l.year}`;
      const seen = firstAt.get(key);
      if (!seen || l.at < seen.at) firstAt.set(key, { userId: l.userId, year: l.year, at: l.at, tier: tierOfPerson.get(l.userId)! });
    }
    const grants = [...firstAt.values()].map((g) => ({ userId: g.userId, year: g.year, at: g.at, type: 'grant' as const, allowanceDelta: g.tier.loungeVisitsPerYear, params: { tierZh: g.tier.nameZh, tierEn: g.tier.nameEn, visits: g.tier.loungeVisitsPerYear } }));
    await put(tx, entitlementLedger, [...grants, ...ledgerRows]);

    for (const b of bookingRows) {
      if (b.status !== 'checked_out' || rng() > 0.35) continue;
      ratingRows.push({ userId: b.userId, subjectType: 'lounge', bookingId: b.id!, loungeId: b.loungeId, score: score(rng), comment: rng() < 0.2 ? pickOne(rng, RATING_COMMENTS) : null, createdAt: rated(b.checkedOutAt!) });
    }
    await put(tx, ratings, ratingRows);

    // Feedback over the year, every ticket answered (one a little late), most closed; one complaint still open.
    const authors = people.filter((p) => p.randomVisits);
    const ticketRows: Array<typeof feedbackTickets.$inferInsert> = [];
    const threads: Array<Array<{ fromStaff: boolean; body: string; createdAt: number; authorId: number }>> = [];
    PAST_FEEDBACK.forEach((f, i) => {
      const author = pickOne(rng, authors);
      const createdAt = now - (340 - i * 28 + int(rng, 0, 10)) * DAY - int(rng, 0, 12) * HOUR;
      const firstResponseAt = createdAt + (i === 4 ? 53 : int(rng, 2, 40)) * HOUR;
      const closed = rng() < 0.75;
      ticketRows.push({ id: ++id.tickets, reference: randomCode(8), userId: author.id, category: f.category, subject: f.subject, status: closed ? 'closed' : 'answered', createdAt, dueAt: createdAt + 48 * HOUR, firstResponseAt, closedAt: closed ? firstResponseAt + int(rng, 1, 4) * DAY : null, updatedAt: firstResponseAt });
      threads.push([
        { fromStaff: false, body: f.body, createdAt, authorId: author.id },
        { fromStaff: true, body: f.reply, createdAt: firstResponseAt, authorId: input.adminId },
      ]);
    });
    const openAt = now - OPEN_COMPLAINT.hoursAgo * HOUR;
    const openAuthor = pickOne(rng, authors);
    ticketRows.push({ id: ++id.tickets, reference: randomCode(8), userId: openAuthor.id, category: 'complaint', subject: OPEN_COMPLAINT.subject, status: 'open', createdAt: openAt, dueAt: openAt + 48 * HOUR, updatedAt: openAt });
    threads.push([{ fromStaff: false, body: OPEN_COMPLAINT.body, createdAt: openAt, authorId: openAuthor.id }]);
    await put(tx, feedbackTickets, ticketRows);
    await put(tx, feedbackMessages, ticketRows.flatMap((t, i) => threads[i]!.map((m) => ({ ticketId: t.id!, ...m }))));

    return { historyMembers: memberRows.length, pastEvents: eventRows.length, pastRegistrations: regRows.length, loungeVisits: bookingRows.length, ratings: ratingRows.length, feedback: ticketRows.length };
  }
}
