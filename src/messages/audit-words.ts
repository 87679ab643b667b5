import { defineMessages } from './define';

/** A tier change notice; the audit log's detail fields and values in words; the attendance report's units. */
export const auditWordsMessages = defineMessages({
  // the notice of a tier change (admin or import alike)
  'notify.member.tierChanged': {
    zh: '您的会员等级已由{from}变更为{to}，每年贵宾厅权益为 {visits} 次。',
    en: { one: 'Your tier has changed from {from} to {to}, with {visits} lounge visit a year.', other: 'Your tier has changed from {from} to {to}, with {visits} lounge visits a year.' },
  },
  'outbox.subject.member.tierChanged': { zh: '会员等级变更：{to}', en: 'Your tier is now {to}' },
});
