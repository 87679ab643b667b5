import { defineMessages } from './define';

/** Issue 13 §4: every free-text field says its limit, and refuses (never cuts) what goes over it. */
export const textLimitMessages = defineMessages({
  /** the hint beside a field with a length limit */
  'text.limit': { zh: '最多 {max} 个字符。', en: 'Up to {max} characters.' },
  /** the refusal: the limit and how much was typed, so the person knows how much to shorten */
  'text.tooLong': { zh: '最多 {max} 个字符，现在有 {count} 个。', en: 'At most {max} characters; this has {count}.' },
});
