import { defineMessages } from './define';

/** Notification preferences and the admin's delivery view. */
export const outboxMessages = defineMessages({});
