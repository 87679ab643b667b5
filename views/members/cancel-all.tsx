import { Layout } from '../layout';
import { PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import type { UpcomingPlans } from '../../src/members/hub';

/** The single confirmation before everything upcoming is cancelled: it lists exactly what will go. */
export function CancelAllPage({ ui, plans, total }: { ui: Ui; plans: UpcomingPlans; total: number }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('cancelAll.title')} narrow>
      <PageTitle title={t('cancelAll.title')} intro={total === 0 ? t('cancelAll.nothing') : t('cancelAll.intro', { count: total })} />
      {total > 0 && (
        <form method="post" action="/me/cancel-all" class="cancel-all">
          {plans.registrations.length > 0 && (
            <section aria-labelledby="cancel-events">
              <h2 id="cancel-events">{t('cancelAll.events')}</h2>
              <ul class="plain-list">
                {plans.registrations.map((r) => (
                  <li>
                    <input type="hidden" name="registration" value={String(r.id)} />
                    <strong>{pick(ui, r.titleZh, r.titleEn)}</strong> · {ui.fmt.dateTime(r.startsAt)} ·{' '}
                    {r.status === 'confirmed' ? t('reg.confirmed', { count: r.seats }) : t('reg.waitlisted', { count: r.position ?? 0 })}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {plans.bookings.length > 0 && (
            <section aria-labelledby="cancel-lounges">
              <h2 id="cancel-lounges">{t('cancelAll.lounges')}</h2>
              <ul class="plain-list">
                {plans.bookings.map((b) => (
                  <li>
                    <input type="hidden" name="booking" value={String(b.id)} />
                    <strong>{pick(ui, b.loungeZh, b.loungeEn)}</strong> · {ui.fmt.date(b.slotStart)} {ui.fmt.time(b.slotStart)}–{ui.fmt.time(b.slotEnd)}
                    {b.companions > 0 && <> · {t('cancelAll.companions', { count: b.companions })}</>}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {plans.clubRequests.length > 0 && (
            <section aria-labelledby="cancel-clubs">
              <h2 id="cancel-clubs">{t('cancelAll.clubs')}</h2>
              <ul class="plain-list">
                {plans.clubRequests.map((m) => (
                  <li>
                    <input type="hidden" name="club" value={String(m.clubId)} />
                    <strong>{pick(ui, m.clubZh, m.clubEn)}</strong> · {t(m.status === 'pending' ? 'cancelAll.clubPending' : 'cancelAll.clubWaitlisted')}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <p>{t('cancelAll.effects')}</p>
          <p class="button-row">
            <button type="submit">{t('cancelAll.confirm', { count: total })}</button>
            <a href="/me" role="button" class="secondary outline">
              {t('cancelAll.keep')}
            </a>
          </p>
        </form>
      )}
      {total === 0 && (
        <p>
          <a href="/me">{t('cancelAll.back')}</a>
        </p>
      )}
    </Layout>
  );
}
