import { Layout } from '../layout';
import { Breadcrumb, PageTitle } from '../components/page';
import type { Ui } from '../ui';
import { notificationText } from '../notifications/message';
import { OUTBOX_CHANNELS, OUTBOX_STATUSES } from '../../db/schema';
import type { OutboxOverview, OutboxProblem } from '../../src/notifications/outbox-admin';
import { TableScroll } from '../components/table';

const pageHref = (page: number) => (page > 1 ? `/admin/outbox?page=${page}` : '/admin/outbox');

function ProblemRow({ ui, p }: { ui: Ui; p: OutboxProblem }) {
  const { t } = ui;
  const channel = t(`admin.outbox.channel.${p.channel}`);
  return (
    <tr>
      <th scope="row">
        {p.recipientName}
        <br />
        <small>
          {channel} · {p.destinationMasked}
        </small>
      </th>
      <td>{p.kind !== null && p.params !== null ? notificationText(ui, { ...p, kind: p.kind, params: p.params }) : t('admin.outbox.direct')}</td>
      <td>
        <span class={p.status === 'pending' ? 'status-pill status-pending' : 'status-pill'}>{t(`admin.outbox.status.${p.status}`)}</span>
        <br />
        <small>{t('admin.outbox.attempts', { count: p.attempts })}</small>
        <form method="post" action={`/admin/outbox/${p.id}/retry`} class="inline-form">
          <button type="submit" class="secondary compact" aria-label={t('admin.outbox.retryLabel', { name: p.recipientName, channel })}>
            {t('admin.outbox.retry')}
          </button>
        </form>
      </td>
      <td>
        <small>{p.lastError ?? '—'}</small>
      </td>
      <td>{p.status === 'pending' ? <time datetime={ui.fmt.iso(p.nextAttemptAt)}>{ui.fmt.dateTime(p.nextAttemptAt)}</time> : '—'}</td>
      <td>
        <time datetime={ui.fmt.iso(p.createdAt)}>{ui.fmt.dateTime(p.createdAt)}</time>
      </td>
    </tr>
  );
}

/** Delivery at a glance: totals by channel and status, then every failed or retrying message with a retry button. */
export function AdminOutboxPage({ ui, data }: { ui: Ui; data: OutboxOverview }) {
  const { t } = ui;
  const { counts, health } = data;
  const waitedMinutes = Math.floor(health.oldestPendingAgeMs / 60_000);
  return (
    <Layout ui={ui} title={t('admin.outbox.title')}>
      <Breadcrumb ui={ui} trail={[{ href: '/admin', label: t('admin.title') }]} current={t('admin.outbox.title')} />
      <PageTitle title={t('admin.outbox.title')} intro={t('admin.outbox.intro')} />
      <TableScroll label={t('admin.outbox.totals')}>
        <table class="striped">
          <caption>{t('admin.outbox.totals')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.outbox.col.channel')}</th>
              {OUTBOX_STATUSES.map((s) => (
                <th scope="col" class="num">
                  {t(`admin.outbox.status.${s}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {OUTBOX_CHANNELS.map((c) => (
              <tr>
                <th scope="row">{t(`admin.outbox.channel.${c}`)}</th>
                {OUTBOX_STATUSES.map((s) => (
                  <td class="num" data-count={`${c}-${s}`}>
                    {counts[c][s]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {health.oldestPendingAt !== null && <p>{t('admin.outbox.oldestPending', { count: waitedMinutes })}</p>}

      <h2>{t('admin.outbox.problems')}</h2>
      {health.failed > 0 && (
        <div class="button-row">
          <form method="post" action="/admin/outbox/retry-failed" class="inline-form">
            <button type="submit">{t('admin.outbox.retryAll', { count: health.failed })}</button>
          </form>
        </div>
      )}
      {data.problems.length === 0 ? (
        <p class="empty">{t('admin.outbox.allClear')}</p>
      ) : (
        <TableScroll label={t('admin.outbox.problems')}>
          <table class="striped outbox-problems">
            <thead>
              <tr>
                <th scope="col">{t('admin.outbox.col.recipient')}</th>
                <th scope="col">{t('admin.outbox.col.message')}</th>
                <th scope="col">{t('admin.outbox.col.status')}</th>
                <th scope="col">{t('admin.outbox.col.lastError')}</th>
                <th scope="col">{t('admin.outbox.col.nextAttempt')}</th>
                <th scope="col">{t('admin.outbox.col.created')}</th>
              </tr>
            </thead>
            <tbody>
              {data.problems.map((p) => (
                <ProblemRow ui={ui} p={p} />
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {data.pages > 1 && (
        <nav class="pager" aria-label={t('admin.outbox.page', { page: data.page, pages: data.pages })}>
          {data.page > 1 ? <a href={pageHref(data.page - 1)}>{t('admin.outbox.prev')}</a> : <span />}
          <span>{t('admin.outbox.page', { page: data.page, pages: data.pages })}</span>
          {data.page < data.pages ? <a href={pageHref(data.page + 1)}>{t('admin.outbox.next')}</a> : <span />}
        </nav>
      )}
    </Layout>
  );
}
