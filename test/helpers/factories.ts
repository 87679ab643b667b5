import { clubCoordinators, clubs, events, loungeStaff, lounges, tiers, users, type ClubCategory, type Role } from '../../db/schema';
import { DEMO_TIERS } from '../../db/seed-data';
import { randomCode } from '../../src/lib/codes';
import { HOUR, DAY } from '../../src/lib/clock';
import type { TestContext } from './context';

export const TEST_PASSWORD = 'harbour-lights-42';

const hashCache = new Map<string, Promise<string>>();
/** Hashing is deliberately slow; tests share one hash per distinct password. */
function hashOf(ctx: TestContext, password: string): Promise<string> {
  let h = hashCache.get(password);
  if (!h) {
    h = ctx.deps.passwords.hash(password);
    hashCache.set(password, h);
  }
  return h;
}

export async function createTiers(ctx: TestContext) {
  await ctx.deps.db.insert(tiers).values(DEMO_TIERS).onConflictDoNothing();
}

let phoneSeq = 0;
export function nextPhone(): string {
  phoneSeq += 1;
  return `137${String(10_000_000 + phoneSeq).slice(-8)}`;
}

export interface UserOverrides {
  phone?: string;
  name?: string;
  role?: Role;
  tierCode?: string | null;
  password?: string;
  mustChangePassword?: boolean;
  disabledAt?: number | null;
  locale?: 'zh' | 'en';
}

export async function createUser(ctx: TestContext, o: UserOverrides = {}) {
  await createTiers(ctx);
  const role = o.role ?? 'member';
  const now = ctx.clock.now();
  const [row] = await ctx.deps.db
    .insert(users)
    .values({
      phone: o.phone ?? nextPhone(),
      name: o.name ?? (role === 'member' ? '测试会员' : '测试员工'),
      passwordHash: await hashOf(ctx, o.password ?? TEST_PASSWORD),
      role,
      tierCode: role === 'member' ? (o.tierCode === undefined ? 'gold' : o.tierCode) : null,
      locale: o.locale ?? 'zh',
      mustChangePassword: o.mustChangePassword ?? false,
      cardCode: randomCode(),
      disabledAt: o.disabledAt ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return row!;
}

let slugSeq = 0;
export async function createClub(ctx: TestContext, o: { category?: ClubCategory; minTier?: string | null; capacity?: number; coordinatorIds?: number[] } = {}) {
  await createTiers(ctx);
  slugSeq += 1;
  const [club] = await ctx.deps.db
    .insert(clubs)
    .values({
      slug: `club-${slugSeq}-${randomCode(4).toLowerCase()}`,
      category: o.category ?? 'fitness',
      city: 'haikou',
      nameZh: `测试俱乐部${slugSeq}`,
      nameEn: `Test Club ${slugSeq}`,
      descriptionZh: '测试用俱乐部',
      descriptionEn: 'A club for tests',
      minTier: o.minTier ?? null,
      capacity: o.capacity ?? 10,
      createdAt: ctx.clock.now(),
    })
    .returning();
  for (const userId of o.coordinatorIds ?? []) await ctx.deps.db.insert(clubCoordinators).values({ clubId: club!.id, userId });
  return club!;
}

export async function createLounge(ctx: TestContext, o: { code?: string; capacity?: number; staffIds?: number[] } = {}) {
  slugSeq += 1;
  const [lounge] = await ctx.deps.db
    .insert(lounges)
    .values({
      code: o.code ?? `TST-${slugSeq}`,
      airportCode: 'TST',
      terminal: 'T1',
      nameZh: `测试贵宾厅${slugSeq}`,
      nameEn: `Test Lounge ${slugSeq}`,
      locationZh: '安检后',
      locationEn: 'After security',
      descriptionZh: '测试',
      descriptionEn: 'Test',
      amenities: ['wifi'],
      capacity: o.capacity ?? 20,
      opensAt: 360,
      closesAt: 1380,
      slotMinutes: 60,
      prebookSharePct: 70,
      noShowPolicy: 'release',
      createdAt: ctx.clock.now(),
    })
    .returning();
  for (const userId of o.staffIds ?? []) await ctx.deps.db.insert(loungeStaff).values({ loungeId: lounge!.id, userId });
  return lounge!;
}

export async function createEvent(ctx: TestContext, o: { clubId?: number | null; inDays?: number; capacity?: number; minTier?: string | null; opensInHours?: number } = {}) {
  slugSeq += 1;
  const now = ctx.clock.now();
  const startsAt = now + (o.inDays ?? 7) * DAY;
  const [event] = await ctx.deps.db
    .insert(events)
    .values({
      slug: `event-${slugSeq}`,
      clubId: o.clubId ?? null,
      city: 'haikou',
      titleZh: `测试活动${slugSeq}`,
      titleEn: `Test Event ${slugSeq}`,
      descriptionZh: '测试',
      descriptionEn: 'Test',
      venueZh: '会场',
      venueEn: 'Venue',
      startsAt,
      endsAt: startsAt + 2 * HOUR,
      capacity: o.capacity ?? 10,
      maxGuests: 1,
      minTier: o.minTier ?? null,
      opensAt: now + (o.opensInHours ?? -24) * HOUR,
      closesAt: startsAt - HOUR,
      createdAt: now,
    })
    .returning();
  return event!;
}
