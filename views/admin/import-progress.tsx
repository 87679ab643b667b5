import { Layout } from '../layout';
import { Breadcrumb } from '../components/page';
import type { Ui } from '../ui';
import type { BatchInfo } from '../../src/admin/import';

const progressUrl = (id: number) => `/admin/import/${id}/progress`;

/**
 * Before the import starts: an empty place that asks for the progress as soon as the import form is submitted
 * (htmx). What comes back keeps asking every 500 ms while the import runs; without JavaScript nothing polls and the
 * form's own POST simply waits for the result.
 */
export function ProgressWatcher({ batchId }: { batchId: number }) {
  return (
    <div aria-live="polite">
      <div id="import-progress" data-hx-get={progressUrl(batchId)} data-hx-trigger="submit from:#import-form" data-hx-swap="outerHTML"></div>
    </div>
  );
}

/** The import's progress as recorded in the database; it asks for itself again until the import has ended. */
export function ImportProgress({ ui, batch }: { ui: Ui; batch: BatchInfo }) {
  const { t } = ui;
  const running = (batch.status === 'previewed' || batch.status === 'importing') && !batch.stale;
  const total = Math.max(batch.toWrite, batch.processed);
  return (
    <section
      id="import-progress"
      class="import-progress"
      aria-label={t('admin.import.progressLabel')}
      {...(running ? { 'data-hx-get': progressUrl(batch.id), 'data-hx-trigger': 'every 500ms', 'data-hx-swap': 'outerHTML' } : {})}
    >
      <progress value={batch.processed} max={total || 1}>
        {total ? `${Math.floor((batch.processed / total) * 100)}%` : ''}
      </progress>
      <p>
        {batch.status === 'previewed'
          ? t('admin.import.starting')
          : batch.status === 'importing' && !batch.stale
            ? t('admin.import.progress', { processed: batch.processed, total, count: total })
            : batch.status === 'done'
              ? t('admin.import.finishing')
              : t(batch.stale ? 'admin.import.staleBody' : 'admin.import.failedBody', { processed: batch.processed, count: batch.processed })}
      </p>
    </section>
  );
}

/** The progress on a page of its own (opened directly, or while an import runs in another tab). */
export function ImportProgressPage({ ui, batch, taken }: { ui: Ui; batch: BatchInfo; taken?: boolean }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('admin.import.progressTitle')} narrow>
      <Breadcrumb ui={ui} trail={[{ href: '/admin', label: t('admin.title') }, { href: '/admin/import', label: t('admin.import.title') }]} current={batch.fileName} />
      <h1>{t('admin.import.progressTitle')}</h1>
      {taken && (
        <p class="flash flash-info" role="alert">
          {t('admin.import.takenBody')}
        </p>
      )}
      <div aria-live="polite">
        <ImportProgress ui={ui} batch={batch} />
      </div>
      <p>
        <a href="/admin/import">{t('admin.import.back')}</a>
      </p>
    </Layout>
  );
}
