import { Layout } from '../layout';
import { PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import { CITIES } from '../../db/schema';
import type { EventFilters, EventListPage as EventList } from '../../src/events/service';
import { seatsText, WindowNote } from './parts';

export interface EventFilterOptions {
  clubs: Array<{ id: number; nameZh: string; nameEn: string }>;
  months: string[];
}

function Filters({ ui, filters, options }: { ui: Ui; filters: EventFilters; options: EventFilterOptions }) {
  const { t } = ui;
  return (
    <form method="get" action="/events" class="filters" role="search" data-hx-get="/events" data-hx-trigger="change" data-hx-target="#event-list" data-hx-select="#event-list" data-hx-swap="outerHTML" data-hx-push-url="true">
      <label for="f-city">
        {t('clubs.filter.city')}
        <select id="f-city" name="city">
          <option value="">{t('clubs.filter.any')}</option>
          {CITIES.map((c) => (
            <option value={c} selected={filters.city === c}>
              {t(`city.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label for="f-club">
        {t('events.filter.club')}
        <select id="f-club" name="club">
          <option value="">{t('clubs.filter.any')}</option>
          {options.clubs.map((c) => (
            <option value={String(c.id)} selected={filters.clubId === c.id}>
              {pick(ui, c.nameZh, c.nameEn)}
            </option>
          ))}
        </select>
      </label>
      <label for="f-month">
        {t('events.filter.month')}
        <select id="f-month" name="month">
          <option value="">{t('events.filter.anyMonth')}</option>
          {options.months.map((m) => (
            <option value={m} selected={filters.month === m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="secondary">
        {t('clubs.filter.apply')}
      </button>
    </form>
  );
}

/** The list's address for another page, keeping the filters. */
function pageHref(filters: EventFilters, page: number): string {
  const q = new URLSearchParams();
  if (filters.city) q.set('city', filters.city);
  if (filters.clubId) q.set('club', String(filters.clubId));
  if (filters.month) q.set('month', filters.month);
  if (page > 1) q.set('page', String(page));
  const s = q.toString();
  return s ? `/events?${s}` : '/events';
}

export function EventListPage({ ui, list, filters, options }: { ui: Ui; list: EventList; filters: EventFilters; options: EventFilterOptions }) {
  const { t } = ui;
  const { items, page, hasMore } = list;
  return (
    <Layout ui={ui} title={t('events.title')}>
      <PageTitle title={t('events.title')} intro={t('events.intro')} />
      <Filters ui={ui} filters={filters} options={options} />
      <div id="event-list" aria-live="polite">
        {items.length === 0 ? (
          <p class="empty">{t('events.empty')}</p>
        ) : (
          <ol class="event-list">
            {items.map((item) => {
              const e = item.event;
              return (
                <li>
                  <article class="event-card">
                    <p class="event-when">
                      <time datetime={ui.fmt.iso(e.startsAt)}>{ui.fmt.range(e.startsAt, e.endsAt)}</time>
                    </p>
                    <h2>
                      <a href={`/events/${e.id}`}>{pick(ui, e.titleZh, e.titleEn)}</a>
                    </h2>
                    <p class="badges">
                      <span class="badge">{t(`city.${e.city}`)}</span>
                      <span class="badge badge-muted">{item.club ? pick(ui, item.club.nameZh, item.club.nameEn) : t('events.programmeWide')}</span>
                      {item.minTier && <span class="badge badge-tier">{t('clubs.minTier', { tier: pick(ui, item.minTier.nameZh, item.minTier.nameEn) })}</span>}
                    </p>
                    <dl class="facts compact">
                      <dt>{t('events.venue')}</dt>
                      <dd>{pick(ui, e.venueZh, e.venueEn)}</dd>
                      <dt>{t('events.capacity')}</dt>
                      <dd>{seatsText(ui, e.capacity, item.counts)}</dd>
                    </dl>
                    <footer class="card-footer">
                      <WindowNote ui={ui} item={item} />
                      <a href={`/events/${e.id}`}>{t('events.details')}</a>
                    </footer>
                  </article>
                </li>
              );
            })}
          </ol>
        )}
        {(page > 1 || hasMore) && (
          <nav class="pager" aria-label={t('events.pager', { page })}>
            {page > 1 ? <a href={pageHref(filters, page - 1)} rel="prev">{t('events.pager.prev')}</a> : <span />}
            <span>{t('events.pager.page', { page })}</span>
            {hasMore ? <a href={pageHref(filters, page + 1)} rel="next">{t('events.pager.next')}</a> : <span />}
          </nav>
        )}
      </div>
    </Layout>
  );
}
