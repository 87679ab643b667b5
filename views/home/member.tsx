import { Layout } from '../layout';
import { TierBenefits, TierCard } from '../components/tier-card';
import { pick, type Ui } from '../ui';
import type { MemberProfile } from '../../src/members/service';
import type { EventListItem } from '../../src/events/service';

export function MemberHomePage({ ui, profile, upcoming }: { ui: Ui; profile: MemberProfile; upcoming: EventListItem[] }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('home.title')}>
      <h1>{t('home.greeting', { name: profile.name })}</h1>
      <div class="home-grid">
        <div>
          <TierCard ui={ui} data={{ memberName: profile.name, cardCode: profile.cardCode, tier: profile.tier }} />
          <p class="card-hint">
            <small>{t('card.hint')}</small>
          </p>
        </div>
        <article>
          <h2>{t('benefits.title', { tier: pick(ui, profile.tier.nameZh, profile.tier.nameEn) })}</h2>
          <TierBenefits ui={ui} tier={profile.tier} />
        </article>
      </div>
      <section aria-labelledby="quick-title">
        <h2 id="quick-title">{t('home.quickTitle')}</h2>
        <nav class="quick-links" aria-labelledby="quick-title">
          <a href="/clubs">{t('nav.clubs')}</a>
          <a href="/events">{t('nav.events')}</a>
          <a href="/lounges">{t('nav.lounges')}</a>
          <a href="/me">{t('nav.me')}</a>
        </nav>
      </section>
      <section aria-labelledby="upcoming-title">
        <h2 id="upcoming-title">{t('home.upcomingTitle')}</h2>
        {upcoming.length === 0 ? (
          <p class="empty">{t('events.empty')}</p>
        ) : (
          <ul class="plain-list">
            {upcoming.map((item) => (
              <li>
                <time datetime={ui.fmt.iso(item.event.startsAt)}>{ui.fmt.dateTime(item.event.startsAt)}</time> ·{' '}
                <a href={`/events/${item.event.id}`}>{pick(ui, item.event.titleZh, item.event.titleEn)}</a>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}
