import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../lib/context';

/** Bulk member import from CSV: upload, preview, import with progress, error report. */
export function adminImportRoutes(_deps: AppDeps) {
  const app = new Hono<AppEnv>();
  return app;
}
