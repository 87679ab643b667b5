import { Layout } from '../layout';
import { Breadcrumb, PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import type { JoinPreview } from '../../src/clubs/service';
import type { JoinRefusal } from '../../src/clubs/policy';
import { placesLeft } from '../../src/clubs/policy';
import type { TierRank } from '../../src/members/policy';
import { tierRuleText } from './parts';

export function refusalText(ui: Ui, refusal: JoinRefusal, minTier: TierRank | null, ownTier: TierRank | null): string {
  const tier = ownTier ? pick(ui, ownTier.nameZh, ownTier.nameEn) : '—';
  return ui.t(`join.refused.${refusal}`, { rule: tierRuleText(ui, minTier), tier });
}

/** The second confirmation: exactly what joining means, and one more click. */
export function JoinConfirmPage({ ui, preview }: { ui: Ui; preview: JoinPreview }) {
  const { t } = ui;
  const { club, outcome } = preview;
  const name = pick(ui, club.nameZh, club.nameEn);
  const terms = pick(ui, club.termsZh ?? '', club.termsEn ?? '');
  const confirmLabel = outcome.kind === 'pending' ? t('join.confirmRequest') : outcome.kind === 'waitlisted' ? t('join.confirmWaitlist') : t('join.confirm');
  return (
    <Layout ui={ui} title={t('join.title')} narrow>
      <Breadcrumb ui={ui} trail={[{ href: '/clubs', label: t('clubs.title') }, { href: `/clubs/${club.id}`, label: name }]} current={t('join.title')} />
      <PageTitle title={t('join.titleFor', { club: name })} intro={t('join.intro')} />
      <article class="confirm-card">
        <ul class="confirm-list">
          <li>{t('join.tierRule', { rule: tierRuleText(ui, preview.minTier), tier: preview.ownTier ? pick(ui, preview.ownTier.nameZh, preview.ownTier.nameEn) : '—' })}</li>
          {outcome.kind === 'pending' && <li>{preview.previouslyRemoved && !club.requiresApproval ? t('join.approvalAfterRemoval') : t('join.approval')}</li>}
          {outcome.kind === 'active' && <li>{t('join.willBeActive', { count: placesLeft(club.capacity, preview.counts.active) })}</li>}
          {outcome.kind === 'waitlisted' && <li>{t('join.willWait', { capacity: club.capacity, count: outcome.position })}</li>}
          {terms && (
            <li>{t('join.termsLine', { terms })}</li>
          )}
          <li>{t('join.leaveAnytime')}</li>
        </ul>
        <form method="post" action={`/clubs/${club.id}/join`} class="button-row">
          <button type="submit">{confirmLabel}</button>
          <a href={`/clubs/${club.id}`} role="button" class="secondary outline">
            {t('join.cancel')}
          </a>
        </form>
      </article>
    </Layout>
  );
}

export function JoinRefusedPage({ ui, clubId, clubName, message }: { ui: Ui; clubId: number; clubName: string; message: string }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('join.title')} narrow>
      <Breadcrumb ui={ui} trail={[{ href: '/clubs', label: t('clubs.title') }, { href: `/clubs/${clubId}`, label: clubName }]} current={t('join.title')} />
      <h1>{clubName}</h1>
      <p class="form-error" role="alert">
        {message}
      </p>
      <p>
        <a href={`/clubs/${clubId}`} role="button" class="secondary">
          {t('join.cancel')}
        </a>
      </p>
    </Layout>
  );
}
