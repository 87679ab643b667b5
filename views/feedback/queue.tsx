import { FEEDBACK_CATEGORIES } from '../../db/schema';
import { QUEUE_STATUS_FILTERS, type Queue, type QueueQuery } from '../../src/feedback/queue';
import { formatCode } from '../../src/lib/codes';
import { CoordinatorTabs } from '../coordinator/tabs';
import { Breadcrumb, PageTitle } from '../components/page';
import { Layout } from '../layout';
import { pick, type Ui } from '../ui';
import { SlaBadge, StatusPill } from './parts';
import { TableScroll } from '../components/table';

/** The staff section a page belongs to: its base address and whether it shows the coordinator's tabs. */
export type StaffSection = 'admin' | 'coordinator';

export function queueBase(section: StaffSection): string {
  return section === 'admin' ? '/admin/feedback' : '/coordinator/feedback';
}

/** The queue view as a query string, defaults left out. */
export function queueQueryString(q: QueueQuery, overrides: Partial<QueueQuery> = {}): string {
  const merged = { ...q, ...overrides };
  const params = new URLSearchParams();
  if (merged.status !== 'current') params.set('status', merged.status);
  if (merged.category) params.set('category', merged.category);
  if (merged.page > 1) params.set('page', String(merged.page));
  return params.toString();
}

function Filters({ ui, base, query }: { ui: Ui; base: string; query: QueueQuery }) {
  const { t } = ui;
  return (
    <form method="get" action={base} role="search" class="filters" data-hx-get={base} data-hx-trigger="change" data-hx-target="#queue" data-hx-select="#queue" data-hx-swap="outerHTML" data-hx-push-url="true">
      <label for="f-status">
        {t('feedback.filter.status')}
        <select id="f-status" name="status">
          {QUEUE_STATUS_FILTERS.map((s) => (
            <option value={s} selected={query.status === s}>
              {t(`feedback.filter.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label for="f-category">
        {t('feedback.filter.category')}
        <select id="f-category" name="category">
          <option value="">{t('feedback.filter.anyCategory')}</option>
          {FEEDBACK_CATEGORIES.map((c) => (
            <option value={c} selected={query.category === c}>
              {t(`feedback.category.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="secondary">
        {t('feedback.filter.apply')}
      </button>
    </form>
  );
}

/** What filters and paging replace: the count, the table and the pages. */
export function QueueSection({ ui, queue, section }: { ui: Ui; queue: Queue; section: StaffSection }) {
  const { t } = ui;
  const base = queueBase(section);
  const { query } = queue;
  const pageHref = (page: number) => {
    const qs = queueQueryString(query, { page });
    return `${base}${qs ? `?${qs}` : ''}`;
  };
  return (
    <section id="queue" aria-label={t('admin.feedback.title')}>
      <p>
        <small>{t('feedback.queue.count', { count: queue.total })}</small>
      </p>
      {queue.items.length === 0 ? (
        <p class="empty">{t('feedback.queue.empty')}</p>
      ) : (
        <TableScroll label={t('admin.feedback.title')}>
          <table class="striped card-table fb-table fb-queue">
            <thead>
              <tr>
                <th scope="col">{t('feedback.col.subject')}</th>
                <th scope="col">{t('feedback.col.due')}</th>
                <th scope="col">{t('feedback.col.status')}</th>
                <th scope="col">{t('feedback.col.member')}</th>
                <th scope="col">{t('feedback.col.club')}</th>
              </tr>
            </thead>
            <tbody>
              {queue.items.map((item) => {
                const tk = item.ticket;
                return (
                  <tr class={item.sla === 'overdue' ? 'fb-row-overdue' : undefined}>
                    <th scope="row">
                      <a href={`${base}/${tk.id}`}>{tk.subject}</a>
                      <br />
                      <small>
                        <code>{formatCode(tk.reference)}</code> · {t(`feedback.category.${tk.category}`)}
                      </small>
                    </th>
                    <td data-label={t('feedback.col.due')}>
                      <SlaBadge ui={ui} sla={item.sla} clock={item.clock} />
                      <br />
                      <small>
                        <time datetime={ui.fmt.iso(tk.dueAt)}>{ui.fmt.dateTime(tk.dueAt)}</time>
                      </small>
                    </td>
                    <td data-label={t('feedback.col.status')}>
                      <StatusPill ui={ui} status={tk.status} />
                    </td>
                    <td data-label={t('feedback.col.member')}>{item.memberName}</td>
                    <td data-label={t('feedback.col.club')}>{item.club ? pick(ui, item.club.nameZh, item.club.nameEn) : <small>{t('feedback.staff.noClub')}</small>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
      {queue.pages > 1 && (
        <nav class="pager" aria-label={t('feedback.page', { page: query.page, pages: queue.pages })}>
          {query.page > 1 ? <a href={pageHref(query.page - 1)}>{t('feedback.prev')}</a> : <span />}
          <span>{t('feedback.page', { page: query.page, pages: queue.pages })}</span>
          {query.page < queue.pages ? <a href={pageHref(query.page + 1)}>{t('feedback.next')}</a> : <span />}
        </nav>
      )}
    </section>
  );
}

export function FeedbackQueuePage({ ui, queue, section }: { ui: Ui; queue: Queue; section: StaffSection }) {
  const { t } = ui;
  const { summary } = queue;
  return (
    <Layout ui={ui} title={t('admin.feedback.title')}>
      {section === 'coordinator' ? <CoordinatorTabs ui={ui} current="feedback" /> : <Breadcrumb ui={ui} trail={[{ href: '/admin', label: t('admin.title') }]} current={t('admin.feedback.title')} />}
      <PageTitle title={t('admin.feedback.title')} intro={t(section === 'admin' ? 'admin.feedback.intro' : 'feedback.queue.coordinatorIntro')} />
      <p class={summary.overdue > 0 ? 'fb-summary fb-summary-alert' : 'fb-summary'} role="status">
        {summary.overdue > 0 && <span aria-hidden="true">⚠ </span>}
        {t('feedback.queue.summary', { overdue: summary.overdue, dueSoon: summary.dueSoon, waiting: summary.waiting })}
      </p>
      <Filters ui={ui} base={queueBase(section)} query={queue.query} />
      <QueueSection ui={ui} queue={queue} section={section} />
    </Layout>
  );
}
