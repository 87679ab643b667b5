import { CITIES, type City } from './schema';
import { CITY_NAMES, TIER_RANK, type ClubFacts, type People } from './seed-large-people';
import { CodeMaker, int, pickOne, type Rng, type Row } from './seed-large-util';

/**
 * Events over two years (a year back, a year ahead) and their registrations, consistent with capacity:
 * confirmed seats never exceed it; a waitlist exists only when the event is full (so every waiting party is too
 * big for the free seats, as the app's rule says); past confirmed parties were checked in or marked no-show.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const EVENT_COLUMNS = ['id', 'slug', 'club_id', 'city', 'title_zh', 'title_en', 'description_zh', 'description_en', 'venue_zh', 'venue_en', 'starts_at', 'ends_at', 'capacity', 'max_guests', 'min_tier', 'requires_club_membership', 'child_min_age', 'child_max_age', 'opens_at', 'closes_at', 'status', 'created_at'];
export const REGISTRATION_COLUMNS = ['id', 'code', 'event_id', 'user_id', 'status', 'guests', 'children', 'seats', 'created_at', 'queued_at', 'confirmed_at', 'cancelled_at', 'checked_in_seats', 'checked_in_at', 'checked_in_by', 'no_show_at', 'walk_in'];

const TITLES: Record<string, Array<[string, string]>> = {
  golf: [['高尔夫球友谊赛', 'Golf friendly'], ['果岭推杆训练营', 'Putting clinic']],
  parent_child: [['亲子海滩日', 'Parent-child beach day'], ['亲子手工课堂', 'Parent-child crafts class']],
  music: [['12530 音乐之夜', '12530 music night'], ['会员专场音乐会', 'Members’ concert']],
  lecture: [['VIP 大讲堂：财富管理', 'VIP lecture: wealth management'], ['VIP 大讲堂：健康生活', 'VIP lecture: healthy living']],
  fitness: [['晨跑与瑜伽', 'Morning run and yoga'], ['体能训练营', 'Fitness boot camp']],
  table_tennis: [['乒乓球联谊赛', 'Table tennis social'], ['乒乓球技巧课', 'Table tennis skills class']],
  badminton: [['羽毛球双打赛', 'Badminton doubles'], ['羽毛球公开课', 'Badminton open class']],
  programme: [['全球通VIP学院论坛', 'GoTone VIP Academy forum'], ['全球通客户答谢会', 'GoTone customer appreciation evening']],
};
const CAPACITIES = [20, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250, 300, 400];

export interface EventFacts {
  id: number;
  clubId: number | null;
  capacity: number;
  maxGuests: number;
  startsAt: number;
  endsAt: number;
  opensAt: number;
  closesAt: number;
  cancelled: boolean;
  minRank: number;
  requiresClub: boolean;
  titleZh: string;
  titleEn: string;
}

export function makeEvents(rng: Rng, clubs: ClubFacts[], opts: { firstId: number; count: number; today: number; now: number }): { rows: Row[]; events: EventFacts[] } {
  const rows: Row[] = [];
  const events: EventFacts[] = [];
  for (let i = 0; i < opts.count; i++) {
    const id = opts.firstId + i;
    const club = rng() < 0.85 ? pickOne(rng, clubs) : null;
    const city: City = club?.city ?? pickOne(rng, CITIES);
    const [titleZh, titleEn] = pickOne(rng, TITLES[club?.category ?? 'programme']!);
    const day = opts.today + (Math.floor((i / opts.count) * 730) - 365) * DAY;
    const startsAt = day + int(rng, 9, 19) * HOUR - 8 * HOUR + (rng() < 0.5 ? 30 * 60_000 : 0);
    const endsAt = startsAt + int(rng, 2, 4) * HOUR;
    const capacity = pickOne(rng, CAPACITIES);
    const maxGuests = rng() < 0.5 ? 0 : rng() < 0.6 ? 1 : 2;
    const minTier = club?.minTier ?? (rng() < 0.15 ? pickOne(rng, ['gold', 'platinum', 'diamond']) : null);
    const requiresClub = club !== null && rng() < 0.4;
    const kids = club?.category === 'parent_child';
    const opensAt = startsAt - 21 * DAY;
    const closesAt = startsAt - 2 * HOUR;
    const cancelled = rng() < 0.03;
    const [cityZh, cityEn] = CITY_NAMES[city];
    const venueZh = `${cityZh}${pickOne(rng, ['国际会展中心', '观澜湖度假区', '亚龙湾会所', '移动大厦多功能厅'])}`;
    const venueEn = `${cityEn} ${pickOne(rng, ['Convention Centre', 'Mission Hills Resort', 'Yalong Bay Clubhouse', 'China Mobile Tower Hall'])}`;
    rows.push([id, `ev-${i + 1}`, club?.id ?? null, city, `${titleZh}·第${i + 1}期`, `${titleEn} #${i + 1}`, `${titleZh}，名额有限，先到先得。`, `${titleEn}. Places are limited.`, venueZh, venueEn, startsAt, endsAt, capacity, maxGuests, minTier, requiresClub ? 1 : 0, kids ? 3 : null, kids ? 12 : null, opensAt, closesAt, cancelled ? 'cancelled' : 'scheduled', opensAt - 7 * DAY]);
    events.push({ id, clubId: club?.id ?? null, capacity, maxGuests, startsAt, endsAt, opensAt, closesAt, cancelled, minRank: minTier ? TIER_RANK[minTier]! : 0, requiresClub, titleZh: `${titleZh}·第${i + 1}期`, titleEn: `${titleEn} #${i + 1}` });
  }
  return { rows, events };
}

export interface RegistrationFacts {
  id: number;
  eventId: number;
  userId: number;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  seats: number;
  createdAt: number;
  checkedIn: boolean;
}

/** Registrations, `total` in all, spread over the events open by now in proportion to a random demand. */
export function makeRegistrations(
  rng: Rng,
  codes: CodeMaker,
  events: EventFacts[],
  people: People,
  activeByClub: Map<number, number[]>,
  opts: { firstId: number; total: number; now: number; checkerFor: (clubId: number | null) => number },
): { rows: Row[]; regs: RegistrationFacts[] } {
  // early access: diamond members may register 72 h before the general opening
  const open = events.filter((e) => e.opensAt - 72 * HOUR <= opts.now);
  const demand = open.map((e) => e.capacity * (0.25 + 1.35 * rng()));
  const factor = opts.total / demand.reduce((a, b) => a + b, 0);
  const rows: Row[] = [];
  const regs: RegistrationFacts[] = [];
  let id = opts.firstId;
  // what an event with a small pool (a club's members only) could not take goes to the next events
  let carry = 0;
  open.forEach((e, k) => {
    if (rows.length >= opts.total) return;
    const pool = e.requiresClub ? (activeByClub.get(e.clubId!) ?? []).filter((u) => (people.members[u - people.members[0]!.id]?.rank ?? 0) >= e.minRank) : people.eligible[e.minRank]!;
    const wanted = Math.round(demand[k]! * factor) + carry;
    const n = Math.min(pool.length, wanted, opts.total - rows.length, k === open.length - 1 ? Infinity : wanted);
    carry = wanted - n;
    const chosen = new Set<number>();
    while (chosen.size < n) chosen.add(pool[Math.floor(rng() * pool.length)]!);
    const from = e.opensAt - 72 * HOUR;
    const until = Math.min(e.closesAt, opts.now - 60_000);
    let confirmedSeats = 0;
    const past = e.endsAt < opts.now;
    let j = 0;
    for (const userId of chosen) {
      const at = Math.round(from + ((until - from) * (j + rng())) / n);
      j++;
      let guests = e.maxGuests > 0 && rng() < 0.3 ? int(rng, 1, e.maxGuests) : 0;
      const cancelled = e.cancelled || rng() < 0.1;
      let status: RegistrationFacts['status'];
      if (cancelled) status = 'cancelled';
      else if (confirmedSeats + 1 + guests <= e.capacity) status = 'confirmed';
      else if (confirmedSeats < e.capacity) {
        // the last seats: a smaller party fills the event exactly, so everyone after it waits
        guests = e.capacity - confirmedSeats - 1;
        status = 'confirmed';
      } else status = 'waitlisted';
      const seats = 1 + guests;
      if (status === 'confirmed') confirmedSeats += seats;
      const checkedIn = past && status === 'confirmed' && rng() < 0.85;
      const noShow = past && status === 'confirmed' && !checkedIn;
      const cancelledAt = status === 'cancelled' ? Math.min(opts.now - 1, at + int(rng, 1, 72) * HOUR, e.startsAt - 1) : null;
      rows.push([
        id, codes.next(), e.id, userId, status, guests, '[]', seats, at, at, status === 'confirmed' || (status === 'cancelled' && rng() < 0.8) ? at : null, cancelledAt,
        checkedIn ? seats : 0, checkedIn ? e.startsAt - int(rng, -30, 20) * 60_000 : null, checkedIn ? opts.checkerFor(e.clubId) : null, noShow ? e.endsAt + HOUR : null, 0,
      ]);
      regs.push({ id, eventId: e.id, userId, status, seats, createdAt: at, checkedIn });
      id++;
    }
  });
  return { rows, regs };
}
