import { defineMessages } from './define';

/** The audit log viewer and the tiers page. */
export const adminAuditMessages = defineMessages({});
