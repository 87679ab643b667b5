import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../lib/context';

/** The audit log viewer and the tiers page. */
export function adminAuditRoutes(_deps: AppDeps) {
  const app = new Hono<AppEnv>();
  return app;
}
