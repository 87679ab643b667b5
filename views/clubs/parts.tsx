import { pick, type Ui } from '../ui';
import type { OwnMembership } from '../../src/clubs/service';
import type { ClubCounts } from '../../src/clubs/waitlist';
import { placesLeft } from '../../src/clubs/policy';

/** The member's own standing in a club, in words. */
export function membershipText(ui: Ui, m: OwnMembership | null): string {
  const { t } = ui;
  if (!m) return t('membership.none');
  switch (m.status) {
    case 'active':
      return t('membership.active', { date: ui.fmt.date(m.activeSince ?? m.statusChangedAt) });
    case 'pending':
      return t('membership.pending');
    case 'waitlisted':
      return t('membership.waitlisted', { count: m.position ?? 0 });
    case 'left':
      return t('membership.left');
    case 'removed':
      return t('membership.removed', { reason: m.reason ?? '' });
    case 'declined':
      return m.reason ? t('membership.declinedReason', { reason: m.reason }) : t('membership.declined');
    case 'closed':
      return t('membership.closed', { reason: m.reason ?? '' });
  }
}

export function MembershipBadge({ ui, membership }: { ui: Ui; membership: OwnMembership | null }) {
  if (!membership) return null;
  const tone = membership.status === 'active' ? 'status-ok' : membership.status === 'pending' || membership.status === 'waitlisted' ? 'status-info' : 'status-muted';
  return <span class={`status ${tone}`}>{membershipText(ui, membership)}</span>;
}

/** "5 places left", or that the club is full and how many wait. */
export function placesText(ui: Ui, capacity: number, counts: ClubCounts): string {
  const left = placesLeft(capacity, counts.active);
  if (left > 0 && counts.waitlisted === 0) return ui.t('clubs.placesLeft', { count: left });
  return counts.waitlisted > 0 ? ui.t('clubs.fullWaiting', { count: counts.waitlisted }) : ui.t('clubs.full');
}

export function tierRuleText(ui: Ui, minTier: { nameZh: string; nameEn: string } | null): string {
  return minTier ? ui.t('clubs.minTier', { tier: pick(ui, minTier.nameZh, minTier.nameEn) }) : ui.t('clubs.allTiers');
}

/** The one-step leave button; its label says what is being given up. */
export function LeaveForm({ ui, clubId, status, back, hx }: { ui: Ui; clubId: number; status: 'active' | 'pending' | 'waitlisted'; back?: string; hx?: Record<string, string> }) {
  const label = status === 'active' ? 'clubs.leave' : status === 'pending' ? 'clubs.withdraw' : 'clubs.leaveWaitlist';
  return (
    <form method="post" action={`/clubs/${clubId}/leave`} class="inline-form" {...(hx ? { 'data-hx-post': `/clubs/${clubId}/leave`, ...hx } : {})}>
      {back && <input type="hidden" name="back" value={back} />}
      <button type="submit" class="secondary outline">
        {ui.t(label)}
      </button>
    </form>
  );
}
