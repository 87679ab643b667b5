import { Layout } from '../layout';
import { PageTitle } from '../components/page';
import { CoordinatorTabs } from './tabs';
import { pick, type Ui } from '../ui';
import type { ClubRow } from '../../src/clubs/service';
import type { ClubCounts } from '../../src/clubs/waitlist';
import { TableScroll } from '../components/table';

export function CoordinatorHomePage({ ui, clubs }: { ui: Ui; clubs: Array<{ club: ClubRow; counts: ClubCounts }> }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('coordinator.title')}>
      <CoordinatorTabs ui={ui} current="clubs" />
      <PageTitle title={t('coordinator.title')} intro={t('coordinator.intro')} />
      {clubs.length === 0 ? (
        <p class="empty">{t('coordinator.noClubs')}</p>
      ) : (
        <TableScroll label={t('coordinator.title')}>
          <table class="striped card-table">
            <thead>
              <tr>
                <th scope="col">{t('coordinator.club')}</th>
                <th scope="col">{t('coordinator.city')}</th>
                <th scope="col" class="num">
                  {t('coordinator.active')}
                </th>
                <th scope="col" class="num">
                  {t('coordinator.pending')}
                </th>
                <th scope="col" class="num">
                  {t('coordinator.waitlisted')}
                </th>
              </tr>
            </thead>
            <tbody>
              {clubs.map(({ club, counts }) => (
                <tr>
                  <th scope="row">
                    <a href={`/coordinator/clubs/${club.id}`}>{pick(ui, club.nameZh, club.nameEn)}</a>
                  </th>
                  <td data-label={t('coordinator.city')}>{t(`city.${club.city}`)}</td>
                  <td class="num" data-label={t('coordinator.active')}>
                    {counts.active} / {club.capacity}
                  </td>
                  <td class="num" data-label={t('coordinator.pending')}>{counts.pending > 0 ? <a href={`/coordinator/clubs/${club.id}?status=pending`}>{counts.pending}</a> : 0}</td>
                  <td class="num" data-label={t('coordinator.waitlisted')}>{counts.waitlisted}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Layout>
  );
}
