import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { ImportUploadPage } from '../../views/admin/import';
import { importErrorsCsv, importTemplateCsv } from '../../views/admin/import-csv';
import { ImportPreviewPage, PREVIEW_FILTERS, type PreviewFilter } from '../../views/admin/import-preview';
import { ImportProgress, ImportProgressPage } from '../../views/admin/import-progress';
import { ImportResultPage } from '../../views/admin/import-result';
import { fileProblemText } from '../../views/admin/import-text';
import { actorOf, requireSection } from '../auth/middleware';
import type { AppDeps, AppEnv } from '../lib/context';
import { isPartialRequest } from '../lib/htmx';
import { failWith } from '../lib/http-errors';
import { pathId } from '../lib/params';
import { renderFragment, renderPage } from '../lib/render';
import { buildUi, requestText } from '../lib/ui';
import { listTiers } from '../members/service';
import { getImport, importErrors, importProgress, listImports, previewRows, runImport, uploadImport, type BatchInfo, type Preview } from './import';

const importSchema = z.object({ digest: z.string().regex(/^[0-9a-f]{64}$/) }).strict();

/** Bulk member import from CSV: upload, preview, import with progress, error report. */
export function adminImportRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('/admin/import', requireSection('admin'));
  app.use('/admin/import/*', requireSection('admin'));

  const uploadPage = async (c: Context<AppEnv>, status: 200 | 422, error?: string) => {
    const batches = await listImports(deps, actorOf(c));
    if (!batches.ok) failWith(batches.error);
    return renderPage(c, <ImportUploadPage ui={buildUi(c, deps)} batches={batches.value} tiers={await listTiers(deps)} error={error} />, status);
  };

  const previewPage = async (c: Context<AppEnv>, batch: BatchInfo, preview: Preview, status: 200 | 409, changed: boolean) => {
    const asked = c.req.query('show') as PreviewFilter | undefined;
    const filter: PreviewFilter = asked && PREVIEW_FILTERS.includes(asked) ? asked : 'all';
    const { rows, page, pages } = previewRows(preview.outcomes, filter, Number.parseInt(c.req.query('page') ?? '1', 10) || 1);
    c.header('Cache-Control', 'no-store');
    return renderPage(
      c,
      <ImportPreviewPage ui={buildUi(c, deps)} batch={batch} counts={preview.counts} digest={preview.digest} rows={rows} filter={filter} page={page} pages={pages} tiers={await listTiers(deps)} changed={changed} />,
      status,
    );
  };

  app.get('/admin/import', (c) => uploadPage(c, 200));

  app.get('/admin/import/template.csv', (c) => {
    if (actorOf(c).role !== 'admin') failWith('forbidden');
    return c.body(importTemplateCsv(requestText(c, deps).t), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="members-template.csv"',
    });
  });

  app.post('/admin/import', async (c) => {
    const body = await c.req.parseBody();
    const file = body.file;
    const { t } = requestText(c, deps);
    if (!(file instanceof File) || (file.size === 0 && file.name === '')) return uploadPage(c, 422, fileProblemText(t, { code: 'noFile' }));
    const result = await uploadImport(deps, actorOf(c), { name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) });
    if (!result.ok) {
      if (result.error === 'forbidden') failWith('forbidden');
      return uploadPage(c, 422, fileProblemText(t, result.problem));
    }
    return c.redirect(`/admin/import/${result.value.batchId}`, 303);
  });

  app.get('/admin/import/:id', async (c) => {
    const result = await getImport(deps, actorOf(c), pathId(c));
    if (!result.ok) failWith(result.error);
    const { batch, preview } = result.value;
    if (preview) return previewPage(c, batch, preview, 200, false);
    if (batch.status === 'importing' && !batch.stale) return renderPage(c, <ImportProgressPage ui={buildUi(c, deps)} batch={batch} />);
    return renderPage(c, <ImportResultPage ui={buildUi(c, deps)} batch={batch} />);
  });

  app.post('/admin/import/:id', async (c) => {
    const id = pathId(c);
    const form = importSchema.safeParse(await c.req.parseBody());
    // A missing or altered digest cannot match: the admin is shown the preview as it is now.
    const result = await runImport(deps, actorOf(c), id, form.success ? form.data.digest : '');
    if (!result.ok) failWith(result.error);
    const run = result.value;
    c.header('Cache-Control', 'no-store');
    const ui = buildUi(c, deps);
    switch (run.kind) {
      case 'changed':
        return previewPage(c, run.batch, run.preview, 409, true);
      case 'taken':
        if (run.batch.status === 'importing' && !run.batch.stale) return renderPage(c, <ImportProgressPage ui={ui} batch={run.batch} taken />, 409);
        return renderPage(c, <ImportResultPage ui={ui} batch={run.batch} taken />, 409);
      default:
        // The initial passwords are on this response only: never cached, never in a redirect, a cookie or the database.
        return renderPage(c, <ImportResultPage ui={ui} batch={run.batch} created={run.created} skipped={run.skipped} />);
    }
  });

  app.get('/admin/import/:id/progress', async (c) => {
    const result = await importProgress(deps, actorOf(c), pathId(c));
    if (!result.ok) failWith(result.error);
    c.header('Cache-Control', 'no-store');
    const ui = buildUi(c, deps);
    if (isPartialRequest(c)) return renderFragment(c, <ImportProgress ui={ui} batch={result.value} />);
    return renderPage(c, <ImportProgressPage ui={ui} batch={result.value} />);
  });

  app.get('/admin/import/:id/errors.csv', async (c) => {
    const result = await importErrors(deps, actorOf(c), pathId(c));
    if (!result.ok) failWith(result.error);
    return c.body(importErrorsCsv(result.value.errors, requestText(c, deps)), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="import-${result.value.batch.id}-errors.csv"`,
      'Cache-Control': 'no-store',
    });
  });

  return app;
}
