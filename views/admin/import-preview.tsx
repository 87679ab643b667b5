import { Layout } from '../layout';
import { Breadcrumb, PageTitle } from '../components/page';
import type { Ui } from '../ui';
import type { BatchInfo } from '../../src/admin/import';
import type { ImportCounts, OutcomeKind, RowOutcome } from '../../src/admin/import-csv';
import { ProgressWatcher } from './import-progress';
import { changeTexts, languageLabel, rowProblemText, tierLabel, type TierLabel } from './import-text';
import { TableScroll } from '../components/table';

export type PreviewFilter = 'all' | OutcomeKind;
export const PREVIEW_FILTERS: readonly PreviewFilter[] = ['all', 'error', 'create', 'update', 'unchanged'];

export interface PreviewPageProps {
  ui: Ui;
  batch: BatchInfo;
  counts: ImportCounts;
  digest: string;
  /** the rows on this page of the chosen filter */
  rows: RowOutcome[];
  filter: PreviewFilter;
  page: number;
  pages: number;
  tiers: readonly TierLabel[];
  /** the database changed since the preview the admin was looking at */
  changed?: boolean;
}

const OUTCOME_CLASS: Record<OutcomeKind, string> = {
  create: 'status-pill status-active',
  update: 'status-pill status-waitlisted',
  unchanged: 'status-pill',
  error: 'status-pill status-error',
};

function href(batchId: number, filter: PreviewFilter, page = 1): string {
  const q = new URLSearchParams();
  if (filter !== 'all') q.set('show', filter);
  if (page > 1) q.set('page', String(page));
  const s = q.toString();
  return `/admin/import/${batchId}${s ? `?${s}` : ''}`;
}

function Row({ ui, row, tiers }: { ui: Ui; row: RowOutcome; tiers: readonly TierLabel[] }) {
  const { t } = ui;
  const cells =
    row.kind === 'error'
      ? [row.row.phone, row.row.name, row.row.tier, row.row.language]
      : [row.phone, row.name, tierLabel(ui.locale, tiers, row.tierCode), languageLabel(t, row.locale)];
  const details = row.kind === 'error' ? row.problems.map((p) => rowProblemText(t, p)) : row.kind === 'update' ? changeTexts(ui, tiers, row.changes) : [];
  return (
    <tr>
      <th scope="row" class="num">
        {row.line}
      </th>
      <td>
        <span class={OUTCOME_CLASS[row.kind]}>{t(`admin.import.outcome.${row.kind}`)}</span>
        {details.length > 0 && (
          <ul class="import-details">
            {details.map((d) => (
              <li>{d}</li>
            ))}
          </ul>
        )}
      </td>
      {cells.map((c) => (
        <td>{c}</td>
      ))}
    </tr>
  );
}

/** Counts, the import button (with progress while it runs), and the rows by outcome, a page at a time. */
export function ImportPreviewPage(p: PreviewPageProps) {
  const { ui, batch, counts } = p;
  const { t } = ui;
  const toWrite = counts.create + counts.update;
  const action = `/admin/import/${batch.id}`;
  const total = counts.create + counts.update + counts.unchanged + counts.error;
  return (
    <Layout ui={ui} title={t('admin.import.previewTitle')}>
      <Breadcrumb ui={ui} trail={[{ href: '/admin', label: t('admin.title') }, { href: '/admin/import', label: t('admin.import.title') }]} current={batch.fileName} />
      <PageTitle title={t('admin.import.previewTitle')} intro={t('admin.import.previewIntro', { file: batch.fileName, count: total })} />
      {p.changed && (
        <p class="flash flash-info" role="alert">
          {t('admin.import.changed')}
        </p>
      )}
      <div class="stat-grid">
        {(['create', 'update', 'unchanged', 'error'] as const).map((k) => (
          <article class="stat">
            <p class="stat-value" data-count={k}>
              {counts[k]}
            </p>
            <p class="stat-label">{t(`admin.import.count.${k}`)}</p>
          </article>
        ))}
      </div>

      {counts.error > 0 && (
        <p>
          {t('admin.import.errorsSkipped')} <a href={`/admin/import/${batch.id}/errors.csv`}>{t('admin.import.errorReport')}</a>
        </p>
      )}
      {toWrite > 0 ? (
        <>
          <form id="import-form" method="post" action={action} data-hx-post={action} data-hx-target="#main" data-hx-select="#main" data-hx-swap="outerHTML" data-hx-disable="find button" class="button-row">
            <input type="hidden" name="digest" value={p.digest} />
            <button type="submit">{t('admin.import.importButton', { count: toWrite })}</button>
            <a href="/admin/import" role="button" class="secondary">
              {t('admin.import.another')}
            </a>
          </form>
          <ProgressWatcher batchId={batch.id} />
        </>
      ) : (
        <p class="button-row">
          <span>{t('admin.import.nothingToDo')}</span>
          <a href="/admin/import" role="button" class="secondary">
            {t('admin.import.another')}
          </a>
        </p>
      )}

      <nav class="tabs" aria-label={t('admin.import.show')}>
        <ul>
          {PREVIEW_FILTERS.map((f) => (
            <li>
              <a href={href(batch.id, f)} aria-current={f === p.filter ? 'page' : undefined}>
                {t(`admin.import.show.${f}`)} ({f === 'all' ? total : counts[f]})
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {p.rows.length === 0 ? (
        <p class="empty">{t('admin.import.noRowsShown')}</p>
      ) : (
        <TableScroll label={t('admin.import.previewTitle')}>
          <table class="striped import-rows">
            <thead>
              <tr>
                <th scope="col" class="num">
                  {t('admin.import.col.line')}
                </th>
                <th scope="col">{t('admin.import.col.outcome')}</th>
                <th scope="col">{t('admin.import.col.phone')}</th>
                <th scope="col">{t('admin.import.col.name')}</th>
                <th scope="col">{t('admin.import.col.tier')}</th>
                <th scope="col">{t('admin.import.col.language')}</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((row) => (
                <Row ui={ui} row={row} tiers={p.tiers} />
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {p.pages > 1 && (
        <nav class="pager" aria-label={t('admin.import.page', { page: p.page, pages: p.pages })}>
          {p.page > 1 ? <a href={href(batch.id, p.filter, p.page - 1)}>{t('admin.import.prev')}</a> : <span />}
          <span>{t('admin.import.page', { page: p.page, pages: p.pages })}</span>
          {p.page < p.pages ? <a href={href(batch.id, p.filter, p.page + 1)}>{t('admin.import.next')}</a> : <span />}
        </nav>
      )}
    </Layout>
  );
}
