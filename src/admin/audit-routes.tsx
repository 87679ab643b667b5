import { Hono, type Context } from 'hono';
import { AuditLogPage } from '../../views/admin/audit';
import { auditCsvDates, auditTable } from '../../views/admin/audit-csv';
import { actorOf, requireSection } from '../auth/middleware';
import type { AppDeps, AppEnv } from '../lib/context';
import { translateProblems } from '../lib/forms';
import { failWith } from '../lib/http-errors';
import { parseId } from '../lib/params';
import { renderPage } from '../lib/render';
import { SHEET_FORMATS, sheetResponse } from '../lib/sheet-response';
import { createTimeFormat, toLocalDateValue } from '../lib/time';
import { buildUi, requestText } from '../lib/ui';
import { auditLogExport, auditLogPage, type AuditPage } from './audit-log';
import { adminTierRoutes } from './tiers-routes';

/**
 * The audit log viewer (read-only: there is no route that writes to the log, only GETs) and, mounted from here,
 * the tiers page.
 */
export function adminAuditRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  for (const path of ['/admin/audit', '/admin/audit.csv', '/admin/audit.xlsx', '/admin/audit/*']) app.use(path, requireSection('admin'));

  const page = (c: Context<AppEnv>, data: AuditPage) => {
    const ui = buildUi(c, deps);
    const invalid = Object.keys(data.problems).length > 0;
    return renderPage(c, <AuditLogPage ui={ui} page={data} errors={translateProblems(ui.t, data.problems)} />, invalid ? 422 : 200);
  };

  app.get('/admin/audit', async (c) => {
    const before = c.req.query('before');
    const result = await auditLogPage(deps, actorOf(c), c.req.query(), before ? parseId(before) : null);
    if (!result.ok) failWith(result.error);
    return page(c, result.value);
  });

  for (const format of SHEET_FORMATS) {
    app.get(`/admin/audit.${format}`, async (c) => {
      const result = await auditLogExport(deps, actorOf(c), c.req.query());
      if (!result.ok) failWith(result.error);
      if (result.value.page) return page(c, result.value.page);
      // words only, not buildUi: a download must not use up a message waiting for the next page
      const { t, locale } = requestText(c, deps);
      const fmt = createTimeFormat(locale, deps.config.timeZone);
      const day = toLocalDateValue(deps.clock.now(), deps.config.timeZone);
      return sheetResponse(c, auditTable(result.value.rows, result.value.names, { t, locale, fmt }), {
        format,
        filename: `audit-${day}`,
        dates: auditCsvDates(fmt),
        zone: deps.config.timeZone,
        ...(result.value.truncated ? { headers: { 'X-Audit-Truncated': 'true' } } : {}),
      });
    });
  }

  app.route('/', adminTierRoutes(deps));
  return app;
}
