import { CITIES, CLUB_CATEGORIES, type City, type ClubCategory } from './schema';
import { CodeMaker, int, memberPhone, personName, pickOne, type Rng, type Row } from './seed-large-util';

/** Members, staff, clubs, memberships and lounges of the large seed. Pure: rows in, rows out. */

export const TIER_CODES = ['silver', 'gold', 'platinum', 'diamond'] as const;
export const TIER_RANK: Record<string, number> = { silver: 1, gold: 2, platinum: 3, diamond: 4 };
export const VISITS: Record<string, number> = { silver: 2, gold: 4, platinum: 8, diamond: 12 };
export const COMPANIONS: Record<string, number> = { silver: 0, gold: 1, platinum: 1, diamond: 2 };

export const USER_COLUMNS = ['id', 'phone', 'name', 'role', 'tier_code', 'locale', 'notify_sms', 'notify_email', 'must_change_password', 'card_code', 'disabled_at', 'password_changed_at', 'created_at', 'updated_at'];

export interface Member {
  id: number;
  rank: number;
  tier: string;
  createdAt: number;
  disabled: boolean;
}

export interface People {
  users: Row[];
  dependents: Row[];
  members: Member[];
  /** member ids by minimum rank: eligible[r] = members with rank >= r (index 0 and 1: everyone) */
  eligible: number[][];
  staffIds: number[];
  coordinatorIds: number[];
}

const DAY = 86_400_000;

export function makePeople(rng: Rng, codes: CodeMaker, opts: { firstId: number; members: number; coordinators: number; staff: number; now: number }): People {
  const users: Row[] = [];
  const dependents: Row[] = [];
  const members: Member[] = [];
  let id = opts.firstId;
  for (let i = 0; i < opts.members; i++, id++) {
    const r = rng();
    const tier = r < 0.4 ? 'silver' : r < 0.7 ? 'gold' : r < 0.9 ? 'platinum' : 'diamond';
    const createdAt = opts.now - int(rng, 30, 3 * 365) * DAY - int(rng, 0, DAY);
    const disabled = rng() < 0.002;
    users.push([id, memberPhone(i), personName(rng), 'member', tier, rng() < 0.1 ? 'en' : 'zh', 1, 0, 0, codes.next(), disabled ? opts.now - int(rng, 1, 300) * DAY : null, createdAt, createdAt, createdAt]);
    members.push({ id, rank: TIER_RANK[tier]!, tier, createdAt, disabled });
    if (rng() < 0.08) {
      for (let k = int(rng, 1, 2); k > 0; k--) dependents.push([id, personName(rng), int(rng, 2012, 2023), createdAt]);
    }
  }
  const staffLike = (count: number, role: 'coordinator' | 'lounge_staff', prefix: string) => {
    const ids: number[] = [];
    for (let i = 0; i < count; i++, id++) {
      users.push([id, `${prefix}${String(10_000_000 + i)}`, personName(rng), role, null, 'zh', 1, 0, 0, codes.next(), null, opts.now - 400 * DAY, opts.now - 400 * DAY, opts.now - 400 * DAY]);
      ids.push(id);
    }
    return ids;
  };
  const coordinatorIds = staffLike(opts.coordinators, 'coordinator', '137');
  const staffIds = staffLike(opts.staff, 'lounge_staff', '136');
  const active = members.filter((m) => !m.disabled);
  const eligible = [0, 1, 2, 3, 4].map((r) => active.filter((m) => m.rank >= r).map((m) => m.id));
  return { users, dependents, members, eligible, staffIds, coordinatorIds };
}

const CATEGORY_NAMES: Record<ClubCategory, [string, string]> = {
  golf: ['高尔夫球俱乐部', 'Golf Club'],
  parent_child: ['亲子俱乐部', 'Parent-Child Club'],
  music: ['音乐俱乐部', 'Music Club'],
  lecture: ['大讲堂', 'Lecture Hall'],
  fitness: ['健身俱乐部', 'Fitness Club'],
  table_tennis: ['乒乓球俱乐部', 'Table Tennis Club'],
  badminton: ['羽毛球俱乐部', 'Badminton Club'],
};
export const CITY_NAMES: Record<City, [string, string]> = { haikou: ['海口', 'Haikou'], sanya: ['三亚', 'Sanya'], wenchang: ['文昌', 'Wenchang'] };

