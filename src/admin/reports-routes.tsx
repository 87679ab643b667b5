import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../lib/context';

/** Reports (attendance, lounge occupancy, satisfaction) and the capacity overview. */
export function adminReportRoutes(_deps: AppDeps) {
  const app = new Hono<AppEnv>();
  return app;
}
