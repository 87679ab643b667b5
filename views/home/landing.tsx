import { Layout } from '../layout';
import { pick, type Ui } from '../ui';
import type { MessageKey } from '../../src/lib/i18n';
import { minutesToClock } from '../../src/lib/time';
import type { FrontPage, FrontTier } from '../../src/home/front';

const promises: Array<{ title: MessageKey; body: MessageKey }> = [
  { title: 'landing.promise.oneplace.title', body: 'landing.promise.oneplace.body' },
  { title: 'landing.promise.confirm.title', body: 'landing.promise.confirm.body' },
  { title: 'landing.promise.cancel.title', body: 'landing.promise.cancel.body' },
  { title: 'landing.promise.bill.title', body: 'landing.promise.bill.body' },
];

/** Where a "sign in to …" link goes: the sign-in page, which returns to the page the visitor wanted. */
const signInTo = (path: string) => `/login?next=${encodeURIComponent(path)}`;

/** "Sign in to join", with the thing's name for screen readers (many such links on one page). */
function SignInLink({ ui, label, name, path }: { ui: Ui; label: MessageKey; name: string; path: string }) {
  return (
    <a href={signInTo(path)}>
      {ui.t(label)}
      {/* the thing's name, after the punctuation of the page's language */}
      <span class="visually-hidden">
        {ui.locale === 'zh' ? '：' : ': '}
        {name}
      </span>
    </a>
  );
}

function tierName(ui: Ui, tiers: FrontTier[], code: string | null): string | null {
  const tier = code ? tiers.find((t) => t.code === code) : undefined;
  return tier ? pick(ui, tier.nameZh, tier.nameEn) : null;
}

/** The public front page: what the programme offers, read-only, for visitors who have not signed in. */
export function LandingPage({ ui, data }: { ui: Ui; data: FrontPage }) {
  const { t } = ui;
  const minTier = (code: string | null) => {
    const name = tierName(ui, data.tiers, code);
    return name ? t('clubs.minTier', { tier: name }) : t('clubs.allTiers');
  };
  return (
    <Layout ui={ui} title={t('landing.title')}>
      <section class="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">{t('landing.heading')}</h1>
        <p class="lead">{t('landing.lead')}</p>
        <p>
          <a href="/login" role="button">
            {t('nav.signIn')}
          </a>
        </p>
      </section>

      <section class="front-section" aria-labelledby="front-tiers">
        <h2 id="front-tiers">{t('front.tiersTitle')}</h2>
        <p>{t('front.tiersIntro')}</p>
        <div class="front-tiers">
          {data.tiers.map((tier) => (
            <article class={`front-tier front-tier-${tier.code}`}>
              <h3>{pick(ui, tier.nameZh, tier.nameEn)}</h3>
              <ul>
                <li>{t('benefits.loungeVisits', { count: tier.loungeVisitsPerYear })}</li>
                <li>{tier.companionsPerVisit > 0 ? t('benefits.companions', { count: tier.companionsPerVisit }) : t('benefits.noCompanions')}</li>
                <li>{tier.earlyAccessHours > 0 ? t('benefits.earlyAccess', { count: tier.earlyAccessHours }) : t('benefits.noEarlyAccess')}</li>
              </ul>
            </article>
          ))}
        </div>
      </section>

      <section class="front-section" aria-labelledby="front-events">
        <h2 id="front-events">{t('front.eventsTitle')}</h2>
        <p>{t('front.eventsIntro')}</p>
        {data.events.length === 0 ? (
          <p class="empty">{t('front.noEvents')}</p>
        ) : (
          <ul class="front-list">
            {data.events.map((e) => {
              const title = pick(ui, e.titleZh, e.titleEn);
              const club = e.clubNameZh !== null && e.clubNameEn !== null ? pick(ui, e.clubNameZh, e.clubNameEn) : t('events.programmeWide');
              return (
                <li>
                  <h3>{title}</h3>
                  <p>
                    <time datetime={ui.fmt.iso(e.startsAt)}>{ui.fmt.dateTime(e.startsAt)}</time>
                    <br />
                    {club} · {t(`city.${e.city}` as MessageKey)}
                    {e.minTier && <> · {minTier(e.minTier)}</>}
                  </p>
                  <SignInLink ui={ui} label="front.signInToRegister" name={title} path={`/events/${e.id}`} />
                </li>
              );
            })}
          </ul>
        )}
        <p>
          <a href={signInTo('/events')}>{t('front.allEvents')}</a>
        </p>
      </section>

      <section class="front-section" aria-labelledby="front-clubs">
        <h2 id="front-clubs">{t('front.clubsTitle')}</h2>
        <div class="card-grid">
          {data.clubs.map((club) => {
            const name = pick(ui, club.nameZh, club.nameEn);
            return (
              <article>
                <h3>{name}</h3>
                <p>
                  <small>
                    {t(`city.${club.city}` as MessageKey)} · {minTier(club.minTier)}
                  </small>
                </p>
                <p>{pick(ui, club.descriptionZh, club.descriptionEn)}</p>
                <footer>
                  <SignInLink ui={ui} label="front.signInToJoin" name={name} path={`/clubs/${club.id}`} />
                </footer>
              </article>
            );
          })}
        </div>
      </section>

      <section class="front-section" aria-labelledby="front-lounges">
        <h2 id="front-lounges">{t('front.loungesTitle')}</h2>
        <ul class="front-list">
          {data.lounges.map((lounge) => {
            const name = pick(ui, lounge.nameZh, lounge.nameEn);
            return (
              <li>
                <h3>{name}</h3>
                <p>
                  {t('front.airport', { airport: lounge.airportCode, terminal: lounge.terminal })}
                  <br />
                  {t('front.hours', { from: minutesToClock(lounge.opensAt), to: minutesToClock(lounge.closesAt, { closing: true }) })}
                </p>
                <SignInLink ui={ui} label="front.signInToBook" name={name} path={`/lounges/${lounge.id}`} />
              </li>
            );
          })}
        </ul>
      </section>

      <section class="front-section" aria-labelledby="promises-title">
        <h2 id="promises-title">{t('landing.promisesTitle')}</h2>
        <div class="card-grid">
          {promises.map((p) => (
            <article>
              <h3>{t(p.title)}</h3>
              <p>{t(p.body)}</p>
            </article>
          ))}
        </div>
      </section>
    </Layout>
  );
}
