import type { City, ClubCategory, lounges, Role } from './schema';
import { HISTORY_PHONES } from './seed-history-data';

/** Demo content (DESIGN.md §8). Times of events are given relative to the day the seed runs. */

export const DEMO_PASSWORD = 'demo-pass-2026';

export const DEMO_TIERS = [
  { code: 'silver', rank: 1, nameZh: '银卡', nameEn: 'Silver', loungeVisitsPerYear: 2, companionsPerVisit: 0, earlyAccessHours: 0 },
  { code: 'gold', rank: 2, nameZh: '金卡', nameEn: 'Gold', loungeVisitsPerYear: 4, companionsPerVisit: 1, earlyAccessHours: 24 },
  { code: 'platinum', rank: 3, nameZh: '白金卡', nameEn: 'Platinum', loungeVisitsPerYear: 8, companionsPerVisit: 1, earlyAccessHours: 48 },
  { code: 'diamond', rank: 4, nameZh: '钻石卡', nameEn: 'Diamond', loungeVisitsPerYear: 12, companionsPerVisit: 2, earlyAccessHours: 72 },
];

export interface DemoUser {
  phone: string;
  name: string;
  role: Role;
  tierCode: string | null;
  locale: 'zh' | 'en';
  labelKey: 'demo.admin' | 'demo.coordinator' | 'demo.staff' | 'demo.diamond' | 'demo.platinum' | 'demo.gold' | 'demo.silver';
  children?: Array<{ name: string; birthYear: number }>;
}

export const DEMO_ACCOUNTS: DemoUser[] = [
  { phone: '13800000000', name: '林文博', role: 'admin', tierCode: null, locale: 'zh', labelKey: 'demo.admin' },
  { phone: '13800000001', name: '陈思远', role: 'coordinator', tierCode: null, locale: 'zh', labelKey: 'demo.coordinator' },
  { phone: '13800000002', name: '符晓梅', role: 'lounge_staff', tierCode: null, locale: 'zh', labelKey: 'demo.staff' },
  {
    phone: '13900000001',
    name: '吴国华',
    role: 'member',
    tierCode: 'diamond',
    locale: 'zh',
    labelKey: 'demo.diamond',
    children: [
      { name: '吴悦悦', birthYear: 2017 },
      { name: '吴子轩', birthYear: 2020 },
    ],
  },
  { phone: '13900000002', name: '王丽娜', role: 'member', tierCode: 'platinum', locale: 'zh', labelKey: 'demo.platinum' },
  { phone: '13900000003', name: '李明轩', role: 'member', tierCode: 'gold', locale: 'zh', labelKey: 'demo.gold' },
  { phone: '13900000004', name: '黄小燕', role: 'member', tierCode: 'silver', locale: 'zh', labelKey: 'demo.silver' },
];

export interface DemoClub {
  slug: string;
  category: ClubCategory;
  city: City;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  descriptionEn: string;
  termsZh?: string;
  termsEn?: string;
  minTier: string | null;
  capacity: number;
  requiresApproval: boolean;
  coordinatorPhones: string[];
}

