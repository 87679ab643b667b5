import { Layout } from '../layout';
import { PageTitle } from '../components/page';
import { TierBenefits, TierCard } from '../components/tier-card';
import { pick, type Ui } from '../ui';
import type { MemberProfile } from '../../src/members/service';
import type { MyMembership } from '../../src/clubs/service';
import { LeaveForm, MembershipBadge } from '../clubs/parts';
import type { MyRegistration } from '../../src/events/registration';
import { CancelRegistrationForm, registrationText } from '../events/parts';
import type { MyLounges as MyLoungesData } from '../../src/lounges/booking';

function MyLounges({ ui, lounges, now }: { ui: Ui; lounges: MyLoungesData; now: number }) {
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
                <form method="post" action={`/lounges/passes/${b.code}/cancel`} class="inline-form">
                  <input type="hidden" name="back" value="/me" />
                  <button type="submit" class="secondary outline">
                    {t('pass.cancel')}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {past.length > 0 && (
        <details>
          <summary>{t('me.pastVisits')}</summary>
          <ul class="plain-list">
            {past.map(({ booking: b, lounge }) => (
              <li>
                {ui.fmt.date(b.slotStart)} · {pick(ui, lounge.nameZh, lounge.nameEn)} · {t(`pass.status.${b.status}`)}
              </li>
            ))}
          </ul>
        </details>
      )}
      <p>
        <strong>{t('pass.remaining', { year: lounges.year, count: lounges.balance.remaining })}</strong> · <a href="/me/statement">{t('lounges.statementLink')}</a>
      </p>
    </article>
  );
}

function MyEvents({ ui, registrations, now }: { ui: Ui; registrations: MyRegistration[]; now: number }) {
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
                {r.event.startsAt > now && <CancelRegistrationForm ui={ui} eventId={r.event.id} status={r.registration.status as 'confirmed' | 'waitlisted'} back="/me" />}
              </div>
            </li>
          ))}
        </ul>
      )}
      {past.length > 0 && (
        <details>
          <summary>{t('me.pastEvents')}</summary>
          <ul class="plain-list">
            {past.map((r) => (
              <li>
                {ui.fmt.date(r.event.startsAt)} · {pick(ui, r.event.titleZh, r.event.titleEn)} · {registrationText(ui, own(r))}
              </li>
            ))}
          </ul>
        </details>
      )}
    </article>
  );
}

function MyClubs({ ui, memberships }: { ui: Ui; memberships: MyMembership[] }) {
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
                <LeaveForm ui={ui} clubId={club.id} status={membership.status} back="/me" />
              )}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

export function MemberHubPage(p: { ui: Ui; profile: MemberProfile; year: number; memberships: MyMembership[]; registrations: MyRegistration[]; lounges: MyLoungesData; now: number }) {
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
        </article>
      </div>
      <MyEvents ui={ui} registrations={p.registrations} now={p.now} />
      <MyLounges ui={ui} lounges={p.lounges} now={p.now} />
      <MyClubs ui={ui} memberships={memberships} />
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