export interface ClubFacts {
  id: number;
  category: ClubCategory;
  city: City;
  minTier: string | null;
  capacity: number;
  requiresApproval: boolean;
  nameZh: string;
  nameEn: string;
}

export const CLUB_COLUMNS = ['id', 'slug', 'category', 'city', 'name_zh', 'name_en', 'description_zh', 'description_en', 'min_tier', 'capacity', 'requires_approval', 'created_at'];

export function makeClubs(rng: Rng, opts: { firstId: number; count: number; scale: number; now: number }): { rows: Row[]; clubs: ClubFacts[] } {
  const rows: Row[] = [];
  const clubs: ClubFacts[] = [];
  for (let i = 0; i < opts.count; i++) {
    const id = opts.firstId + i;
    const category = CLUB_CATEGORIES[i % CLUB_CATEGORIES.length]!;
    const city = CITIES[Math.floor(i / CLUB_CATEGORIES.length) % CITIES.length]!;
    const [catZh, catEn] = CATEGORY_NAMES[category];
    const [cityZh, cityEn] = CITY_NAMES[city];
    const n = Math.floor(i / (CLUB_CATEGORIES.length * CITIES.length)) + 2;
    const nameZh = `${cityZh}${catZh}·${n}号`;
    const nameEn = `${cityEn} ${catEn} No. ${n}`;
    const minTier = category === 'golf' ? 'platinum' : rng() < 0.15 ? 'gold' : null;
    const capacity = Math.max(10, Math.round(int(rng, 200, 2500) * opts.scale));
    const requiresApproval = rng() < 0.3;
    rows.push([id, `club-${i + 1}`, category, city, nameZh, nameEn, `${nameZh}：定期活动，欢迎全球通VIP客户加入。`, `${nameEn}: regular meetings for GoTone VIP customers.`, minTier, capacity, requiresApproval ? 1 : 0, opts.now - 500 * DAY]);
    clubs.push({ id, category, city, minTier, capacity, requiresApproval, nameZh, nameEn });
  }
  return { rows, clubs };
}

export const MEMBERSHIP_COLUMNS = ['club_id', 'user_id', 'status', 'requested_at', 'queued_at', 'active_since', 'status_changed_at', 'decided_by', 'reason'];

/**
 * Memberships of every club: active up to (never over) capacity; a waitlist only for full clubs; pending requests
 * for clubs that approve; some past memberships (left). Returns the active members per club for the events.
 */
export function makeMemberships(rng: Rng, clubs: ClubFacts[], people: People, opts: { scale: number; now: number; skipUsers: Set<number> }): { rows: Row[]; activeByClub: Map<number, number[]> } {
  const rows: Row[] = [];
  const activeByClub = new Map<number, number[]>();
  for (const club of clubs) {
    const pool = people.eligible[club.minTier ? TIER_RANK[club.minTier]! : 0]!;
    const full = rng() < 0.35;
    const active = Math.min(club.capacity, full ? club.capacity : Math.floor(club.capacity * (0.4 + 0.55 * rng())));
    const waitlisted = full ? Math.max(1, Math.round(int(rng, 5, 60) * Math.max(opts.scale, 0.05))) : 0;
    const pending = club.requiresApproval ? Math.max(1, Math.round(int(rng, 3, 30) * Math.max(opts.scale, 0.05))) : 0;
    const left = Math.round(active * 0.08);
    const want = Math.min(pool.length, active + waitlisted + pending + left);
    const chosen = new Set<number>();
    while (chosen.size < want) {
      const u = pool[Math.floor(rng() * pool.length)]!;
      if (!opts.skipUsers.has(u)) chosen.add(u);
    }
    const ids = [...chosen];
    const activeIds: number[] = [];
    ids.forEach((userId, k) => {
      const requested = opts.now - int(rng, 1, 480) * 86_400_000;
      if (k < active) {
        activeIds.push(userId);
        rows.push([club.id, userId, 'active', requested, requested, requested + 3_600_000, requested + 3_600_000, null, null]);
      } else if (k < active + waitlisted) {
        rows.push([club.id, userId, 'waitlisted', requested, opts.now - (ids.length - k) * 3_600_000, null, requested, null, null]);
      } else if (k < active + waitlisted + pending) {
        rows.push([club.id, userId, 'pending', opts.now - int(rng, 1, 5) * 86_400_000, requested, null, requested, null, null]);
      } else {
        rows.push([club.id, userId, 'left', requested, requested, requested + 3_600_000, requested + int(rng, 2, 100) * 86_400_000, null, null]);
      }
    });
    activeByClub.set(club.id, activeIds);
  }
  return { rows, activeByClub };
}

