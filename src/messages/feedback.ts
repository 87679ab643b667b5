import { defineMessages } from './define';

/** Feedback and complaints, the staff queue, ratings and satisfaction. */
export const feedbackMessages = defineMessages({});
