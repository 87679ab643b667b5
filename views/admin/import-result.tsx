import { Layout } from '../layout';
import { Breadcrumb } from '../components/page';
import type { Ui } from '../ui';
import type { BatchInfo } from '../../src/admin/import';
import type { CreatedMember } from '../../src/admin/import-write';
import { TableScroll } from '../components/table';

export interface ImportResultProps {
  ui: Ui;
  batch: BatchInfo;
  /** the members just created with their initial passwords: only on the response of the import itself */
  created?: CreatedMember[];
  skipped?: Array<{ line: number; phone: string }>;
  /** another request had already started or finished this import */
  taken?: boolean;
}

const COUNTS = ['create', 'update', 'unchanged', 'error', 'skipped'] as const;

function Passwords({ ui, created }: { ui: Ui; created: CreatedMember[] }) {
  const { t } = ui;
  return (
    <article class="one-time-secret" aria-labelledby="import-passwords">
      <h2 id="import-passwords">{t('admin.import.passwordsTitle')}</h2>
      <p role="note">
        <strong>{t('admin.import.passwordsOnce')}</strong>
      </p>
      <TableScroll labelledBy="import-passwords">
        <table class="striped import-passwords">
          <thead>
            <tr>
              <th scope="col">{t('admin.import.col.name')}</th>
              <th scope="col">{t('admin.import.col.password')}</th>
              <th scope="col">{t('admin.import.col.phone')}</th>
              <th scope="col" class="num">
                {t('admin.import.col.line')}
              </th>
            </tr>
          </thead>
          <tbody>
            {created.map((m) => (
              <tr>
                <th scope="row">{m.name}</th>
                <td>
                  <code class="initial-password">{m.password}</code>
                </td>
                <td>{m.phone}</td>
                <td class="num">{m.line}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </article>
  );
}

/** After an import (or when a finished or stopped one is opened again): what it did, and the passwords once. */
export function ImportResultPage({ ui, batch, created, skipped = [], taken }: ImportResultProps) {
  const { t } = ui;
  const s = batch.summary;
  const stopped = batch.status === 'failed' || batch.stale;
  return (
    <Layout ui={ui} title={t(stopped ? 'admin.import.failedTitle' : 'admin.import.doneTitle')}>
      <Breadcrumb ui={ui} trail={[{ href: '/admin', label: t('admin.title') }, { href: '/admin/import', label: t('admin.import.title') }]} current={batch.fileName} />
      <h1>{t(stopped ? 'admin.import.failedTitle' : 'admin.import.doneTitle')}</h1>
      {taken && (
        <p class="flash flash-info" role="alert">
          {t('admin.import.takenBody')}
        </p>
      )}
      {stopped && (
        <p class="form-error" role="alert">
          {t(batch.stale ? 'admin.import.staleBody' : 'admin.import.failedBody', { processed: batch.processed, count: batch.processed })}
        </p>
      )}
      <div class="stat-grid">
        {COUNTS.filter((k) => k !== 'skipped' || (s.skipped ?? 0) > 0).map((k) => (
          <article class="stat">
            <p class="stat-value" data-count={k}>
              {s[k] ?? 0}
            </p>
            <p class="stat-label">{t(`admin.import.result.${k}`)}</p>
          </article>
        ))}
      </div>

      {created && created.length > 0 ? <Passwords ui={ui} created={created} /> : (s.create ?? 0) > 0 && <p>{t('admin.import.passwordsGone')}</p>}

      {skipped.length > 0 && (
        <section aria-labelledby="import-skipped">
          <h2 id="import-skipped">{t('admin.import.skippedTitle')}</h2>
          <p>{t('admin.import.skippedHint')}</p>
          <ul>
            {skipped.map((r) => (
              <li>
                {t('admin.import.col.line')} {r.line}: {r.phone}
              </li>
            ))}
          </ul>
        </section>
      )}

      <p class="button-row">
        {(s.error ?? 0) > 0 && (
          <a href={`/admin/import/${batch.id}/errors.csv`} role="button" class="secondary">
            {t('admin.import.errorReport')}
          </a>
        )}
        <a href="/admin/import" role="button">
          {t('admin.import.another')}
        </a>
      </p>
    </Layout>
  );
}
