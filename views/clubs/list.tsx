import { Layout } from '../layout';
import { PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import type { ClubListItem } from '../../src/clubs/service';

export function ClubListPage({ ui, items }: { ui: Ui; items: ClubListItem[] }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('clubs.title')}>
      <PageTitle title={t('clubs.title')} intro={t('clubs.intro')} />
      {items.length === 0 ? (
        <p class="empty">{t('clubs.empty')}</p>
      ) : (
        <div class="card-grid">
          {items.map(({ club, minTier, eligible }) => (
            <article class="club-card">
              <header>
                <p class="badges">
                  <span class="badge">{t(`city.${club.city}`)}</span>
                  <span class="badge badge-muted">{t(`category.${club.category}`)}</span>
                </p>
                <h2>{pick(ui, club.nameZh, club.nameEn)}</h2>
              </header>
              <p>{pick(ui, club.descriptionZh, club.descriptionEn)}</p>
              <dl class="facts compact">
                <dt>{t('clubs.tierRule')}</dt>
                <dd>{minTier ? t('clubs.minTier', { tier: pick(ui, minTier.nameZh, minTier.nameEn) }) : t('clubs.allTiers')}</dd>
                <dt>{t('clubs.capacity')}</dt>
                <dd>{t('clubs.places', { count: club.capacity })}</dd>
                <dt>{t('clubs.joining')}</dt>
                <dd>{club.requiresApproval ? t('clubs.approvalNeeded') : t('clubs.openJoin')}</dd>
              </dl>
              {eligible !== null && (
                <footer>
                  <span class={eligible ? 'status status-ok' : 'status status-muted'}>{eligible ? t('clubs.eligible') : t('clubs.notEligible')}</span>
                </footer>
              )}
            </article>
          ))}
        </div>
      )}
    </Layout>
  );
}
