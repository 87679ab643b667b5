import type { City } from './schema';

/**
 * What the demo's year of history is made of (db/seed-history.ts draws from it with a seeded PRNG):
 * past events per club, what members wrote in feedback and ratings, and the members who made that history.
 */

/** A kind of past event; the club's events of the last year are drawn from these in turn. */
export interface PastEventKind {
  clubSlug: string | null;
  city: City;
  titleZh: string;
  titleEn: string;
  venueZh: string;
  venueEn: string;
  start: [number, number];
  hours: number;
  capacity: number;
  maxGuests: number;
  minTier: string | null;
  requiresClubMembership: boolean;
}

export const PAST_EVENT_KINDS: PastEventKind[] = [
  { clubSlug: 'golf', city: 'haikou', titleZh: '观澜湖月度会员赛', titleEn: 'Monthly Members’ Medal at Mission Hills', venueZh: '海口观澜湖高尔夫球会', venueEn: 'Mission Hills Golf Club, Haikou', start: [8, 0], hours: 7, capacity: 24, maxGuests: 1, minTier: 'platinum', requiresClubMembership: true },
  { clubSlug: 'music-12530', city: 'haikou', titleZh: '12530新歌首听会', titleEn: '12530 First Listen: New Releases', venueZh: '海口湾演艺中心小剧场', venueEn: 'Studio Theatre, Haikou Bay Performing Arts Centre', start: [19, 30], hours: 2, capacity: 40, maxGuests: 1, minTier: null, requiresClubMembership: false },
  { clubSlug: 'parent-child', city: 'sanya', titleZh: '亲子自然课堂：红树林探秘', titleEn: 'Family Nature Class: The Mangroves', venueZh: '三亚河红树林生态公园', venueEn: 'Sanya River Mangrove Park', start: [9, 0], hours: 3, capacity: 30, maxGuests: 1, minTier: null, requiresClubMembership: false },
  { clubSlug: 'fitness', city: 'haikou', titleZh: '海口湾晨跑团', titleEn: 'Haikou Bay Morning Run', venueZh: '海口湾万绿园', venueEn: 'Wanlv Park, Haikou Bay', start: [7, 0], hours: 2, capacity: 40, maxGuests: 0, minTier: null, requiresClubMembership: false },
  { clubSlug: 'table-tennis', city: 'wenchang', titleZh: '乒乓球会员训练营', titleEn: 'Table Tennis Members’ Training Camp', venueZh: '文昌市体育馆', venueEn: 'Wenchang Sports Hall', start: [19, 0], hours: 2, capacity: 24, maxGuests: 0, minTier: null, requiresClubMembership: false },
  { clubSlug: 'lecture-hall', city: 'haikou', titleZh: 'VIP大讲堂：健康生活与慢病预防', titleEn: 'VIP Lecture: Healthy Living and Preventing Chronic Illness', venueZh: '中国移动海南公司大厦报告厅', venueEn: 'Auditorium, China Mobile Hainan Tower', start: [15, 0], hours: 2, capacity: 60, maxGuests: 1, minTier: null, requiresClubMembership: false },
  { clubSlug: 'badminton', city: 'sanya', titleZh: '羽毛球周末分组赛', titleEn: 'Badminton Weekend Groups', venueZh: '三亚市全民健身中心', venueEn: 'Sanya Fitness Centre', start: [14, 0], hours: 3, capacity: 24, maxGuests: 0, minTier: null, requiresClubMembership: false },
  { clubSlug: 'music-12530', city: 'sanya', titleZh: '12530歌手见面会', titleEn: '12530 Meet the Artist', venueZh: '三亚湾红树林度假世界剧场', venueEn: 'Theatre, Sanya Bay Mangrove Tree Resort', start: [19, 0], hours: 2, capacity: 30, maxGuests: 1, minTier: null, requiresClubMembership: false },
  { clubSlug: null, city: 'sanya', titleZh: '全球通VIP学院·季度论坛', titleEn: 'GoTone VIP Academy Quarterly Forum', venueZh: '三亚亚龙湾万豪度假酒店宴会厅', venueEn: 'Ballroom, Yalong Bay Marriott Resort, Sanya', start: [14, 0], hours: 3, capacity: 60, maxGuests: 1, minTier: 'gold', requiresClubMembership: false },
  { clubSlug: 'golf', city: 'sanya', titleZh: '亚龙湾教练课', titleEn: 'Coaching Clinic at Yalong Bay', venueZh: '三亚亚龙湾高尔夫球场', venueEn: 'Yalong Bay Golf Club, Sanya', start: [9, 0], hours: 3, capacity: 16, maxGuests: 0, minTier: 'platinum', requiresClubMembership: true },
  { clubSlug: 'fitness', city: 'haikou', titleZh: '体测与营养讲座', titleEn: 'Fitness Check and Nutrition Talk', venueZh: '海口国贸健身中心', venueEn: 'Guomao Fitness Centre, Haikou', start: [18, 30], hours: 2, capacity: 30, maxGuests: 0, minTier: null, requiresClubMembership: false },
  { clubSlug: 'lecture-hall', city: 'haikou', titleZh: 'VIP大讲堂：人工智能与生活', titleEn: 'VIP Lecture: Artificial Intelligence in Everyday Life', venueZh: '中国移动海南公司大厦报告厅', venueEn: 'Auditorium, China Mobile Hainan Tower', start: [15, 0], hours: 2, capacity: 60, maxGuests: 1, minTier: null, requiresClubMembership: false },
];