export const DEMO_CLUBS: DemoClub[] = [
  {
    slug: 'golf',
    category: 'golf',
    city: 'haikou',
    nameZh: '高尔夫球俱乐部',
    nameEn: 'Golf Club',
    descriptionZh: '每月在海口观澜湖与三亚亚龙湾球场举办会员赛、教练课和新手体验日，球童与练习场由俱乐部统一预约。',
    descriptionEn: 'Monthly members’ tournaments, coaching clinics and beginner days at Mission Hills Haikou and Yalong Bay, with caddies and range time booked by the club.',
    termsZh: '果岭费、球童费按球场标准由会员自理；入会需协调员审核。',
    termsEn: 'Green and caddie fees are paid by the member at the course’s rates; membership is approved by the coordinator.',
    minTier: 'platinum',
    capacity: 40,
    requiresApproval: true,
    coordinatorPhones: ['13800000001'],
  },
  {
    slug: 'music-12530',
    category: 'music',
    city: 'haikou',
    nameZh: '12530无线音乐俱乐部',
    nameEn: '12530 Wireless Music Club',
    descriptionZh: '中国移动12530无线音乐会员专属：演唱会优先购票、歌手见面会、新歌首听会，以及每季度的会员专场音乐会。',
    descriptionEn: 'For China Mobile 12530 music members: priority concert tickets, meet-the-artist sessions, first listens of new releases and a members-only concert every quarter.',
    minTier: null,
    capacity: 200,
    requiresApproval: false,
    coordinatorPhones: ['13800000001'],
  },
  {
    slug: 'parent-child',
    category: 'parent_child',
    city: 'sanya',
    nameZh: '亲子俱乐部',
    nameEn: 'Parent-Child Club',
    descriptionZh: '面向有4–12岁孩子的会员家庭：海滩自然课堂、科技馆研学、周末亲子运动会，每次活动都有专业老师带领。',
    descriptionEn: 'For member families with children aged 4–12: beach nature classes, science-museum study trips and weekend family sports days, each led by a qualified instructor.',
    termsZh: '报名活动时需登记随行孩子的姓名与出生年份。',
    termsEn: 'When registering for an event you name the children who come along and their birth years.',
    minTier: null,
    capacity: 80,
    requiresApproval: false,
    coordinatorPhones: [],
  },
  {
    slug: 'fitness',
    category: 'fitness',
    city: 'haikou',
    nameZh: '健身俱乐部',
    nameEn: 'Fitness Club',
    descriptionZh: '与海口多家连锁健身房合作：会员专属团课、私教体验、海口湾晨跑团，每月一次体测与营养讲座。',
    descriptionEn: 'With partner gyms across Haikou: members’ group classes, personal-training tasters, a Haikou Bay morning running group, and a monthly fitness check and nutrition talk.',
    minTier: null,
    capacity: 120,
    requiresApproval: false,
    coordinatorPhones: [],
  },
  {
    slug: 'table-tennis',
    category: 'table_tennis',
    city: 'wenchang',
    nameZh: '乒乓球俱乐部',
    nameEn: 'Table Tennis Club',
    descriptionZh: '每周二、四晚在文昌市体育馆训练，省队退役教练指导，每季度举办会员友谊赛。',
    descriptionEn: 'Training on Tuesday and Thursday evenings at Wenchang Sports Hall with a former provincial-team coach, and a members’ friendly tournament every quarter.',
    minTier: null,
    capacity: 60,
    requiresApproval: false,
    coordinatorPhones: [],
  },
  {
    slug: 'badminton',
    category: 'badminton',
    city: 'sanya',
    nameZh: '羽毛球俱乐部',
    nameEn: 'Badminton Club',
    descriptionZh: '周末在三亚市全民健身中心包场活动，按水平分组，新手有教练陪练。',
    descriptionEn: 'Weekend court sessions at Sanya Fitness Centre, grouped by level, with a coach for newcomers.',
    minTier: null,
    capacity: 60,
    requiresApproval: false,
    coordinatorPhones: [],
  },
  {
    slug: 'lecture-hall',
    category: 'lecture',
    city: 'haikou',
    nameZh: 'VIP大讲堂',
    nameEn: 'VIP Lecture Hall',
    descriptionZh: '邀请财经、健康、教育与科技领域的专家，为全球通VIP客户开设专题讲座，讲座后设交流茶歇。',
    descriptionEn: 'Experts in finance, health, education and technology give talks for GoTone VIP customers, followed by tea and conversation.',
    minTier: null,
    capacity: 300,
    requiresApproval: false,
    coordinatorPhones: [],
  },
];

export type DemoLounge = Omit<typeof lounges.$inferInsert, 'id' | 'createdAt'> & { staffPhones: string[] };

