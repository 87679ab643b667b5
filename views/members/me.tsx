import { Layout } from '../layout';
import { PageTitle } from '../components/page';
import { TierBenefits, TierCard } from '../components/tier-card';
import { pick, type Ui } from '../ui';
import type { MemberProfile } from '../../src/members/service';
import type { MyMembership } from '../../src/clubs/service';
import type { MyRegistration } from '../../src/events/registration';
import type { MyLounges as MyLoungesData } from '../../src/lounges/booking';
import type { RatingStates } from '../../src/members/hub';
import { MyClubs, MyEvents, MyLounges, UpcomingSummary } from './hub-parts';

export interface MemberHubData {
  profile: MemberProfile;
  year: number;
  memberships: MyMembership[];
  registrations: MyRegistration[];
  lounges: MyLoungesData;
  ratings: RatingStates;
  /** how many upcoming items "cancel everything" would cancel */
  upcoming: number;
  now: number;
}

export function MemberHubPage(p: { ui: Ui } & MemberHubData) {
  const { ui, profile, year, memberships } = p;
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('me.title')}>
      <PageTitle title={t('me.title')} intro={t('me.intro')} />
      <div class="home-grid">
        <TierCard ui={ui} data={{ memberName: profile.name, cardCode: profile.cardCode, tier: profile.tier }} />
        <article>
          <h2>{t('me.entitlements', { year })}</h2>
          <TierBenefits ui={ui} tier={profile.tier} />
          <p>
            <strong>{t('pass.remaining', { year: p.lounges.year, count: p.lounges.balance.remaining })}</strong> · <a href="/me/statement">{t('lounges.statementLink')}</a>
          </p>
        </article>
      </div>
      <UpcomingSummary ui={ui} upcoming={p.upcoming} />
      <MyEvents ui={ui} registrations={p.registrations} now={p.now} ratings={p.ratings} />
      <MyLounges ui={ui} lounges={p.lounges} now={p.now} ratings={p.ratings} />
      <MyClubs ui={ui} memberships={memberships} />
      <article aria-labelledby="my-feedback">
        <h2 id="my-feedback">{t('me.feedback')}</h2>
        <p>{t('me.feedbackIntro')}</p>
        <p class="button-row">
          <a href="/me/feedback/new" role="button" class="secondary">
            {t('me.feedbackNew')}
          </a>
          <a href="/me/feedback">{t('me.feedbackList')}</a>
        </p>
      </article>
      <article>
        <h2>{t('me.children')}</h2>
        {profile.children.length === 0 ? (
          <p class="empty">{t('me.noChildren')}</p>
        ) : (
          <ul class="plain-list">
            {profile.children.map((child) => (
              <li>
                {child.name} · {t('me.bornIn', { year: child.birthYear })}
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href="/account#children">{t('me.manageChildren')}</a>
        </p>
      </article>
      <article>
        <h2>{t('me.account')}</h2>
        <p>{t('me.accountIntro', { tier: pick(ui, profile.tier.nameZh, profile.tier.nameEn) })}</p>
        <a href="/account" role="button" class="secondary">
          {t('account.title')}
        </a>
      </article>
    </Layout>
  );
}
