import { defineMessages } from './define';

/** Check-in windows at the door, and the wording fixes of issue 13 §3. */
export const doorAndWordingMessages = defineMessages({
  'door.window.too_early': { zh: '还没到签到时间：活动开始前 {hours} 小时起可以签到。', en: 'Too early: check-in opens {hours} hours before the event starts.' },
  'door.window.too_late': { zh: '活动已结束，不能再签到。', en: 'The event is over; check-in is closed.' },
  'door.window.notOpen': { zh: '签到将于 {time} 开放（活动开始前 {hours} 小时）。', en: 'Check-in opens at {time} ({hours} hours before the start).' },
  'door.walkIn.too_early': { zh: '还没到签到时间：活动开始前 {hours} 小时起可以现场报名。', en: 'Too early: walk-ins open {hours} hours before the event starts.' },
  'door.card.unknown': { zh: '没有找到这张会员卡。', en: 'No member holds this membership card.' },
  'door.card.none': { zh: '这是{name}的会员卡，但 TA 没有报名本活动。如有空位，可在下方现场报名。', en: 'This is {name}’s membership card, but they have not registered for this event. If seats are free, use walk-in below.' },
  'door.card.waitlisted': { zh: '这是{name}的会员卡：TA 在本活动的候补名单中，还没有名额。', en: 'This is {name}’s membership card: they are on this event’s waitlist and have no seat yet.' },
  'door.card.cancelled': { zh: '这是{name}的会员卡：TA 已取消本活动的报名。', en: 'This is {name}’s membership card: they cancelled their registration for this event.' },
  'door.window.over': { zh: '活动已结束，签到已关闭。', en: 'The event is over; check-in has closed.' },
  'evm.error.year_out_of_range': { zh: '年份须在 {from} 至 {to} 年之间，请检查日期。', en: 'The year must be between {from} and {to}; check the date.' },
  'evm.error.starts_in_past': { zh: '开始时间已经过去。如确实要登记一场已开始或已举行的活动，请勾选下面的确认框后再保存。', en: 'This start time has already passed. To enter an event that has started or already happened, tick the box below and save again.' },
  'evm.form.confirmPast': { zh: '开始时间已过，仍要保存', en: 'The start has passed; save anyway' },
});
