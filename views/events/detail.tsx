import { Layout } from '../layout';
import { Breadcrumb, PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import type { EventPage } from '../../src/events/service';
import type { RegistrationRefusal } from '../../src/events/policy';
import { CancelRegistrationForm, RegistrationBadge, seatsText } from './parts';

export function refusalMessage(ui: Ui, refusal: RegistrationRefusal | 'not_found', ctx: { page?: EventPage | null; opensAt?: number | null }): string {
  const p = ctx.page;
  const rule = p?.minTier ? ui.t('clubs.minTier', { tier: pick(ui, p.minTier.nameZh, p.minTier.nameEn) }) : ui.t('clubs.allTiers');
  const tier = p?.ownTier ? pick(ui, p.ownTier.nameZh, p.ownTier.nameEn) : '—';
  const club = p?.club ? pick(ui, p.club.nameZh, p.club.nameEn) : '';
  const time = ctx.opensAt ?? p?.opensForMemberAt ? ui.fmt.dateTime((ctx.opensAt ?? p?.opensForMemberAt)!) : '';
  return ui.t(`register.refused.${refusal}`, { rule, tier, club, time });
}

function RegisterForm({ ui, page }: { ui: Ui; page: EventPage }) {
  const { t } = ui;
  const e = page.event;
  const takesChildren = e.childMinAge !== null || e.childMaxAge !== null;
  const full = page.counts.confirmedSeats >= e.capacity;
  return (
    <form method="get" action={`/events/${e.id}/register`} class="register-form">
      {e.maxGuests > 0 && (
        <label for="f-guests">
          {t('events.party')}
          <select id="f-guests" name="guests">
            {Array.from({ length: e.maxGuests + 1 }, (_, n) => (
              <option value={String(n)}>{n === 0 ? t('events.partyNone') : t('events.partyGuests', { count: n })}</option>
            ))}
          </select>
        </label>
      )}
      {takesChildren && (
        <fieldset>
          <legend>{t('events.chooseChildren')}</legend>
          {page.eligibleChildren.length === 0 ? (
            <p>
              <small>{t('events.noEligibleChildren')}</small>
            </p>
          ) : (
            page.eligibleChildren.map((child) => (
              <label>
                <input type="checkbox" name="children" value={String(child.id)} />
                {t('events.childLine', { name: child.name, year: child.birthYear })}
              </label>
            ))
          )}
        </fieldset>
      )}
      <button type="submit">{full ? t('events.registerWaitlist') : t('events.next')}</button>
    </form>
  );
}

export function EventPageView({ ui, page }: { ui: Ui; page: EventPage }) {
  const { t } = ui;
  const e = page.event;
  const title = pick(ui, e.titleZh, e.titleEn);
  const own = page.own && page.own.status !== 'cancelled' ? page.own : null;
  return (
    <Layout ui={ui} title={title}>
      <Breadcrumb ui={ui} trail={[{ href: '/events', label: t('events.title') }]} current={title} />
      <PageTitle title={title} intro={page.club ? pick(ui, page.club.nameZh, page.club.nameEn) : t('events.programmeWide')} />
      {e.status === 'cancelled' && (
        <p class="form-error" role="alert">
          {t('register.refused.event_cancelled')}
        </p>
      )}
      <div class="home-grid">
        <article>
          <p class="prose">{pick(ui, e.descriptionZh, e.descriptionEn)}</p>
          <dl class="facts">
            <dt>{t('events.when')}</dt>
            <dd>
              <time datetime={ui.fmt.iso(e.startsAt)}>{ui.fmt.range(e.startsAt, e.endsAt)}</time>
            </dd>
            <dt>{t('events.venue')}</dt>
            <dd>
              {pick(ui, e.venueZh, e.venueEn)} · {t(`city.${e.city}`)}
            </dd>
            <dt>{t('events.capacity')}</dt>
            <dd>
              {t('events.seats', { count: e.capacity })} · {seatsText(ui, e.capacity, page.counts)}
            </dd>
            <dt>{t('events.guests')}</dt>
            <dd>{e.maxGuests > 0 ? t('events.guestsAllowed', { count: e.maxGuests }) : t('events.noGuests')}</dd>
            {(e.childMinAge !== null || e.childMaxAge !== null) && (
              <>
                <dt>{t('events.children')}</dt>
                <dd>{t('events.childAges', { min: e.childMinAge ?? 0, max: e.childMaxAge ?? 17 })}</dd>
              </>
            )}
            <dt>{t('clubs.tierRule')}</dt>
            <dd>
              {page.minTier ? t('clubs.minTier', { tier: pick(ui, page.minTier.nameZh, page.minTier.nameEn) }) : t('clubs.allTiers')}
              {e.requiresClubMembership && ` · ${t('events.clubOnly')}`}
            </dd>
            <dt>{t('events.registrationTimes')}</dt>
            <dd>
              {page.opensForMemberAt !== null ? t('events.opensForYou', { time: ui.fmt.dateTime(page.opensForMemberAt) }) : t('events.opensGeneral', { time: ui.fmt.dateTime(e.opensAt) })}
              <br />
              <small>{t('events.closesAt', { time: ui.fmt.dateTime(e.closesAt) })}</small>
            </dd>
          </dl>
        </article>
        <article aria-labelledby="reg-title">
          <h2 id="reg-title">{t('events.yourStatus')}</h2>
          {own ? (
            <>
              <p>
                <RegistrationBadge ui={ui} registration={own} />
              </p>
              {own.status === 'confirmed' && (
                <p>
                  <a href={`/tickets/${own.code}`} role="button">
                    {t('events.ticket')}
                  </a>
                </p>
              )}
              {page.canCancel && (
                <>
                  <CancelRegistrationForm ui={ui} eventId={e.id} status={own.status as 'confirmed' | 'waitlisted'} />
                  <p>
                    <small>{t('events.cancelHint')}</small>
                  </p>
                </>
              )}
            </>
          ) : page.eligible === null ? null : page.refusal ? (
            <p class="callout">{refusalMessage(ui, page.refusal, { page })}</p>
          ) : (
            <RegisterForm ui={ui} page={page} />
          )}
        </article>
      </div>
    </Layout>
  );
}
