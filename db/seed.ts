import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../src/db';
import type { Clock } from '../src/lib/clock';
import type { PasswordHasher } from '../src/auth/password';
import { randomCode } from '../src/lib/codes';
import { addZonedDays, startOfZonedDay, zonedParts, zonedToInstant } from '../src/lib/time';
import { clubCoordinators, clubMemberships, clubs, dependents, events, loungeStaff, lounges, registrations, tiers, users } from './schema';
import { DEMO_ACCOUNTS, DEMO_CLUBS, DEMO_FILLERS, DEMO_LOUNGES, DEMO_MEMBERSHIPS, DEMO_PASSWORD, DEMO_PHONES, DEMO_TIERS } from './seed-data';
import { DEMO_EVENTS } from './seed-events';
import { seedHistory } from './seed-history';
import { HISTORY_PHONE_BASE } from './seed-history-data';
import { seedGoldMemberLounges } from './seed-plans';

export { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_PHONES };

export interface SeedDeps {
  clock: Clock;
  passwords: PasswordHasher;
  timeZone: string;
}

/**
 * Seeds the demo programme. Idempotent: every row has a natural key (tier code, phone, slug, lounge code)
 * and is inserted only when missing; links (children, coordinator and staff assignments) are made only
 * for rows created in the same run, so a second start adds nothing — not even what an admin removed.
 */
