import { Layout } from '../layout';
import { Breadcrumb, PageTitle } from '../components/page';
import { FormError } from '../components/form';
import type { Ui } from '../ui';
import type { BatchInfo } from '../../src/admin/import';
import type { TierLabel } from './import-text';
import { IMPORT_MAX_ROWS } from '../../src/admin/import-csv';
import { TableScroll } from '../components/table';

const EXAMPLE = `手机号,姓名,等级,语言
13912345678,张三,金卡,zh
139 1234 5679,Li Wei,platinum,en
+86 13912345680,王芳,Silver,`;

/** The status of a batch in words (never by colour alone). */
export function batchStatusText(ui: Ui, batch: Pick<BatchInfo, 'status' | 'stale'>): string {
  return ui.t(batch.stale ? 'admin.import.status.stale' : `admin.import.status.${batch.status}`);
}

function countsText(batch: BatchInfo): string {
  const s = batch.summary;
  return [s.create ?? 0, s.update ?? 0, s.unchanged ?? 0, s.error ?? 0].join(' / ');
}

function RecentImports({ ui, batches }: { ui: Ui; batches: BatchInfo[] }) {
  const { t } = ui;
  if (batches.length === 0) return <p class="empty">{t('admin.import.none')}</p>;
  return (
    <TableScroll label={t('admin.import.recent')}>
      <table class="striped">
        <thead>
          <tr>
            <th scope="col">{t('admin.import.col.file')}</th>
            <th scope="col">{t('admin.import.col.when')}</th>
            <th scope="col">{t('admin.import.col.who')}</th>
            <th scope="col" class="num">
              {t('admin.import.col.rows')}
            </th>
            <th scope="col" class="num">
              {t('admin.import.col.counts')}
            </th>
            <th scope="col">{t('admin.import.col.status')}</th>
          </tr>
        </thead>
        <tbody>
          {batches.map((b) => (
            <tr>
              <th scope="row">
                <a href={`/admin/import/${b.id}`}>{b.fileName}</a>
              </th>
              <td>
                <time datetime={ui.fmt.iso(b.createdAt)}>{ui.fmt.dateTime(b.createdAt)}</time>
              </td>
              <td>{b.createdByName ?? '—'}</td>
              <td class="num">{b.rowCount}</td>
              <td class="num">{countsText(b)}</td>
              <td>
                <span class={b.status === 'done' ? 'status-pill status-active' : b.status === 'previewed' ? 'status-pill status-pending' : 'status-pill'}>{batchStatusText(ui, b)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The upload form, the file format with an example and a template, and the latest imports. */
export function ImportUploadPage({ ui, batches, tiers, error }: { ui: Ui; batches: BatchInfo[]; tiers: readonly TierLabel[]; error?: string | undefined }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('admin.import.title')}>
      <Breadcrumb ui={ui} trail={[{ href: '/admin', label: t('admin.title') }]} current={t('admin.import.title')} />
      <PageTitle title={t('admin.import.title')} intro={t('admin.import.intro')} />
      <form method="post" action="/admin/import" enctype="multipart/form-data" novalidate class="import-upload">
        <FormError message={error} />
        <label for="f-file">
          {t('admin.import.file')}
          <input id="f-file" name="file" type="file" accept=".csv,text/csv" required aria-invalid={error ? 'true' : undefined} aria-describedby="f-file-hint" />
          <small id="f-file-hint">{t('admin.import.fileHint', { max: IMPORT_MAX_ROWS, count: IMPORT_MAX_ROWS })}</small>
        </label>
        <button type="submit">{t('admin.import.check')}</button>
      </form>

      <section aria-labelledby="import-format">
        <h2 id="import-format">{t('admin.import.format')}</h2>
        <ul>
          <li>
            {t('admin.import.formatHeader')} <code>phone,name,tier,language</code> {t('admin.import.formatOr')} <code lang="zh-CN">手机号,姓名,等级,语言</code>
          </li>
          <li>{t('admin.import.formatPhone')}</li>
          <li>{t('admin.import.formatName')}</li>
          <li>
            {t('admin.import.formatTier')}
            <ul>
              {tiers.map((tier) => (
                <li>
                  <code>{tier.code}</code> · <span lang="zh-CN">{tier.nameZh}</span> · <span lang="en">{tier.nameEn}</span>
                </li>
              ))}
            </ul>
          </li>
          <li>{t('admin.import.formatLanguage')}</li>
          <li>{t('admin.import.formatRules')}</li>
          <li>{t('admin.import.formatEncoding')}</li>
        </ul>
        <p>
          <strong>{t('admin.import.formatExample')}</strong>
        </p>
        <pre>
          <code lang="zh-CN">{EXAMPLE}</code>
        </pre>
        <p>
          <a href="/admin/import/template.csv" download>
            {t('admin.import.template')}
          </a>
        </p>
      </section>

      <section aria-labelledby="import-recent">
        <h2 id="import-recent">{t('admin.import.recent')}</h2>
        <RecentImports ui={ui} batches={batches} />
      </section>
    </Layout>
  );
}
