import { Layout } from '../layout';
import { Breadcrumb, PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import type { RegistrationPreview } from '../../src/events/registration';

/** The second confirmation: who is coming, how many seats that takes and what will happen. */
export function RegistrationConfirmPage({ ui, preview }: { ui: Ui; preview: RegistrationPreview }) {
  const { t } = ui;
  const { event, party, counts, outcome } = preview;
  const title = pick(ui, event.titleZh, event.titleEn);
  const left = Math.max(0, event.capacity - counts.confirmedSeats);
  const who = [t('confirm.you'), ...(party.guests > 0 ? [t('confirm.guests', { count: party.guests })] : []), ...party.children.map((c) => c.name)].join(t('list.separator'));
  return (
    <Layout ui={ui} title={t('confirm.title', { event: title })} narrow>
      <Breadcrumb ui={ui} trail={[{ href: '/events', label: t('events.title') }, { href: `/events/${event.id}`, label: title }]} current={t('confirm.submit')} />
      <PageTitle title={t('confirm.title', { event: title })} intro={t('confirm.intro')} />
      <article class="confirm-card">
        <ul class="confirm-list">
          <li>
            <time datetime={ui.fmt.iso(event.startsAt)}>{ui.fmt.range(event.startsAt, event.endsAt)}</time> · {pick(ui, event.venueZh, event.venueEn)}
          </li>
          <li>{t('confirm.party', { party: who })}</li>
          <li>
            <strong>{t('confirm.seats', { count: party.seats })}</strong>
          </li>
          <li>{outcome.kind === 'confirmed' ? t('confirm.willConfirm', { count: left }) : t('confirm.willWait', { left, count: outcome.position })}</li>
          <li>{t('confirm.cancelAnytime')}</li>
        </ul>
        <form method="post" action={`/events/${event.id}/register`} class="button-row">
          <input type="hidden" name="guests" value={String(party.guests)} />
          {party.children.map((c) => (
            <input type="hidden" name="children" value={String(c.id)} />
          ))}
          <button type="submit">{outcome.kind === 'confirmed' ? t('confirm.submit') : t('confirm.submitWaitlist')}</button>
          <a href={`/events/${event.id}`} role="button" class="secondary outline">
            {t('confirm.back')}
          </a>
        </form>
      </article>
    </Layout>
  );
}