export async function seedDemo(db: Db, deps: SeedDeps): Promise<Record<string, number>> {
  const now = deps.clock.now();
  const created: Record<string, number> = { tiers: 0, users: 0, clubs: 0, lounges: 0, events: 0 };

  created.tiers = (await db.insert(tiers).values(DEMO_TIERS).onConflictDoNothing().returning({ code: tiers.code })).length;

  // Users: hash only for accounts that do not exist yet (argon2 is deliberately slow).
  const everyone = [
    ...DEMO_ACCOUNTS,
    ...DEMO_FILLERS.map((f) => ({ phone: f.phone, name: f.name, role: 'member' as const, tierCode: f.tierCode, locale: 'zh' as const, children: undefined })),
  ];
  const phones = everyone.map((a) => a.phone);
  const existing = new Set((await db.select({ phone: users.phone }).from(users).where(inArray(users.phone, phones))).map((r) => r.phone));
  for (const account of everyone.filter((a) => !existing.has(a.phone))) {
    const passwordHash = await deps.passwords.hash(DEMO_PASSWORD);
    const [row] = await db
      .insert(users)
      .values({
        phone: account.phone,
        name: account.name,
        passwordHash,
        role: account.role,
        tierCode: account.tierCode,
        locale: account.locale,
        mustChangePassword: false,
        cardCode: randomCode(),
        passwordChangedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (!row) continue;
    created.users! += 1;
    if (account.children?.length) {
      await db.insert(dependents).values(account.children.map((ch) => ({ userId: row.id, name: ch.name, birthYear: ch.birthYear, createdAt: now })));
    }
  }
  const allUsers = await db.select({ id: users.id, phone: users.phone }).from(users).where(inArray(users.phone, phones));
  const idOf = new Map(allUsers.map((u) => [u.phone, u.id]));

  const clubIdBySlug = new Map<string, number>();
  for (const club of DEMO_CLUBS) {
    const { coordinatorPhones, ...values } = club;
    const [row] = await db.insert(clubs).values({ ...values, createdAt: now }).onConflictDoNothing().returning({ id: clubs.id });
    if (!row) continue;
    created.clubs! += 1;
    clubIdBySlug.set(club.slug, row.id);
    const links = coordinatorPhones.map((p) => idOf.get(p)).filter((id): id is number => id !== undefined);
    if (links.length) await db.insert(clubCoordinators).values(links.map((userId) => ({ clubId: row.id, userId }))).onConflictDoNothing();
    const members = DEMO_MEMBERSHIPS.filter(([, slug]) => slug === club.slug)
      .map(([phone, , status]) => ({ userId: idOf.get(phone), status }))
      .filter((m): m is { userId: number; status: 'active' | 'pending' } => m.userId !== undefined);
    if (members.length) {
      await db.insert(clubMemberships).values(
        members.map((m) => ({ clubId: row.id, userId: m.userId, status: m.status, requestedAt: now, queuedAt: now, activeSince: m.status === 'active' ? now : null, statusChangedAt: now })),
      );
    }
  }

  for (const lounge of DEMO_LOUNGES) {
    const { staffPhones, ...values } = lounge;
    const [row] = await db.insert(lounges).values({ ...values, createdAt: now }).onConflictDoNothing().returning({ id: lounges.id });
    if (!row) continue;
    created.lounges! += 1;
    const links = staffPhones.map((p) => idOf.get(p)).filter((id): id is number => id !== undefined);
    if (links.length) await db.insert(loungeStaff).values(links.map((userId) => ({ loungeId: row.id, userId }))).onConflictDoNothing();
  }

  const allClubs = await db.select({ id: clubs.id, slug: clubs.slug }).from(clubs);
  for (const c of allClubs) if (!clubIdBySlug.has(c.slug)) clubIdBySlug.set(c.slug, c.id);
  const today = startOfZonedDay(now, deps.timeZone);
  const at = (days: number, [hour, minute]: [number, number]) => {
    const day = zonedParts(addZonedDays(today, days, deps.timeZone), deps.timeZone);
    return zonedToInstant({ year: day.year, month: day.month, day: day.day, hour, minute }, deps.timeZone);
  };
  for (const e of DEMO_EVENTS) {
    const startsAt = at(e.inDays, e.start);
    const [row] = await db
      .insert(events)
      .values({
        slug: e.slug,
        clubId: e.clubSlug ? clubIdBySlug.get(e.clubSlug) ?? null : null,
        city: e.city,
        titleZh: e.titleZh,
        titleEn: e.titleEn,
        descriptionZh: e.descriptionZh,
        descriptionEn: e.descriptionEn,
        venueZh: e.venueZh,
        venueEn: e.venueEn,
        startsAt,
        endsAt: at(e.inDays, e.end),
        capacity: e.capacity,
        maxGuests: e.maxGuests,
        minTier: e.minTier,
        requiresClubMembership: e.requiresClubMembership,
        childMinAge: e.childAges?.[0] ?? null,
        childMaxAge: e.childAges?.[1] ?? null,
        opensAt: e.opensInHours !== undefined ? now + e.opensInHours * 3600_000 : at(e.opensInDays, [10, 0]),
        closesAt: startsAt - 2 * 3600_000,
        status: 'scheduled',
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: events.id });
    if (!row) continue;
    created.events! += 1;
    for (const r of e.registrations ?? []) {
      const userId = idOf.get(r.phone);
      if (userId === undefined) continue;
      const kids = r.children?.length ? (await db.select().from(dependents).where(eq(dependents.userId, userId))).filter((d) => r.children!.includes(d.name)) : [];
      await db.insert(registrations).values({
        code: randomCode(8),
        eventId: row.id,
        userId,
        status: 'confirmed',
        guests: r.guests,
        children: kids.map((k) => ({ id: k.id, name: k.name, birthYear: k.birthYear })),
        seats: 1 + r.guests + kids.length,
        createdAt: now,
        queuedAt: now,
        confirmedAt: now,
      });
    }
  }
  Object.assign(created, await seedPastYear(db, deps, idOf, clubIdBySlug));
  return created;
}

/**
 * The year behind the demo (db/seed-history.ts) and the gold member's lounge year (db/seed-plans.ts), written once:
 * on the run that creates the history's first member, and only when the demo's staff, clubs and lounges are there.
 */
async function seedPastYear(db: Db, deps: SeedDeps, idOf: Map<string, number>, clubIdBySlug: Map<string, number>): Promise<Record<string, number>> {
  const [already] = await db.select({ id: users.id }).from(users).where(eq(users.phone, String(HISTORY_PHONE_BASE)));
  const [adminId, coordinatorId, staffId, goldId] = ['13800000000', '13800000001', '13800000002', '13900000003'].map((p) => idOf.get(p));
  const tierRows = await db.select().from(tiers);
  const loungeRows = await db.select().from(lounges).orderBy(lounges.id);
  if (already || !adminId || !coordinatorId || !staffId || loungeRows.length === 0 || clubIdBySlug.size === 0) return {};
  const now = deps.clock.now();
  const tierOf = new Map(DEMO_ACCOUNTS.map((a) => [a.phone, a.tierCode]));
  for (const f of DEMO_FILLERS) tierOf.set(f.phone, f.tierCode);
  const demoMembers = [...tierOf]
    .filter(([phone, tier]) => tier !== null && idOf.has(phone))
    .map(([phone, tier]) => ({ id: idOf.get(phone)!, tierCode: tier!, clubs: DEMO_MEMBERSHIPS.filter(([p, , status]) => p === phone && status === 'active').map(([, slug]) => slug) }));
  const counts = await seedHistory(db, { now, zone: deps.timeZone, passwordHash: await deps.passwords.hash(DEMO_PASSWORD), tiers: tierRows, lounges: loungeRows, clubIdBySlug, demoMembers, adminId, coordinatorId, staffId });
  const gold = tierRows.find((t) => t.code === 'gold');
  if (goldId && gold) {
    const [visited, booked] = [loungeRows[0]!, loungeRows[loungeRows.length - 1]!];
    counts.goldMemberLounges = await seedGoldMemberLounges(db, { now, zone: deps.timeZone, memberId: goldId, staffId, tier: gold, visited, booked });
  }
  return counts;
}
