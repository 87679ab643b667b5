import { events, loungeStaff, lounges, users, type Role } from '../../db/schema';
import { createSession } from '../../src/auth/session';
import { openDatabase, type Db } from '../../src/db';
import { DAY, HOUR, MINUTE, systemClock } from '../../src/lib/clock';
import { randomCode } from '../../src/lib/codes';
import { addZonedDays, startOfZonedDay } from '../../src/lib/time';
import { createBooking } from '../../src/lounges/booking';
import { slotsOn } from '../../src/lounges/slots';

/**
 * The people and places one round of the crash test works with, written straight into the database file
 * while the server is down, with the app's own functions where they exist (sessions, lounge bookings).
 */

export const TIME_ZONE = 'Asia/Shanghai';
/** never checked: these accounts only ever use the session written for them */
const NO_PASSWORD = '$argon2id$v=19$m=19456,t=2,p=1$bm90LWEtcmVhbC1zYWx0$bm90LWEtcmVhbC1oYXNoLW5vdC1hLXJlYWwtaGFzaA';

export interface Person {
  id: number;
  /** the Cookie header that signs this person in */
  cookie: string;
}

export interface RoundPlan {
  round: number;
  events: Array<{ id: number; capacity: number }>;
  registrants: Person[];
  lounge: { id: number; capacity: number };
  staff: Person;
  /** pre-booked visits in the next hours, to be checked in at the desk */
  bookings: Array<{ id: number; userId: number }>;
  walkIns: Person[];
  /** members who book visits for tomorrow over HTTP */
  bookers: Person[];
  /** tomorrow's slot starts the bookers choose from */
  bookerSlots: number[];
}

export const ROUND_SHAPE = {
  eventCapacities: [4, 5, 6, 7],
  registrants: 40,
  loungeCapacity: 10,
  preBooked: 16,
  walkIns: 10,
  bookers: 10,
} as const;

let seq = 0;
async function person(db: Db, round: number, role: Role, tierCode: string | null): Promise<Person> {
  seq += 1;
  const now = systemClock.now();
  const [user] = await db
    .insert(users)
    .values({
      phone: `136${String(round).padStart(2, '0')}${String(seq).padStart(6, '0')}`,
      name: `压测${round}-${seq}`,
      passwordHash: NO_PASSWORD,
      role,
      tierCode,
      cardCode: randomCode(),
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: users.id });
  const { token } = await createSession({ db, clock: systemClock }, user!.id);
  return { id: user!.id, cookie: `vip_session=${token}` };
}

/** Writes one round's events, members, staff, lounge and bookings into the (stopped) server's database file. */
export async function prepareRound(databaseUrl: string, round: number): Promise<RoundPlan> {
  const database = await openDatabase(databaseUrl);
  try {
    const db = database.db;
    const now = systemClock.now();
    const eventRows: RoundPlan['events'] = [];
    for (const [i, capacity] of ROUND_SHAPE.eventCapacities.entries()) {
      const startsAt = now + 7 * DAY + i * HOUR;
      const [e] = await db
        .insert(events)
        .values({
          slug: `crash-${round}-${i}-${randomCode(4).toLowerCase()}`,
          city: 'haikou',
          titleZh: `崩溃测试活动 ${round}-${i}`,
          titleEn: `Crash test event ${round}-${i}`,
          descriptionZh: '测试',
          descriptionEn: 'Test',
          venueZh: '会场',
          venueEn: 'Venue',
          startsAt,
          endsAt: startsAt + 2 * HOUR,
          capacity,
          maxGuests: 2,
          opensAt: now - DAY,
          closesAt: startsAt - HOUR,
          createdAt: now,
        })
        .returning({ id: events.id, capacity: events.capacity });
      eventRows.push(e!);
    }
    const tiersCycle = ['silver', 'gold', 'platinum', 'diamond'];
    const registrants: Person[] = [];
    for (let i = 0; i < ROUND_SHAPE.registrants; i++) registrants.push(await person(db, round, 'member', tiersCycle[i % 4]!));

    const [lounge] = await db
      .insert(lounges)
      .values({
        code: `CRASH-${round}-${randomCode(4)}`,
        airportCode: 'TST',
        terminal: 'T1',
        nameZh: `崩溃测试贵宾厅 ${round}`,
        nameEn: `Crash test lounge ${round}`,
        locationZh: '安检后',
        locationEn: 'After security',
        descriptionZh: '测试',
        descriptionEn: 'Test',
        amenities: ['wifi'],
        capacity: ROUND_SHAPE.loungeCapacity,
        // open around the clock, so there is always a current slot for walk-ins whenever the test runs
        opensAt: 0,
        closesAt: 1440,
        slotMinutes: 60,
        prebookSharePct: 100,
        noShowPolicy: 'release',
        createdAt: now,
      })
      .returning();
    const staff = await person(db, round, 'lounge_staff', null);
    await db.insert(loungeStaff).values({ loungeId: lounge!.id, userId: staff.id });

    // Bookings for the two slots starting one and two hours or so from now: check-in opens three hours before a slot.
    const today = startOfZonedDay(now, TIME_ZONE);
    const slots = [...slotsOn(lounge!, today, TIME_ZONE), ...slotsOn(lounge!, addZonedDays(today, 1, TIME_ZONE), TIME_ZONE), ...slotsOn(lounge!, addZonedDays(today, 2, TIME_ZONE), TIME_ZONE)];
    const soon = slots.filter((s) => s.start > now + 10 * MINUTE && s.start < now + 3 * HOUR - 10 * MINUTE).slice(0, 2);
    const deps = { db, clock: systemClock, config: { timeZone: TIME_ZONE } };
    const bookings: RoundPlan['bookings'] = [];
    for (let i = 0; i < ROUND_SHAPE.preBooked; i++) {
      const member = await person(db, round, 'member', 'diamond');
      const slot = soon[i % soon.length]!;
      const made = await createBooking(deps, { id: member.id, role: 'member' }, { loungeId: lounge!.id, slotStart: slot.start, companions: i % 3 === 0 ? 1 : 0, flightNo: null });
      if (made.ok) bookings.push({ id: made.value.booking.id, userId: member.id });
    }
    const walkIns: Person[] = [];
    for (let i = 0; i < ROUND_SHAPE.walkIns; i++) walkIns.push(await person(db, round, 'member', 'diamond'));
    const bookers: Person[] = [];
    for (let i = 0; i < ROUND_SHAPE.bookers; i++) bookers.push(await person(db, round, 'member', 'gold'));
    const bookerSlots = slots.filter((s) => s.start > now + DAY && s.start < now + DAY + 4 * HOUR).map((s) => s.start);
    return { round, events: eventRows, registrants, lounge: { id: lounge!.id, capacity: lounge!.capacity }, staff, bookings, walkIns, bookers, bookerSlots };
  } finally {
    database.close();
  }
}
