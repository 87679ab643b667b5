import { Layout } from '../layout';
import { PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import type { AdminOverview } from '../../src/admin/service';

export function AdminOverviewPage({ ui, data }: { ui: Ui; data: AdminOverview }) {
  const { t } = ui;
  const totalMembers = data.membersByTier.reduce((sum, r) => sum + r.members, 0);
  return (
    <Layout ui={ui} title={t('admin.title')}>
      <PageTitle title={t('admin.title')} intro={t('admin.intro')} />
      <p class="button-row">
        <a href="/admin/members/new" role="button">
          {t('admin.enrol.title')}
        </a>
        <a href="/admin/clubs" role="button" class="secondary">
          {t('admin.clubs.title')}
        </a>
        <a href="/admin/lounges" role="button" class="secondary">
          {t('admin.lounges.title')}
        </a>
        <a href="/admin/entitlements" role="button" class="secondary">
          {t('admin.entitlements.title')}
        </a>
        <a href="/admin/feedback" role="button" class="secondary">
          {t('admin.feedback.title')}
        </a>
        <a href="/admin/satisfaction" role="button" class="secondary">
          {t('admin.satisfaction.title')}
        </a>
        <a href="/admin/outbox" role="button" class="secondary">
          {t('admin.outbox.link')}
        </a>
      </p>
      <div class="stat-grid">
        <article class="stat">
          <p class="stat-value">{totalMembers}</p>
          <p class="stat-label">{t('admin.stat.members')}</p>
        </article>
        <article class="stat">
          <p class="stat-value">{data.clubs}</p>
          <p class="stat-label">{t('admin.stat.clubs')}</p>
        </article>
        <article class="stat">
          <p class="stat-value">{data.upcomingEvents}</p>
          <p class="stat-label">{t('admin.stat.events')}</p>
        </article>
        <article class="stat">
          <p class="stat-value">{data.lounges}</p>
          <p class="stat-label">{t('admin.stat.lounges')}</p>
        </article>
      </div>
      <div class="home-grid">
        <article>
          <h2>{t('admin.membersByTier')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('account.tier')}</th>
                <th scope="col" class="num">
                  {t('admin.stat.members')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.membersByTier.map((r) => (
                <tr>
                  <th scope="row">{pick(ui, r.nameZh, r.nameEn)}</th>
                  <td class="num">{r.members}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </article>
        <article>
          <h2>{t('admin.staff')}</h2>
          <dl class="facts">
            <dt>{t('role.coordinator')}</dt>
            <dd>{data.staff.coordinators}</dd>
            <dt>{t('role.lounge_staff')}</dt>
            <dd>{data.staff.loungeStaff}</dd>
            <dt>{t('role.admin')}</dt>
            <dd>{data.staff.admins}</dd>
            <dt>{t('admin.disabled')}</dt>
            <dd>{data.disabledAccounts}</dd>
          </dl>
        </article>
      </div>
    </Layout>
  );
}
