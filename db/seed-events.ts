import type { City } from './schema';

/**
 * Demo events, placed relative to the seed day (Asia/Shanghai wall-clock times).
 * `opensInDays`: when registration opens for everyone (silver); higher tiers open earlier by their early-access hours.
 */
export interface DemoEvent {
  slug: string;
  clubSlug: string | null;
  city: City;
  titleZh: string;
  titleEn: string;
  descriptionZh: string;
  descriptionEn: string;
  venueZh: string;
  venueEn: string;
  inDays: number;
  start: [number, number];
  end: [number, number];
  capacity: number;
  maxGuests: number;
  minTier: string | null;
  requiresClubMembership: boolean;
  childAges?: [number, number];
  opensInDays: number;
  /** instead of opensInDays: the general opening this many hours after the seed runs (the concert opens in 71 h,
   *  so diamond members — 72 h early — can register at once and everyone else later) */
  opensInHours?: number;
  /** registrations made with the demo: member phone, guests, names of children */
  registrations?: Array<{ phone: string; guests: number; children?: string[] }>;
}

export const DEMO_EVENTS: DemoEvent[] = [
  {
    slug: 'concert-starlight',
    clubSlug: 'music-12530',
    city: 'haikou',
    titleZh: '12530无线音乐会·星光之夜',
    titleEn: '12530 Wireless Music Night: Starlight Concert',
    descriptionZh: '年度会员专场演唱会，特邀华语流行歌手倾情献唱，演出后有签名合影环节。座位极其有限，钻石卡会员提前72小时开放报名。',
    descriptionEn: 'The annual members-only concert with a star Mandopop singer, followed by signing and photos. Seats are very limited; Diamond members can register 72 hours before everyone else.',
    venueZh: '海口湾演艺中心',
    venueEn: 'Haikou Bay Performing Arts Centre',
    inDays: 21,
    start: [19, 30],
    end: [21, 30],
    capacity: 8,
    maxGuests: 1,
    minTier: null,
    requiresClubMembership: false,
    opensInDays: 3,
    opensInHours: 71,
    registrations: [
      { phone: '13900000011', guests: 1 },
      { phone: '13900000012', guests: 1 },
      { phone: '13900000013', guests: 0 },
      { phone: '13900000014', guests: 0 },
      { phone: '13900000015', guests: 0 },
    ],
  },
  {
    slug: 'forum-yalong-bay',
    clubSlug: null,
    city: 'sanya',
    titleZh: '全球通VIP学院·亚龙湾高端论坛',
    titleEn: 'GoTone VIP Academy Forum at Yalong Bay',
    descriptionZh: '以“数字海南与自贸港新机遇”为主题，邀请经济学者与企业家对话，会后设海景晚宴交流。',
    descriptionEn: 'On “Digital Hainan and the free-trade-port opportunity”: economists and entrepreneurs in conversation, followed by a sea-view dinner.',
    venueZh: '三亚亚龙湾万豪度假酒店宴会厅',
    venueEn: 'Ballroom, Yalong Bay Marriott Resort, Sanya',
    inDays: 30,
    start: [14, 0],
    end: [17, 30],
    capacity: 120,
    maxGuests: 1,
    minTier: 'gold',
    requiresClubMembership: false,
    opensInDays: -1,
  },
  {
    slug: 'golf-day-mission-hills',
    clubSlug: 'golf',
    city: 'haikou',
    titleZh: '观澜湖会员高尔夫日',
    titleEn: 'Members’ Golf Day at Mission Hills',
    descriptionZh: '18洞比杆赛与新手推杆课同时进行，含午餐与颁奖。仅限高尔夫球俱乐部会员。',
    descriptionEn: 'An 18-hole stroke-play competition alongside a beginners’ putting clinic, with lunch and prize-giving. Golf Club members only.',
    venueZh: '海口观澜湖高尔夫球会',
    venueEn: 'Mission Hills Golf Club, Haikou',
    inDays: 14,
    start: [8, 0],
    end: [16, 0],
    capacity: 24,
    maxGuests: 1,
    minTier: 'platinum',
    requiresClubMembership: true,
    opensInDays: -2,
  },
  {
    slug: 'beach-day-sanya-bay',
    clubSlug: 'parent-child',
    city: 'sanya',
    titleZh: '三亚湾亲子沙滩日',
    titleEn: 'Parent-Child Beach Day at Sanya Bay',
    descriptionZh: '海洋生物老师带孩子认识潮间带生物，之后是沙雕比赛和椰林野餐。适合4–12岁儿童。',
    descriptionEn: 'A marine-life teacher shows children the creatures of the tide pools, then a sandcastle contest and a picnic under the palms. For children aged 4–12.',
    venueZh: '三亚湾椰梦长廊',
    venueEn: 'Coconut Dream Corridor, Sanya Bay',
    inDays: 10,
    start: [9, 0],
    end: [12, 0],
    capacity: 30,
    maxGuests: 1,
    minTier: null,
    requiresClubMembership: false,
    childAges: [4, 12],
    opensInDays: -3,
    registrations: [{ phone: '13900000001', guests: 0, children: ['吴悦悦'] }],
  },
  {
    slug: 'lecture-family-wealth',
    clubSlug: 'lecture-hall',
    city: 'haikou',
    titleZh: 'VIP大讲堂：数字时代的家庭财富规划',
    titleEn: 'VIP Lecture: Family Wealth Planning in the Digital Age',
    descriptionZh: '资深理财规划师讲解养老、教育金与保险配置，现场答疑。',
    descriptionEn: 'A senior financial planner on retirement, education savings and insurance, with questions from the floor.',
    venueZh: '中国移动海南公司大厦报告厅',
    venueEn: 'Auditorium, China Mobile Hainan Tower',
    inDays: 7,
    start: [15, 0],
    end: [17, 0],
    capacity: 150,
    maxGuests: 1,
    minTier: null,
    requiresClubMembership: false,
    opensInDays: -5,
    registrations: [{ phone: '13900000003', guests: 1 }],
  },
  {
    slug: 'table-tennis-friendly',
    clubSlug: 'table-tennis',
    city: 'wenchang',
    titleZh: '文昌乒乓球会员友谊赛',
    titleEn: 'Wenchang Table Tennis Members’ Friendly',
    descriptionZh: '分组循环赛，按水平配对，赛后教练点评与聚餐。',
    descriptionEn: 'Round-robin groups matched by level, with coach feedback and dinner afterwards.',
    venueZh: '文昌市体育馆',
    venueEn: 'Wenchang Sports Hall',
    inDays: 12,
    start: [19, 0],
    end: [21, 30],
    capacity: 32,
    maxGuests: 0,
    minTier: null,
    requiresClubMembership: false,
    opensInDays: -4,
  },
];
