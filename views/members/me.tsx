import { Layout } from '../layout';
import { PageTitle } from '../components/page';
import { TierBenefits, TierCard } from '../components/tier-card';
import { pick, type Ui } from '../ui';
import type { MemberProfile } from '../../src/members/service';

export function MemberHubPage({ ui, profile, year }: { ui: Ui; profile: MemberProfile; year: number }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('me.title')}>
      <PageTitle title={t('me.title')} intro={t('me.intro')} />
      <div class="home-grid">
        <TierCard ui={ui} data={{ memberName: profile.name, cardCode: profile.cardCode, tier: profile.tier }} />
        <article>
          <h2>{t('me.entitlements', { year })}</h2>
          <TierBenefits ui={ui} tier={profile.tier} />
        </article>
      </div>
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
