import { pick, type Ui } from '../ui';
import type { MyMembership } from '../../src/clubs/service';
import { LeaveForm, MembershipBadge } from '../clubs/parts';
import type { MyRegistration } from '../../src/events/registration';
import { CancelRegistrationForm, registrationText } from '../events/parts';
import type { MyLounges as MyLoungesData } from '../../src/lounges/booking';
import type { RatingStates } from '../../src/members/hub';

/**
 * htmx attributes for the hub's one-step actions: the form posts as usual (and is redirected back to /me);
 * htmx swaps the new main content in place — the flash message included — and refreshes the inbox count.
 */
export const IN_PLACE = { 'data-hx-target': '#main', 'data-hx-select': '#main', 'data-hx-swap': 'outerHTML', 'data-hx-select-oob': '#inbox-link' } as const;

/** The stars given, a "rate" link while rating is open, or nothing. */
function RatingLink({ ui, state, href }: { ui: Ui; state: number | 'open' | undefined; href: string }) {
  if (state === undefined) return null;
  if (state === 'open') return <a href={href}>{ui.t('me.rate')}</a>;
  return (
    <span class="rating-given" role="img" aria-label={ui.t('me.ratedLabel', { count: state })}>
      {'★'.repeat(state)}
      {'☆'.repeat(5 - state)}
    </span>
  );
}

/** " · ★★★★☆" or " · 评价" after a history line, when there is something to show. */
function RatingPart({ ui, state, href }: { ui: Ui; state: number | 'open' | undefined; href: string }) {
  if (state === undefined) return null;
  return (
    <>
      {' · '}
      <RatingLink ui={ui} state={state} href={href} />
    </>
  );
}

export function MyEvents({ ui, registrations, now, ratings }: { ui: Ui; registrations: MyRegistration[]; now: number; ratings: RatingStates }) {
  const { t } = ui;
  const live = registrations.filter((r) => r.event.endsAt >= now && r.registration.status !== 'cancelled' && r.event.status === 'scheduled').reverse();
  const past = registrations.filter((r) => r.event.endsAt < now && r.registration.status === 'confirmed');
  const own = (r: MyRegistration) => ({ ...r.registration, position: r.position });
  return (
    <article aria-labelledby="my-events">
      <h2 id="my-events">{t('me.events')}</h2>
      {live.length === 0 ? (
        <p class="empty">
          {t('me.noEvents')} <a href="/events">{t('nav.events')}</a>
        </p>
      ) : (
        <ul class="item-list">
          {live.map((r) => (
            <li class="item-row">
              <div>
                <a href={`/events/${r.event.id}`}>{pick(ui, r.event.titleZh, r.event.titleEn)}</a>
                <br />
                <small>{ui.fmt.dateTime(r.event.startsAt)}</small> · <span class="status status-info">{registrationText(ui, own(r))}</span>
              </div>
              <div class="button-row">
                {r.registration.status === 'confirmed' && <a href={`/tickets/${r.registration.code}`}>{t('events.ticket')}</a>}
                {r.event.startsAt > now && <CancelRegistrationForm ui={ui} eventId={r.event.id} status={r.registration.status as 'confirmed' | 'waitlisted'} back="/me" hx={IN_PLACE} />}
              </div>
            </li>
          ))}
        </ul>
      )}
      {past.length > 0 && (
        <details open={live.length === 0}>
          <summary>{t('me.pastEvents')}</summary>
          <ul class="plain-list history-list">
            {past.map((r) => (
              <li>
                {ui.fmt.date(r.event.startsAt)} · {pick(ui, r.event.titleZh, r.event.titleEn)} · {registrationText(ui, own(r))}
                <RatingPart ui={ui} state={ratings.registrations.get(r.registration.id)} href={`/me/ratings/new?registration=${r.registration.id}`} />
                {' · '}
                <a href={`/me/feedback/new?about=registration:${r.registration.id}`}>{t('me.giveFeedback')}</a>
              </li>
            ))}
          </ul>
        </details>
      )}
    </article>
  );
}

