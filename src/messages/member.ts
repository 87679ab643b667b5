import { defineMessages } from './define';

export const member = defineMessages({
  'landing.title': { zh: '欢迎', en: 'Welcome' },
  'landing.heading': { zh: '全球通VIP，尊享海南', en: 'GoTone VIP: the best of Hainan, reserved for you' },
  'landing.lead': {
    zh: '加入高尔夫、亲子、12530音乐等会员俱乐部，报名专属活动，预约海口美兰与三亚凤凰机场贵宾厅——权益一目了然，随时一键取消。',
    en: 'Join golf, parent-child, 12530 music and other members’ clubs, register for exclusive events and book the VIP lounges at Haikou Meilan and Sanya Phoenix airports — every benefit in plain sight, every booking cancellable in one step.',
  },
  'landing.promisesTitle': { zh: '我们的服务承诺', en: 'Our promises' },
  'landing.promise.oneplace.title': { zh: '一处查询，一键退订', en: 'One place to see and cancel' },
  'landing.promise.oneplace.body': { zh: '俱乐部、活动、候补和贵宾厅预约都在“我的”页面，每一项都可一步取消。', en: 'Clubs, events, waitlist places and lounge bookings are all on “My VIP”, each cancellable in one step.' },
  'landing.promise.confirm.title': { zh: '使用前二次确认', en: 'A second confirmation' },
  'landing.promise.confirm.body': { zh: '任何会占用权益的操作，都会先告诉您具体使用什么，再由您确认。', en: 'Before anything uses a benefit, we tell you exactly what it takes and you confirm.' },
  'landing.promise.cancel.title': { zh: '无障碍取消', en: 'Cancel without obstacles' },
  'landing.promise.cancel.body': { zh: '取消不问原因、无需致电，名额立即释放给候补会员。', en: 'No reasons asked, no phone calls: your place goes to the next person at once.' },
  'landing.promise.bill.title': { zh: '透明账单', en: 'A transparent statement' },
  'landing.promise.bill.body': { zh: '每一次权益使用与返还都有明细和原因，余额清清楚楚。', en: 'Every use and return of a benefit is itemised with its reason, so your balance is always clear.' },

  'home.title': { zh: '首页', en: 'Home' },
  'home.greeting': { zh: '{name}，您好', en: 'Hello, {name}' },
  'home.quickTitle': { zh: '常用入口', en: 'Shortcuts' },
  'home.upcomingTitle': { zh: '近期活动', en: 'Coming up' },

  'card.brand': { zh: '全球通 VIP 会员卡', en: 'GoTone VIP membership card' },
  'card.code': { zh: '卡号', en: 'Card number' },
  'card.qrLabel': { zh: '会员卡二维码，卡号 {code}', en: 'Membership card QR code, number {code}' },
  'card.hint': { zh: '在贵宾厅或活动现场出示此二维码，工作人员扫码即可识别您的身份。', en: 'Show this QR code at a lounge or event; staff scan it to recognise you.' },

  'benefits.title': { zh: '{tier}权益', en: '{tier} benefits' },
  'benefits.loungeVisits': { zh: '每年 {count} 次机场贵宾厅', en: { one: '{count} airport lounge visit a year', other: '{count} airport lounge visits a year' } },
  'benefits.loungeVisitsDetail': { zh: '按自然年计算（北京时间），年底清零。', en: 'Counted per calendar year (Beijing time); unused visits lapse at year end.' },
  'benefits.companions': { zh: '每次可带 {count} 位同行人', en: { one: '{count} companion per visit', other: '{count} companions per visit' } },
  'benefits.noCompanions': { zh: '贵宾厅仅限本人', en: 'Lounge visits are for you alone' },
  'benefits.companionsDetail': { zh: '同行人随您一同入厅。', en: 'Companions enter the lounge with you.' },
  'benefits.earlyAccess': { zh: '活动报名提前 {count} 小时', en: { one: 'Event registration {count} hour early', other: 'Event registration {count} hours early' } },
  'benefits.noEarlyAccess': { zh: '活动按统一时间开放报名', en: 'Event registration opens at the general time' },
  'benefits.earlyAccessDetail': { zh: '热门活动名额有限，高等级会员优先报名。', en: 'Popular events have few places; higher tiers can register first.' },

  'me.title': { zh: '我的全球通VIP', en: 'My GoTone VIP' },
  'me.intro': { zh: '您的会员卡、权益和家庭成员都在这里。', en: 'Your membership card, benefits and family in one place.' },
  'me.entitlements': { zh: '{year} 年度权益', en: 'Your benefits for {year}' },
  'me.children': { zh: '我的孩子', en: 'My children' },
  'me.noChildren': { zh: '您还没有登记孩子。参加亲子活动时需要登记。', en: 'You have not added any children. You need to for parent-child events.' },
  'me.bornIn': { zh: '{year} 年出生', en: 'born {year}' },
  'me.account': { zh: '账户', en: 'Account' },
  'me.accountIntro': { zh: '您当前是{tier}会员。在账户设置中可以修改密码与语言。', en: 'You are a {tier} member. Change your password and language in your account settings.' },
});
