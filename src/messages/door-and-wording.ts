import { defineMessages } from './define';

/** Check-in windows at the door, and the wording fixes of issue 13 §3. */
export const doorAndWordingMessages = defineMessages({
  'door.window.too_early': { zh: '还没到签到时间：活动开始前 {hours} 小时起可以签到。', en: 'Too early: check-in opens {hours} hours before the event starts.' },
  'door.window.too_late': { zh: '活动已结束，不能再签到。', en: 'The event is over; check-in is closed.' },
  'door.window.notOpen': { zh: '签到将于 {time} 开放（活动开始前 {hours} 小时）。', en: 'Check-in opens at {time} ({hours} hours before the start).' },
  'door.walkIn.too_early': { zh: '还没到签到时间：活动开始前 {hours} 小时起可以现场报名。', en: 'Too early: walk-ins open {hours} hours before the event starts.' },
});
