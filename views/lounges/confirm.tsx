import { Layout } from '../layout';
import { Breadcrumb, PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import type { BookingCheck, BookingRequest } from '../../src/lounges/booking';

/** The second confirmation: exactly what the visit uses ("1 of 8 visits this year + 1 companion"). */
export function BookingConfirmPage({ ui, check, request }: { ui: Ui; check: BookingCheck; request: BookingRequest }) {
  const { t } = ui;
  const { lounge, slot, balance, year } = check;
  const name = pick(ui, lounge.nameZh, lounge.nameEn);
  return (
    <Layout ui={ui} title={t('book.title', { lounge: name })} narrow>
      <Breadcrumb ui={ui} trail={[{ href: '/lounges', label: t('lounges.title') }, { href: `/lounges/${lounge.id}`, label: name }]} current={t('book.confirm')} />
      <PageTitle title={t('book.title', { lounge: name })} intro={t('book.intro')} />
      <article class="confirm-card">
        <ul class="confirm-list">
          <li>{t('book.when', { time: `${ui.fmt.date(slot!.start)} ${ui.fmt.time(slot!.start)}–${ui.fmt.time(slot!.end)}` })}</li>
          <li>
            <strong>
              {t('book.uses', { year, total: balance.allowance, remaining: balance.remaining, after: balance.remaining - 1 })}
              {request.companions > 0 && ` ${t('book.companions', { count: request.companions })}`}
            </strong>
          </li>
          {request.flightNo && <li>{t('book.flight', { flight: request.flightNo })}</li>}
          <li>{t(`book.noShow.${lounge.noShowPolicy}`)}</li>
          <li>{t('book.cancelAnytime')}</li>
        </ul>
        <form method="post" action={`/lounges/${lounge.id}/bookings`} class="button-row">
          <input type="hidden" name="slot" value={String(slot!.start)} />
          <input type="hidden" name="companions" value={String(request.companions)} />
          <input type="hidden" name="flight" value={request.flightNo ?? ''} />
          <button type="submit">{t('book.confirm')}</button>
          <a href={`/lounges/${lounge.id}`} role="button" class="secondary outline">
            {t('book.back')}
          </a>
        </form>
      </article>
    </Layout>
  );
}
