import { defineMessages } from './define';

export const sections = defineMessages({


  'lounges.title': { zh: '机场贵宾厅', en: 'Airport VIP lounges' },
  'lounges.intro': { zh: '海南主要机场的全球通VIP贵宾厅。', en: 'GoTone VIP lounges at Hainan’s main airports.' },
  'lounges.allowance': {
    zh: '您的等级每年可使用 {visits} 次贵宾厅，每次可带 {companions} 位同行人。',
    en: 'Your tier includes {visits} lounge visits a year, each with up to {companions} companions.',
  },
  'lounges.location': { zh: '位置', en: 'Where' },
  'lounges.hours': { zh: '开放时间', en: 'Opening hours' },
  'lounges.capacity': { zh: '座位', en: 'Seats' },
  'lounges.seats': { zh: '{count} 个座位', en: { one: '{count} seat', other: '{count} seats' } },
  'lounges.amenities': { zh: '设施与服务', en: 'Facilities' },
  'lounges.noShowPolicy': { zh: '预约未到', en: 'If you do not show up' },
  'lounges.noShow.release': { zh: '返还次数', en: 'The visit is returned to you' },
  'lounges.noShow.use': { zh: '扣除一次', en: 'The visit counts as used' },


  'desk.title': { zh: '贵宾厅服务台', en: 'Lounge desk' },
  'desk.intro': { zh: '您值守的贵宾厅。', en: 'The lounges you work at.' },
  'desk.noLounges': { zh: '您目前没有分配贵宾厅，请联系管理员。', en: 'No lounges are assigned to you yet. Ask an administrator.' },
  'desk.today': { zh: '今天是 {date}', en: 'Today is {date}' },
  'desk.slotSettings': { zh: '预约时段 {minutes} 分钟；每个时段 {share}% 的座位可预约，其余留给现场到访的会员。', en: 'Bookable slots of {minutes} minutes; {share}% of seats per slot can be booked, the rest is kept for walk-ins.' },

  'admin.title': { zh: '管理后台', en: 'Administration' },
  'admin.intro': { zh: '全省全球通VIP项目概览。', en: 'The GoTone VIP programme across the province.' },
  'admin.stat.members': { zh: '在册会员', en: 'Active members' },
  'admin.stat.clubs': { zh: '俱乐部', en: 'Clubs' },
  'admin.stat.events': { zh: '即将举行的活动', en: 'Upcoming events' },
  'admin.stat.lounges': { zh: '贵宾厅', en: 'Lounges' },
  'admin.membersByTier': { zh: '各等级会员', en: 'Members by tier' },
  'admin.staff': { zh: '工作人员', en: 'Staff' },
  'admin.disabled': { zh: '已停用账户', en: 'Disabled accounts' },
  'admin.enrol.title': { zh: '登记新会员', en: 'Enrol a member' },
  'admin.enrol.intro': { zh: '系统会生成一次性的6位初始服务密码，会员首次登录时必须修改。', en: 'The system creates a one-time 6-digit initial service password, which the member must change at first sign-in.' },
  'admin.enrol.language': { zh: '通知语言', en: 'Language for messages' },
  'admin.enrol.submit': { zh: '登记并生成初始密码', en: 'Enrol and create initial password' },
  'admin.enrol.phoneTaken': { zh: '该手机号已登记。', en: 'This mobile number is already enrolled.' },
  'admin.enrolled.title': { zh: '会员已登记', en: 'Member enrolled' },
  'admin.enrolled.body': { zh: '{name}（{phone}）已登记为会员。', en: '{name} ({phone}) is now enrolled.' },
  'admin.enrolled.passwordLabel': { zh: '初始服务密码', en: 'Initial service password' },
  'admin.enrolled.once': { zh: '此密码只显示这一次，请立即告知会员。会员首次登录后必须修改。', en: 'This password is shown only once. Give it to the member now; they must change it when they first sign in.' },
  'admin.enrolled.another': { zh: '继续登记', en: 'Enrol another' },
});