export interface LoungeFacts {
  id: number;
  nameZh: string;
  nameEn: string;
  capacity: number;
  opensAt: number;
  closesAt: number;
  slotMinutes: number;
  prebookSharePct: number;
  noShowPolicy: 'release' | 'use';
  staffId: number | null;
}

const NEW_LOUNGES: Array<[string, string, string, string, string]> = [
  ['HAK-T1', 'HAK', 'T1', '海口美兰国际机场 T1 VIP 厅', 'Haikou Meilan T1 VIP Lounge'],
  ['SYX-T2', 'SYX', 'T2', '三亚凤凰国际机场 T2 VIP 厅', 'Sanya Phoenix T2 VIP Lounge'],
  ['BAR-T1', 'BAR', 'T1', '琼海博鳌机场 VIP 厅', 'Qionghai Bo’ao Airport VIP Lounge'],
  ['CAN-T2', 'CAN', 'T2', '广州白云国际机场 全球通厅', 'Guangzhou Baiyun GoTone Lounge'],
  ['PEK-T3', 'PEK', 'T3', '北京首都国际机场 全球通厅', 'Beijing Capital GoTone Lounge'],
  ['PVG-T2', 'PVG', 'T2', '上海浦东国际机场 全球通厅', 'Shanghai Pudong GoTone Lounge'],
  ['SZX-T3', 'SZX', 'T3', '深圳宝安国际机场 全球通厅', 'Shenzhen Bao’an GoTone Lounge'],
  ['CTU-T2', 'CTU', 'T2', '成都双流国际机场 全球通厅', 'Chengdu Shuangliu GoTone Lounge'],
];

export const LOUNGE_COLUMNS = ['id', 'code', 'airport_code', 'terminal', 'name_zh', 'name_en', 'location_zh', 'location_en', 'description_zh', 'description_en', 'amenities', 'capacity', 'opens_at', 'closes_at', 'slot_minutes', 'prebook_share_pct', 'no_show_policy', 'created_at'];

export function makeLounges(rng: Rng, opts: { firstId: number; count: number; staffIds: number[]; now: number }): { rows: Row[]; lounges: LoungeFacts[]; staff: Row[] } {
  const rows: Row[] = [];
  const lounges: LoungeFacts[] = [];
  const staff: Row[] = [];
  for (let i = 0; i < Math.min(opts.count, NEW_LOUNGES.length); i++) {
    const [code, airport, terminal, nameZh, nameEn] = NEW_LOUNGES[i]!;
    const id = opts.firstId + i;
    const facts: LoungeFacts = { id, nameZh, nameEn, capacity: pickOne(rng, [40, 50, 60, 80, 100, 120]), opensAt: 6 * 60, closesAt: rng() < 0.5 ? 23 * 60 : 24 * 60, slotMinutes: 60, prebookSharePct: pickOne(rng, [60, 70, 80]), noShowPolicy: rng() < 0.5 ? 'release' : 'use', staffId: opts.staffIds[i] ?? null };
    rows.push([id, code, airport, terminal, nameZh, nameEn, `${terminal} 航站楼，安检后`, `Terminal ${terminal}, after security`, '全球通VIP专属休息室。', 'The GoTone VIP lounge.', JSON.stringify(['wifi', 'food', 'business', 'boarding_call']), facts.capacity, facts.opensAt, facts.closesAt, facts.slotMinutes, facts.prebookSharePct, facts.noShowPolicy, opts.now - 500 * DAY]);
    lounges.push(facts);
    if (facts.staffId !== null) staff.push([id, facts.staffId]);
  }
  return { rows, lounges, staff };
}
