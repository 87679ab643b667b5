import { defineMessages } from './define';

/**
 * Issue 13 §3 "Words that are true": texts for the cases the general wording got wrong —
 * a club request or waitlist place that holds no place, a tier without companions, and
 * counts that need a label instead of bare parentheses.
 */
export const wordingMessages = defineMessages({
  'clubs.leaveHintOpen': { zh: '一步退出，无需说明原因；您的名额会重新开放给其他会员。', en: 'One step, no reason asked; your place opens up for other members.' },
  'clubs.withdrawHint': { zh: '一步撤回申请，无需说明原因；申请不占名额，撤回后也不影响其他会员。', en: 'Withdraw your request in one step, no reason asked; a request holds no place.' },
  'clubs.leaveWaitlistHint': { zh: '一步退出候补，无需说明原因；您将放弃候补第 {count} 位的排位，之后再加入须重新排队。', en: 'Leave the waitlist in one step, no reason asked; you give up your position (number {count}) and would queue again from the end.' },

  'desk.noCompanions': { zh: '不可带同行人', en: 'No companions' },
  'desk.bookingSolo': { zh: '{time} · 仅本人', en: '{time} · just the member' },
  'desk.party': { zh: '{count} 人', en: { one: '{count} person', other: 'party of {count}' } },
  'desk.cardCode': { zh: '卡号 {code}', en: 'Card {code}' },

  'lounges.allowanceSolo': { zh: '{year} 年：您的等级每年 {visits} 次贵宾厅，仅限本人入厅，不可带同行人；已预约 {reserved} 次，已使用 {used} 次，剩余 {remaining} 次。', en: '{year}: your tier gives {visits} lounge visits a year, for you alone (no companions); {reserved} booked, {used} used, {remaining} left.' },
  'lounges.companionsLimitNone': { zh: '您的等级不含同行人，仅限本人入厅。', en: 'Your tier does not include companions: the visit is for you alone.' },

});