export const EVENT_DESCRIPTION = {
  zh: '往期会员活动。',
  en: 'A past members’ event.',
};

/** How many members of each tier made the history (phones 13900000100 onwards), and their clubs are drawn. */
export const HISTORY_MEMBER_TIERS: Array<[string, number]> = [
  ['silver', 30],
  ['gold', 30],
  ['platinum', 24],
  ['diamond', 12],
];

export const HISTORY_PHONE_BASE = 13900000100;

/** The history members' phones, in the order they are created: 13900000100 onwards, one per member above. */
export const HISTORY_PHONES: readonly string[] = Array.from({ length: HISTORY_MEMBER_TIERS.reduce((n, [, count]) => n + count, 0) }, (_, n) => String(HISTORY_PHONE_BASE + n));

/** Comments that come with some ratings. */
export const RATING_COMMENTS = ['组织得很好，下次还来。', '工作人员很热情。', '时间安排稍紧，其他都满意。', '环境很好，孩子很喜欢。', '签到很快，体验不错。', 'Well organised, thank you.', '餐食可以更丰富一些。', '座位有点挤。'];

/** Past feedback: what the member wrote and what staff answered. */
export const PAST_FEEDBACK: Array<{ category: 'feedback' | 'complaint'; subject: string; body: string; reply: string }> = [
  { category: 'complaint', subject: '贵宾厅入口排队太久', body: '上周日傍晚在美兰机场贵宾厅门口排队近二十分钟，希望高峰时段增加工作人员。', reply: '非常抱歉让您久等。我们已在周五、周日傍晚高峰增加一名前台人员，并开通了扫码快速入厅。' },
  { category: 'feedback', subject: '希望增加周末亲子活动', body: '孩子很喜欢红树林课堂，希望每月能多安排一次周末亲子活动。', reply: '感谢建议！亲子俱乐部下季度起每月安排两次周末活动，报名开放时会通知您。' },
  { category: 'complaint', subject: '活动改期通知太晚', body: '新歌首听会改期的通知在前一天晚上才收到，已经安排好的行程只能取消。', reply: '抱歉给您带来不便。今后活动改期至少提前三天通知，并同时发送短信。' },
  { category: 'feedback', subject: '讲座内容很实用', body: '健康讲座讲得很透彻，希望能提供讲义下载。', reply: '谢谢您的肯定！讲义已放在活动页面，您可随时下载。' },
  { category: 'complaint', subject: '同行人未能入厅', body: '预约时选了一位同行人，到厅时被告知名额已满，同行人只能在外等候。', reply: '非常抱歉。经核查是前台系统显示有误，已为您返还本次贵宾厅次数，并对前台做了培训。' },
  { category: 'feedback', subject: '晨跑团时间建议', body: '夏天七点已经很热，建议晨跑团改到六点半开始。', reply: '好建议，六至九月晨跑团改为六点半集合。' },
  { category: 'complaint', subject: '球场预约冲突', body: '会员赛当天到球场发现开球时间与俱乐部通知不一致，等了一个小时。', reply: '抱歉！是球场临时调整未及时同步，我们已与球场约定开球时间变更需提前一天确认。' },
  { category: 'feedback', subject: '三亚贵宾厅儿童角', body: '三亚凤凰机场贵宾厅的儿童角很好，孩子候机不无聊了。', reply: '谢谢您的反馈，我们会继续维护好儿童角。' },
  { category: 'complaint', subject: '报名页面显示名额错误', body: '报名时显示还有名额，确认后却进入候补，希望解释一下。', reply: '您确认前的一刻最后的名额被其他会员报走，系统按先后顺序为您保留了候补第一位，随后已有名额释放，您已确认入场。' },
  { category: 'feedback', subject: '乒乓球训练营教练很专业', body: '教练指导很细致，希望训练营可以延长半小时。', reply: '感谢支持！从下月起训练营延长至两个半小时。' },
  { category: 'complaint', subject: '短信提醒没有收到', body: '活动前一天的提醒短信没有收到，差点错过。', reply: '抱歉。经查您的通知设置中短信已关闭，我们已协助您重新开启，站内信提醒不受影响。' },
  { category: 'feedback', subject: '论坛嘉宾很精彩', body: '季度论坛的嘉宾分享很有启发，期待下一期。', reply: '谢谢！下一期论坛将在亚龙湾举办，报名开放时通知您。' },
];

/** The complaint still waiting for its first reply when the demo starts: its 48-hour clock runs in the admin queue. */
export const OPEN_COMPLAINT = {
  subject: '羽毛球场地被临时占用',
  body: '周六下午的分组赛到场后发现两块场地被其他团体占用，一半会员没能上场，请给个说法。',
  /** how long ago it was written */
  hoursAgo: 20,
};
