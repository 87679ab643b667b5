import { Layout } from '../layout';
import { PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import { CITIES, CLUB_CATEGORIES } from '../../db/schema';
import type { ClubFilters, ClubListItem } from '../../src/clubs/service';
import { MembershipBadge, placesText, tierRuleText } from './parts';

function Filters({ ui, filters }: { ui: Ui; filters: ClubFilters }) {
  const { t } = ui;
  return (
    <form method="get" action="/clubs" class="filters" role="search" data-hx-get="/clubs" data-hx-trigger="change" data-hx-target="#club-list" data-hx-select="#club-list" data-hx-swap="outerHTML" data-hx-push-url="true">
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
      <label for="f-category">
        {t('clubs.filter.category')}
        <select id="f-category" name="category">
          <option value="">{t('clubs.filter.any')}</option>
          {CLUB_CATEGORIES.map((c) => (
            <option value={c} selected={filters.category === c}>
              {t(`category.${c}`)}
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

export function ClubListPage({ ui, items, filters }: { ui: Ui; items: ClubListItem[]; filters: ClubFilters }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('clubs.title')}>
      <PageTitle title={t('clubs.title')} intro={t('clubs.intro')} />
      <Filters ui={ui} filters={filters} />
      <div id="club-list" aria-live="polite">
        {items.length === 0 ? (
          <p class="empty">{t('clubs.empty')}</p>
        ) : (
          <div class="card-grid">
            {items.map(({ club, minTier, eligible, counts, own }) => (
              <article class="club-card">
                <header>
                  <p class="badges">
                    <span class="badge">{t(`city.${club.city}`)}</span>
                    <span class="badge badge-muted">{t(`category.${club.category}`)}</span>
                  </p>
                  <h2>
                    <a href={`/clubs/${club.id}`}>{pick(ui, club.nameZh, club.nameEn)}</a>
                  </h2>
                </header>
                <p>{pick(ui, club.descriptionZh, club.descriptionEn)}</p>
                <dl class="facts compact">
                  <dt>{t('clubs.tierRule')}</dt>
                  <dd>{tierRuleText(ui, minTier)}</dd>
                  <dt>{t('clubs.capacity')}</dt>
                  <dd>{placesText(ui, club.capacity, counts)}</dd>
                  <dt>{t('clubs.joining')}</dt>
                  <dd>{club.requiresApproval ? t('clubs.approvalNeeded') : t('clubs.openJoin')}</dd>
                </dl>
                <footer class="card-footer">
                  {own ? (
                    <MembershipBadge ui={ui} membership={own} />
                  ) : eligible !== null ? (
                    <span class={eligible ? 'status status-ok' : 'status status-muted'}>{eligible ? t('clubs.eligible') : t('clubs.notEligible')}</span>
                  ) : (
                    <span />
                  )}
                  <a href={`/clubs/${club.id}`}>{t('clubs.details')}</a>
                </footer>
              </article>
            ))}
          </div>
        )}
      </div>
    </Layout>
  );
}
