import { defineMessages } from './define';

/** Reports (attendance, lounge occupancy, satisfaction) and the capacity overview. */
export const adminReportMessages = defineMessages({});
