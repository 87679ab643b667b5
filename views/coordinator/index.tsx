import { Layout } from '../layout';
import { PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import type { ClubRow } from '../../src/clubs/service';

export function CoordinatorHomePage({ ui, clubs }: { ui: Ui; clubs: ClubRow[] }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('coordinator.title')}>
      <PageTitle title={t('coordinator.title')} intro={t('coordinator.intro')} />
      {clubs.length === 0 ? (
        <p class="empty">{t('coordinator.noClubs')}</p>
      ) : (
        <table class="striped">
          <thead>
            <tr>
              <th scope="col">{t('coordinator.club')}</th>
              <th scope="col">{t('coordinator.city')}</th>
              <th scope="col">{t('clubs.capacity')}</th>
              <th scope="col">{t('clubs.joining')}</th>
            </tr>
          </thead>
          <tbody>
            {clubs.map((club) => (
              <tr>
                <th scope="row">
                  <a href={`/coordinator/clubs/${club.id}`}>{pick(ui, club.nameZh, club.nameEn)}</a>
                </th>
                <td>{t(`city.${club.city}`)}</td>
                <td>{club.capacity}</td>
                <td>{club.requiresApproval ? t('clubs.approvalNeeded') : t('clubs.openJoin')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
