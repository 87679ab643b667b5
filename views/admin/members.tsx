import { Layout } from '../layout';
import { Breadcrumb, PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import { ROLES } from '../../db/schema';
import { PEOPLE_STATUSES, type PeoplePage, type PeopleQuery, type PersonRow } from '../../src/admin/members';
import { TableScroll } from '../components/table';

/** The list's query as a query string (defaults left out), to link pages and come back to the same view. */
export function peopleQueryString(q: PeopleQuery, overrides: Partial<PeopleQuery> = {}): string {
  const merged = { ...q, ...overrides };
  const params = new URLSearchParams();
  if (merged.q) params.set('q', merged.q);
  if (merged.role) params.set('role', merged.role);
  if (merged.tier) params.set('tier', merged.tier);
  if (merged.status !== 'all') params.set('status', merged.status);
  if (merged.page > 1) params.set('page', String(merged.page));
  return params.toString();
}

function href(q: PeopleQuery, overrides: Partial<PeopleQuery> = {}): string {
  const qs = peopleQueryString(q, overrides);
  return `/admin/members${qs ? `?${qs}` : ''}`;
}

function Filters({ ui, data }: { ui: Ui; data: PeoplePage }) {
  const { t } = ui;
  const { query } = data;
  return (
    <form
      method="get"
      action="/admin/members"
      role="search"
      class="filters"
      data-hx-get="/admin/members"
      data-hx-trigger="input delay:250ms, change"
      data-hx-target="#people"
      data-hx-select="#people"
      data-hx-swap="outerHTML"
      data-hx-push-url="true"
    >
      <label for="f-q">
        {t('admin.members.search')}
        <input id="f-q" name="q" type="search" value={query.q} maxlength={40} autocomplete="off" aria-describedby="f-q-hint" />
      </label>
      <label for="f-role">
        {t('account.role')}
        <select id="f-role" name="role">
          <option value="">{t('admin.members.anyRole')}</option>
          {ROLES.map((r) => (
            <option value={r} selected={query.role === r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label for="f-tier">
        {t('account.tier')}
        <select id="f-tier" name="tier">
          <option value="">{t('admin.members.anyTier')}</option>
          {data.tiers.map((tier) => (
            <option value={tier.code} selected={query.tier === tier.code}>
              {pick(ui, tier.nameZh, tier.nameEn)}
            </option>
          ))}
        </select>
      </label>
      <label for="f-status">
        {t('admin.members.status')}
        <select id="f-status" name="status">
          {PEOPLE_STATUSES.map((s) => (
            <option value={s} selected={query.status === s}>
              {t(`admin.members.status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="secondary">
        {t('admin.members.apply')}
      </button>
    </form>
  );
}

function Row({ ui, row }: { ui: Ui; row: PersonRow }) {
  const { t } = ui;
  const tier = row.tierNameZh ? pick(ui, row.tierNameZh, row.tierNameEn ?? '') : null;
  return (
    <tr>
      <th scope="row">
        <a href={`/admin/members/${row.id}`}>{row.name}</a>
        <br />
        <small>{row.phone}</small>
      </th>
      <td data-label={t('admin.members.col.roleTier')}>
        {t(`role.${row.role}`)}
        {tier && (
          <>
            <br />
            <small>{tier}</small>
          </>
        )}
      </td>
      <td data-label={t('admin.members.status')}>
        {row.disabledAt === null ? (
          <span class="status-pill status-active">{t('admin.members.status.active')}</span>
        ) : (
          <span class="status-pill">{t('admin.members.disabledSince', { date: ui.fmt.date(row.disabledAt) })}</span>
        )}
      </td>
      <td data-label={t('admin.members.col.enrolled')}>
        <time datetime={ui.fmt.iso(row.createdAt)}>{ui.fmt.date(row.createdAt)}</time>
      </td>
    </tr>
  );
}

/** What a search replaces: the count, the table and the pages. */
export function PeopleSection({ ui, data }: { ui: Ui; data: PeoplePage }) {
  const { t } = ui;
  const { query } = data;
  const pageLabel = data.pages === null ? t('admin.members.pageOnly', { page: query.page }) : t('admin.members.page', { page: query.page, pages: data.pages });
  return (
    <section id="people" aria-label={t('admin.members.results')}>
      <p role="status">
        <small>{data.capped ? t('admin.members.countCapped', { count: data.total }) : t('admin.members.count', { count: data.total })}</small>
      </p>
      {data.rows.length === 0 ? (
        query.page > 1 ? (
          <p class="empty">
            {t('admin.members.pastEnd')} <a href={href(query, { page: 1 })}>{t('admin.members.first')}</a>
          </p>
        ) : (
          <p class="empty">{t('admin.members.empty')}</p>
        )
      ) : (
        <TableScroll label={t('admin.members.title')}>
          <table class="striped card-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.members.col.person')}</th>
                <th scope="col">{t('admin.members.col.roleTier')}</th>
                <th scope="col">{t('admin.members.status')}</th>
                <th scope="col">{t('admin.members.col.enrolled')}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((row) => (
                <Row ui={ui} row={row} />
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {(query.page > 1 || data.hasNext) && (
        <nav class="pager" aria-label={t('admin.members.pages')}>
          {query.page > 1 ? <a href={href(query, { page: query.page - 1 })}>{t('admin.members.prev')}</a> : <span />}
          <span>{pageLabel}</span>
          {data.hasNext ? <a href={href(query, { page: query.page + 1 })}>{t('admin.members.next')}</a> : <span />}
        </nav>
      )}
    </section>
  );
}

export function MembersPage({ ui, data }: { ui: Ui; data: PeoplePage }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('admin.members.title')}>
      <Breadcrumb ui={ui} trail={[{ href: '/admin', label: t('admin.title') }]} current={t('admin.members.title')} />
      <PageTitle title={t('admin.members.title')} intro={t('admin.members.intro')} />
      <p class="button-row">
        <a href="/admin/members/new" role="button">
          {t('admin.enrol.title')}
        </a>
        <a href="/admin/staff/new" role="button" class="secondary">
          {t('admin.members.newStaff')}
        </a>
      </p>
      <Filters ui={ui} data={data} />
      <p>
        <small id="f-q-hint">{t('admin.members.searchHint')}</small>
      </p>
      <PeopleSection ui={ui} data={data} />
    </Layout>
  );
}
