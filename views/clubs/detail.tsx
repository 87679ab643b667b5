import { Layout } from '../layout';
import { Breadcrumb, PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import type { ClubPage } from '../../src/clubs/service';
import { LeaveForm, MembershipBadge, placesText, tierRuleText } from './parts';
import { refusalText } from './join';

/** What leaving gives up: a member's place (to the waitlist, if anyone waits), a request nothing, a waitlist position itself. */
function leaveHint(ui: Ui, status: 'active' | 'pending' | 'waitlisted', position: number | null, waiting: number): string {
  if (status === 'pending') return ui.t('clubs.withdrawHint');
  if (status === 'waitlisted') return ui.t('clubs.leaveWaitlistHint', { count: position ?? 0 });
  return ui.t(waiting > 0 ? 'clubs.leaveHint' : 'clubs.leaveHintOpen');
}

function Actions({ ui, page }: { ui: Ui; page: ClubPage }) {
  const { t } = ui;
  const own = page.own;
  if (own && (own.status === 'active' || own.status === 'pending' || own.status === 'waitlisted')) {
    return (
      <div class="club-actions">
        <LeaveForm ui={ui} clubId={page.club.id} status={own.status} />
        <p>
          <small>{leaveHint(ui, own.status, own.position, page.counts.waitlisted)}</small>
        </p>
      </div>
    );
  }
  if (page.eligible === null) return null; // staff see the page without member actions
  if (page.refusal) return <p class="callout">{refusalText(ui, page.refusal, page.minTier, page.ownTier)}</p>;
  return (
    <p>
      <a href={`/clubs/${page.club.id}/join`} role="button">
        {page.club.requiresApproval ? t('clubs.requestJoin') : page.counts.active >= page.club.capacity || page.counts.waitlisted > 0 ? t('clubs.joinWaitlist') : t('clubs.join')}
      </a>
    </p>
  );
}

export function ClubPageView({ ui, page }: { ui: Ui; page: ClubPage }) {
  const { t } = ui;
  const { club } = page;
  const name = pick(ui, club.nameZh, club.nameEn);
  const terms = pick(ui, club.termsZh ?? '', club.termsEn ?? '');
  return (
    <Layout ui={ui} title={name}>
      <Breadcrumb ui={ui} trail={[{ href: '/clubs', label: t('clubs.title') }]} current={name} />
      <PageTitle title={name} intro={`${t(`city.${club.city}`)} · ${t(`category.${club.category}`)}`} />
      <div class="home-grid">
        <article>
          <p class="prose">{pick(ui, club.descriptionZh, club.descriptionEn)}</p>
          {terms && (
            <>
              <h2 class="h-small">{t('clubs.terms')}</h2>
              <p class="prose">{terms}</p>
            </>
          )}
          <dl class="facts">
            <dt>{t('clubs.tierRule')}</dt>
            <dd>{tierRuleText(ui, page.minTier)}</dd>
            <dt>{t('clubs.capacity')}</dt>
            <dd>
              {t('clubs.memberCount', { active: page.counts.active, capacity: club.capacity })} · {placesText(ui, club.capacity, page.counts)}
            </dd>
            <dt>{t('clubs.joining')}</dt>
            <dd>{club.requiresApproval ? t('clubs.approvalNeeded') : t('clubs.openJoin')}</dd>
            <dt>{t('clubs.contact')}</dt>
            <dd>
              {page.coordinators.length === 0
                ? t('clubs.noContact')
                : page.coordinators.map((c, i) => (
                    <>
                      {i > 0 && t('list.separator')}
                      {c.name} <a href={`tel:${c.phone}`}>{c.phone}</a>
                    </>
                  ))}
            </dd>
          </dl>
        </article>
        <article aria-labelledby="status-title">
          <h2 id="status-title">{t('clubs.yourStatus')}</h2>
          <p>{page.own ? <MembershipBadge ui={ui} membership={page.own} /> : t('membership.none')}</p>
          <Actions ui={ui} page={page} />
        </article>
      </div>
      <section aria-labelledby="club-events">
        <h2 id="club-events">{t('clubs.upcoming')}</h2>
        {page.upcomingEvents.length === 0 ? (
          <p class="empty">{t('events.empty')}</p>
        ) : (
          <ul class="plain-list">
            {page.upcomingEvents.map((e) => (
              <li>
                <time datetime={ui.fmt.iso(e.startsAt)}>{ui.fmt.range(e.startsAt, e.endsAt)}</time> · {pick(ui, e.titleZh, e.titleEn)} ·{' '}
                {pick(ui, e.venueZh, e.venueEn)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}