export const DEMO_LOUNGES: DemoLounge[] = [
  {
    code: 'HAK-T2',
    airportCode: 'HAK',
    terminal: 'T2',
    nameZh: '海口美兰国际机场 VIP 厅',
    nameEn: 'Haikou Meilan International Airport VIP Lounge',
    locationZh: 'T2 航站楼三层，安检后左转，近 V12 登机口',
    locationEn: 'Terminal 2, level 3: turn left after security, near gate V12',
    descriptionZh: '全球通VIP专属休息室，提供热餐与海南特色小吃、淋浴间、安静休息区和登机提醒服务。',
    descriptionEn: 'The GoTone VIP lounge: hot meals and Hainan snacks, showers, a quiet room and boarding calls.',
    amenities: ['wifi', 'food', 'showers', 'quiet_room', 'business', 'boarding_call', 'fast_track'],
    capacity: 60,
    opensAt: 6 * 60,
    closesAt: 24 * 60,
    slotMinutes: 60,
    prebookSharePct: 70,
    noShowPolicy: 'release',
    staffPhones: ['13800000002'],
  },
  {
    code: 'SYX-T1',
    airportCode: 'SYX',
    terminal: 'T1',
    nameZh: '三亚凤凰国际机场 VIP 厅',
    nameEn: 'Sanya Phoenix International Airport VIP Lounge',
    locationZh: 'T1 航站楼二层国内出发，安检后右侧',
    locationEn: 'Terminal 1, level 2 domestic departures, on the right after security',
    descriptionZh: '面朝停机坪的景观休息区，提供椰子鲜饮、简餐、儿童角与商务工位。',
    descriptionEn: 'An apron-view lounge with fresh coconut drinks, light meals, a children’s corner and work desks.',
    amenities: ['wifi', 'food', 'kids', 'business', 'boarding_call'],
    capacity: 40,
    opensAt: 6 * 60 + 30,
    closesAt: 23 * 60 + 30,
    slotMinutes: 60,
    prebookSharePct: 60,
    noShowPolicy: 'use',
    staffPhones: [],
  },
];

/** Demo memberships: [member phone, club slug, status]. Made only when the club is created in the same run. */
export const DEMO_MEMBERSHIPS: Array<[string, string, 'active' | 'pending']> = [
  ['13900000001', 'golf', 'active'],
  ['13900000001', 'music-12530', 'active'],
  ['13900000001', 'parent-child', 'active'],
  ['13900000002', 'golf', 'pending'],
  ['13900000002', 'music-12530', 'active'],
  ['13900000003', 'fitness', 'active'],
  ['13900000003', 'music-12530', 'active'],
];

/**
 * Members who fill most of the demo concert (7 of its 8 seats), so the waitlist shows as soon as one more party
 * registers. They have the demo password too but are not in the table above.
 */
export const DEMO_FILLERS: Array<{ phone: string; name: string; tierCode: string; guests: number }> = [
  { phone: '13900000011', name: '张伟', tierCode: 'diamond', guests: 1 },
  { phone: '13900000012', name: '刘洋', tierCode: 'platinum', guests: 1 },
  { phone: '13900000013', name: '陈静', tierCode: 'diamond', guests: 0 },
  { phone: '13900000014', name: '杨帆', tierCode: 'diamond', guests: 0 },
  { phone: '13900000015', name: '赵敏', tierCode: 'diamond', guests: 0 },
];

/**
 * Every phone the demo seed gives an account, all with DEMO_PASSWORD: the accounts above, the fillers and the members of
 * the demo's year of history (db/seed-history.ts). A production start refuses while one of them still signs in with
 * that password (src/auth/demo-passwords.ts).
 */
export const DEMO_PHONES: readonly string[] = [...DEMO_ACCOUNTS.map((a) => a.phone), ...DEMO_FILLERS.map((f) => f.phone), ...HISTORY_PHONES];
