import { defineMessages } from './define';

/** The public front page at / for signed-out visitors. */
export const frontMessages = defineMessages({
  'front.tiersTitle': { zh: '会员等级与权益', en: 'Tiers and their benefits' },
  'front.tiersIntro': { zh: '每个等级每年有一定次数的机场贵宾厅到访；能否带同行人、热门活动能否提前报名，因等级而异，详见下方。', en: 'Every tier brings airport lounge visits each year; whether you can bring companions and register early for popular events depends on the tier, as below.' },
  'front.eventsTitle': { zh: '近期活动', en: 'Coming up' },
  'front.eventsIntro': { zh: '俱乐部活动与全省活动。名额与报名情况登录后可见。', en: 'Club events and programme-wide events. Places and registration are shown once you sign in.' },
  'front.noEvents': { zh: '近期暂无活动。', en: 'No events coming up.' },
  'front.allEvents': { zh: '登录后查看全部活动', en: 'Sign in to see every event' },
  'front.clubsTitle': { zh: '会员俱乐部', en: 'Members’ clubs' },
  'front.loungesTitle': { zh: '机场贵宾厅', en: 'Airport VIP lounges' },
  'front.airport': { zh: '{airport} 机场 · {terminal} 航站楼', en: '{airport} airport · Terminal {terminal}' },
  'front.hours': { zh: '开放时间 {from}–{to}（北京时间）', en: 'Open {from}–{to} (Beijing time)' },
  'front.signInToRegister': { zh: '登录后报名', en: 'Sign in to register' },
  'front.signInToJoin': { zh: '登录后加入', en: 'Sign in to join' },
  'front.signInToBook': { zh: '登录后预约', en: 'Sign in to book' },
});
