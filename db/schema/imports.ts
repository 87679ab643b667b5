import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './core';

/** Bulk member imports from CSV: the uploaded file, its checked preview and the progress of the import. */

export const IMPORT_STATUSES = ['previewed', 'importing', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const importBatches = sqliteTable(
  'import_batches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: integer('created_at').notNull(),
    fileName: text('file_name').notNull(),
    /** the file as uploaded (UTF-8 text); the import re-reads it, so what is imported is what was previewed */
    content: text('content').notNull(),
    /** SHA-256 of the content and of the preview's outcome, to detect a database that changed since the preview */
    digest: text('digest').notNull(),
    status: text('status', { enum: IMPORT_STATUSES }).notNull(),
    rowCount: integer('row_count').notNull(),
    /** counts from the preview / the import: { create, update, unchanged, error } */
    summary: text('summary', { mode: 'json' }).$type<Record<string, number>>().notNull(),
    /** rows written so far while importing */
    processed: integer('processed').notNull().default(0),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
    /** why an import stopped, when it did */
    failure: text('failure'),
  },
  (t) => [index('import_batches_created_idx').on(t.createdAt)],
);