export function MyLounges({ ui, lounges, now, ratings }: { ui: Ui; lounges: MyLoungesData; now: number; ratings: RatingStates }) {
  const { t } = ui;
  const { bookings } = lounges;
  const upcoming = bookings.filter((b) => b.booking.status === 'booked' || b.booking.status === 'checked_in').reverse();
  const past = bookings.filter((b) => b.booking.status === 'checked_out' || b.booking.status === 'no_show');
  return (
    <article aria-labelledby="my-lounges">
      <h2 id="my-lounges">{t('me.lounges')}</h2>
      {upcoming.length === 0 ? (
        <p class="empty">
          {t('me.noBookings')} <a href="/lounges">{t('nav.lounges')}</a>
        </p>
      ) : (
        <ul class="item-list">
          {upcoming.map(({ booking: b, lounge }) => (
            <li class="item-row">
              <div>
                <a href={`/lounges/passes/${b.code}`}>{pick(ui, lounge.nameZh, lounge.nameEn)}</a>
                <br />
                <small>
                  {ui.fmt.date(b.slotStart)} {ui.fmt.time(b.slotStart)}–{ui.fmt.time(b.slotEnd)}
                </small>{' '}
                · <span class="status status-info">{t(`pass.status.${b.status}`)}</span>
              </div>
              {b.status === 'booked' && b.slotStart > now && (
                <form method="post" action={`/lounges/passes/${b.code}/cancel`} class="inline-form" data-hx-post={`/lounges/passes/${b.code}/cancel`} {...IN_PLACE}>
                  <input type="hidden" name="back" value="/me" />
                  <button type="submit" class="secondary outline">
                    {t('pass.cancel')}
                  </button>
                </form>
              )}
              <RatingLink ui={ui} state={ratings.bookings.get(b.id)} href={`/me/ratings/new?booking=${b.id}`} />
            </li>
          ))}
        </ul>
      )}
      {past.length > 0 && (
        <details open={upcoming.length === 0}>
          <summary>{t('me.pastVisits')}</summary>
          <ul class="plain-list history-list">
            {past.map(({ booking: b, lounge }) => (
              <li>
                {ui.fmt.date(b.slotStart)} · {pick(ui, lounge.nameZh, lounge.nameEn)} · {t(`pass.status.${b.status}`)}
                <RatingPart ui={ui} state={ratings.bookings.get(b.id)} href={`/me/ratings/new?booking=${b.id}`} />
                {' · '}
                <a href={`/me/feedback/new?about=booking:${b.id}`}>{t('me.giveFeedback')}</a>
              </li>
            ))}
          </ul>
        </details>
      )}
    </article>
  );
}

export function MyClubs({ ui, memberships }: { ui: Ui; memberships: MyMembership[] }) {
  const { t } = ui;
  return (
    <article aria-labelledby="my-clubs">
      <h2 id="my-clubs">{t('me.clubs')}</h2>
      {memberships.length === 0 ? (
        <p class="empty">
          {t('me.noClubs')} <a href="/clubs">{t('nav.clubs')}</a>
        </p>
      ) : (
        <ul class="item-list">
          {memberships.map(({ club, membership }) => (
            <li class="item-row">
              <div>
                <a href={`/clubs/${club.id}`}>{pick(ui, club.nameZh, club.nameEn)}</a>
                <br />
                <MembershipBadge ui={ui} membership={membership} />
              </div>
              {(membership.status === 'active' || membership.status === 'pending' || membership.status === 'waitlisted') && (
                <LeaveForm ui={ui} clubId={club.id} status={membership.status} back="/me" hx={IN_PLACE} />
              )}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

/** The count of upcoming items and the way to cancel them all (with a confirmation page first). */
export function UpcomingSummary({ ui, upcoming }: { ui: Ui; upcoming: number }) {
  const { t } = ui;
  return (
    <article aria-labelledby="my-upcoming" class="upcoming-summary">
      <h2 id="my-upcoming">{t('me.upcoming')}</h2>
      {upcoming === 0 ? (
        <p class="empty">{t('me.upcomingNone')}</p>
      ) : (
        <>
          <p>{t('me.upcomingCount', { count: upcoming })}</p>
          <a href="/me/cancel-all" role="button" class="secondary outline">
            {t('me.cancelAll')}
          </a>
        </>
      )}
    </article>
  );
}
