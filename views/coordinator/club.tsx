import { Layout } from '../layout';
import { Breadcrumb, PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import type { ManagedClub } from '../../src/clubs/service';
import { maskPhone } from '../../src/lib/phone';

export function CoordinatorClubPage({ ui, data }: { ui: Ui; data: ManagedClub }) {
  const { t } = ui;
  const { club } = data;
  const name = pick(ui, club.nameZh, club.nameEn);
  return (
    <Layout ui={ui} title={name}>
      <Breadcrumb ui={ui} trail={[{ href: '/coordinator', label: t('coordinator.title') }]} current={name} />
      <PageTitle title={name} intro={`${t(`city.${club.city}`)} · ${t(`category.${club.category}`)}`} />
      <article>
        <p>{pick(ui, club.descriptionZh, club.descriptionEn)}</p>
        <dl class="facts">
          <dt>{t('clubs.capacity')}</dt>
          <dd>{t('clubs.places', { count: club.capacity })}</dd>
          <dt>{t('clubs.joining')}</dt>
          <dd>{club.requiresApproval ? t('clubs.approvalNeeded') : t('clubs.openJoin')}</dd>
          <dt>{t('coordinator.coordinators')}</dt>
          <dd>{data.coordinators.map((c) => `${c.name} (${maskPhone(c.phone)})`).join(t('list.separator')) || '—'}</dd>
        </dl>
      </article>
      <section aria-labelledby="club-events">
        <h2 id="club-events">{t('coordinator.upcomingEvents')}</h2>
        {data.upcomingEvents.length === 0 ? (
          <p class="empty">{t('events.empty')}</p>
        ) : (
          <ul class="plain-list">
            {data.upcomingEvents.map((e) => (
              <li>
                <time datetime={ui.fmt.iso(e.startsAt)}>{ui.fmt.range(e.startsAt, e.endsAt)}</time> · {pick(ui, e.titleZh, e.titleEn)} ·{' '}
                {t('events.seats', { count: e.capacity })}
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}
