import { defineMessages } from './define';

/** Members and staff: search, a member's page (tier, disable, password re-issue, scopes). */
export const adminMemberMessages = defineMessages({});
