import { defineMessages } from './define';

/** Bulk member import from CSV: upload, preview, import with progress, error report. */
export const adminImportMessages = defineMessages({});
