import { defineMessages } from './define';

export const sections = defineMessages({


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
