import { pick, type Ui } from '../ui';
import type { EventListItem, OwnRegistration } from '../../src/events/service';
import type { SeatCounts } from '../../src/events/seats';

/** "5 seats left", or that the event is full and how many parties wait. */
export function seatsText(ui: Ui, capacity: number, counts: SeatCounts): string {
  const left = Math.max(0, capacity - counts.confirmedSeats);
  if (left > 0) return ui.t('events.seatsLeft', { count: left });
  return counts.waitlisted > 0 ? ui.t('events.fullWaiting', { count: counts.waitlisted }) : ui.t('events.full');
}

export function registrationText(ui: Ui, r: OwnRegistration): string {
  if (r.status === 'waitlisted') return ui.t('reg.waitlisted', { count: r.position ?? 0 });
  if (r.status === 'cancelled') return ui.t('reg.cancelled');
  if (r.checkedInSeats > 0) return `${ui.t('reg.confirmed', { count: r.seats })} · ${ui.t('reg.checkedIn')}`;
  if (r.noShowAt !== null) return `${ui.t('reg.confirmed', { count: r.seats })} · ${ui.t('reg.noShow')}`;
  return ui.t('reg.confirmed', { count: r.seats });
}

export function RegistrationBadge({ ui, registration }: { ui: Ui; registration: OwnRegistration | null }) {
  if (!registration) return null;
  const tone = registration.status === 'confirmed' ? 'status-ok' : registration.status === 'waitlisted' ? 'status-info' : 'status-muted';
  return <span class={`status ${tone}`}>{registrationText(ui, registration)}</span>;
}

/** One step, no reason: cancels a registration or leaves the waitlist. */
export function CancelRegistrationForm({ ui, eventId, status, back, hx }: { ui: Ui; eventId: number; status: 'confirmed' | 'waitlisted'; back?: string; hx?: Record<string, string> }) {
  return (
    <form method="post" action={`/events/${eventId}/cancel`} class="inline-form" {...(hx ? { 'data-hx-post': `/events/${eventId}/cancel`, ...hx } : {})}>
      {back && <input type="hidden" name="back" value={back} />}
      <button type="submit" class="secondary outline">
        {ui.t(status === 'confirmed' ? 'events.cancel' : 'events.leaveWaitlist')}
      </button>
    </form>
  );
}

/** When registration opens for this member, or whether it is open or closed. */
export function WindowNote({ ui, item }: { ui: Ui; item: EventListItem }) {
  const { t } = ui;
  if (item.own && item.own.status !== 'cancelled') return <RegistrationBadge ui={ui} registration={item.own} />;
  if (item.eligible === false && item.minTier) return <span class="status status-muted">{t('events.tierRequired', { tier: pick(ui, item.minTier.nameZh, item.minTier.nameEn) })}</span>;
  if (item.eligible === false && item.event.requiresClubMembership) return <span class="status status-muted">{t('events.clubOnly')}</span>;
  if (item.window === 'not_yet_open' && item.opensForMemberAt !== null) return <span class="status status-info">{t('events.opensForYou', { time: ui.fmt.dateTime(item.opensForMemberAt) })}</span>;
  if (item.window === 'open') return <span class="status status-ok">{t('events.openNow')}</span>;
  if (item.window === 'closed') return <span class="status status-muted">{t('events.closed')}</span>;
  return null;
}
