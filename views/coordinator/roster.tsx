import { Layout } from '../layout';
import { Field, FormError, TextArea, textLimit } from '../components/form';
import { TEXT_LIMITS } from '../../src/lib/text-limits';
import { Breadcrumb, PageTitle } from '../components/page';
import { pick, type Flash, type Ui } from '../ui';
import { ROSTER_SORTS, ROSTER_STATUS_FILTERS, type Roster, type RosterQuery } from '../../src/clubs/roster';
import { ROSTER_CSV_COLUMNS } from './roster-csv';
import { RosterRowView, type RowState } from './roster-row';
import { TableScroll } from '../components/table';

/** The roster query as a query string, to come back to the same view after an action. */
export function rosterQueryString(q: RosterQuery, overrides: Partial<RosterQuery> = {}): string {
  const merged = { ...q, ...overrides };
  const params = new URLSearchParams();
  if (merged.q) params.set('q', merged.q);
  if (merged.status !== 'current') params.set('status', merged.status);
  if (merged.tier) params.set('tier', merged.tier);
  if (merged.sort !== 'recent') params.set('sort', merged.sort);
  if (merged.page > 1) params.set('page', String(merged.page));
  return params.toString();
}

function Filters({ ui, roster }: { ui: Ui; roster: Roster }) {
  const { t } = ui;
  const { query } = roster;
  const url = `/coordinator/clubs/${roster.club.id}`;
  return (
    <form
      method="get"
      action={url}
      role="search"
      class="filters"
      data-hx-get={url}
      data-hx-trigger="input delay:300ms, change"
      data-hx-target="#roster"
      data-hx-select="#roster"
      data-hx-swap="outerHTML"
      data-hx-push-url="true"
    >
      <label for="f-q">
        {t('roster.search')}
        <input id="f-q" name="q" type="search" value={query.q} maxlength={60} autocomplete="off" />
      </label>
      <label for="f-status">
        {t('roster.status')}
        <select id="f-status" name="status">
          {ROSTER_STATUS_FILTERS.map((s) => (
            <option value={s} selected={query.status === s}>
              {t(`roster.filter.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label for="f-tier">
        {t('roster.tier')}
        <select id="f-tier" name="tier">
          <option value="">{t('roster.anyTier')}</option>
          {roster.tiers.map((tier) => (
            <option value={tier.code} selected={query.tier === tier.code}>
              {pick(ui, tier.nameZh, tier.nameEn)}
            </option>
          ))}
        </select>
      </label>
      <label for="f-sort">
        {t('roster.sort')}
        <select id="f-sort" name="sort">
          {ROSTER_SORTS.map((s) => (
            <option value={s} selected={query.sort === s}>
              {t(`roster.sort.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="secondary">
        {t('roster.apply')}
      </button>
    </form>
  );
}

/** The part of the page an action or a search replaces: counts, message, table, pages. */
export function RosterSection({ ui, roster, message, rowStates }: { ui: Ui; roster: Roster; message?: Flash | null; rowStates?: Record<number, RowState> }) {
  const { t } = ui;
  const { club, counts, query } = roster;
  const back = rosterQueryString(query);
  const pageHref = (page: number) => {
    const qs = rosterQueryString(query, { page });
    return `/coordinator/clubs/${club.id}${qs ? `?${qs}` : ''}`;
  };
  return (
    <section id="roster" aria-labelledby="roster-title">
      <p class="roster-summary">{t('roster.summary', { active: counts.active, capacity: club.capacity, pending: counts.pending, waitlisted: counts.waitlisted })}</p>
      {message && (
        <p class={`flash flash-${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.message}
        </p>
      )}
      <p>
        <small>{t('roster.count', { count: roster.total })}</small>
      </p>
      {roster.rows.length === 0 ? (
        <p class="empty">{t('roster.empty')}</p>
      ) : (
        <TableScroll labelledBy="roster-title">
          <table class="striped card-table roster-table">
            <thead>
              <tr>
                <th scope="col">{t('roster.col.name')}</th>
                <th scope="col">{t('roster.col.phone')}</th>
                <th scope="col">{t('roster.col.tier')}</th>
                <th scope="col">{t('roster.col.status')}</th>
                <th scope="col">{t('roster.col.joined')}</th>
                <th scope="col">{t('roster.col.events')}</th>
                <th scope="col">{t('roster.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {roster.rows.map((row) => (
                <RosterRowView ui={ui} clubId={club.id} row={row} back={back} state={rowStates?.[row.membershipId]} />
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {roster.pages > 1 && (
        <nav class="pager" aria-label={t('roster.page', { page: query.page, pages: roster.pages })}>
          {query.page > 1 ? <a href={pageHref(query.page - 1)}>{t('roster.prev')}</a> : <span />}
          <span>{t('roster.page', { page: query.page, pages: roster.pages })}</span>
          {query.page < roster.pages ? <a href={pageHref(query.page + 1)}>{t('roster.next')}</a> : <span />}
        </nav>
      )}
    </section>
  );
}

export interface NoticeForm {
  values?: Record<string, string>;
  errors?: Record<string, string>;
}

export function RosterPage(p: { ui: Ui; roster: Roster; rowStates?: Record<number, RowState>; notice?: NoticeForm }) {
  const { ui, roster } = p;
  const { t } = ui;
  const { club, query } = roster;
  const name = pick(ui, club.nameZh, club.nameEn);
  return (
    <Layout ui={ui} title={`${name} · ${t('roster.title')}`}>
      <Breadcrumb ui={ui} trail={[{ href: '/coordinator', label: t('coordinator.title') }]} current={name} />
      <PageTitle title={name} intro={`${t(`city.${club.city}`)} · ${t(`category.${club.category}`)} · ${club.requiresApproval ? t('clubs.approvalNeeded') : t('clubs.openJoin')}`} />
      <h2 id="roster-title">{t('roster.title')}</h2>
      <Filters ui={ui} roster={roster} />
      <RosterSection ui={ui} roster={roster} rowStates={p.rowStates} />
      <div class="home-grid">
        <article>
          <h2 class="h-small">{t('roster.export')}</h2>
          <form method="get" action={`/coordinator/clubs/${club.id}/roster.csv`} data-hx-boost="false">
            <p>{t('roster.exportIntro')}</p>
            <fieldset>
              <legend class="visually-hidden">{t('roster.exportColumns')}</legend>
              {ROSTER_CSV_COLUMNS.map((col) => (
                <label>
                  <input type="checkbox" name="columns" value={col} checked={col === 'name' || col === 'phone' || col === 'tier' || col === 'status' || col === 'joined'} />
                  {t(`roster.col.${col}`)}
                </label>
              ))}
            </fieldset>
            {query.q && <input type="hidden" name="q" value={query.q} />}
            <input type="hidden" name="status" value={query.status} />
            {query.tier && <input type="hidden" name="tier" value={query.tier} />}
            <input type="hidden" name="sort" value={query.sort} />
            <button type="submit" class="secondary">
              {t('roster.export')}
            </button>{' '}
            <button type="submit" class="secondary" formaction={`/coordinator/clubs/${club.id}/roster.xlsx`}>
              {t('export.xlsx')}
            </button>
          </form>
        </article>
        <article id="notice">
          <h2 class="h-small">{t('roster.notice')}</h2>
          <p>{t('roster.noticeIntro')}</p>
          <form method="post" action={`/coordinator/clubs/${club.id}/notices`} novalidate>
            <FormError message={p.notice?.errors?._form} />
            <Field name="title" label={t('roster.noticeTitle')} value={p.notice?.values?.title} error={p.notice?.errors?.title} limit={textLimit(t, TEXT_LIMITS.noticeTitle)} required />
            <TextArea name="body" label={t('roster.noticeBody')} value={p.notice?.values?.body} error={p.notice?.errors?.body} limit={textLimit(t, TEXT_LIMITS.noticeBody)} rows={4} required />
            <button type="submit">{t('roster.noticeSend')}</button>
          </form>
        </article>
      </div>
    </Layout>
  );
}
