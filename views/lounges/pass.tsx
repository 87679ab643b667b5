import { Layout } from '../layout';
import { Breadcrumb, PageTitle } from '../components/page';
import { QrCode } from '../components/qr-code';
import { pick, type Ui } from '../ui';
import type { Pass } from '../../src/lounges/booking';
import { formatCode } from '../../src/lib/codes';
import { qrMatrix } from '../../src/lib/qr';

/** The text inside a lounge pass's QR code; the desk reads it. */
export function passQrPayload(code: string): string {
  return `HNVIP:PASS:${code}`;
}

export function PassPage({ ui, pass, isHolder }: { ui: Ui; pass: Pass; isHolder: boolean }) {
  const { t } = ui;
  const { booking: b, lounge } = pass;
  const name = pick(ui, lounge.nameZh, lounge.nameEn);
  return (
    <Layout ui={ui} title={`${t('pass.title')} · ${name}`} narrow>
      <Breadcrumb ui={ui} trail={[{ href: '/lounges', label: t('lounges.title') }, { href: `/lounges/${lounge.id}`, label: name }]} current={t('pass.title')} />
      <PageTitle title={name} intro={`${ui.fmt.date(b.slotStart)} ${ui.fmt.time(b.slotStart)}–${ui.fmt.time(b.slotEnd)}`} />
      <article class="ticket">
        {b.status === 'booked' || b.status === 'checked_in' ? (
          <div class="ticket-body">
            <QrCode matrix={qrMatrix(passQrPayload(b.code))} label={t('pass.qrLabel', { code: formatCode(b.code) })} class="qr ticket-qr" />
            <p class="ticket-code">
              <span>{t('pass.code')}</span> <code>{formatCode(b.code)}</code>
            </p>
            <p>{t('pass.show')}</p>
          </div>
        ) : null}
        <dl class="facts">
          <dt>{t('pass.statusLabel')}</dt>
          <dd>
            <span class="status">{t(`pass.status.${b.status}`)}</span>
          </dd>
          <dt>{t('pass.holder')}</dt>
          <dd>
            {pass.holder.name}
            {b.companions > 0 && ` ${t('book.companions', { count: b.companions })}`}
          </dd>
          {b.flightNo && (
            <>
              <dt>{t('lounges.flight')}</dt>
              <dd>{b.flightNo}</dd>
            </>
          )}
          <dt>{t('lounges.location')}</dt>
          <dd>{pick(ui, lounge.locationZh, lounge.locationEn)}</dd>
          <dt>{t('statement.remaining')}</dt>
          <dd>{t('pass.remaining', { year: b.year, count: pass.balance.remaining })}</dd>
          <dt>{t('lounges.noShowPolicy')}</dt>
          <dd>{t(`lounges.noShow.${lounge.noShowPolicy}`)}</dd>
        </dl>
        {isHolder && pass.changeable && (
          <>
            {pass.companionsAllowed > 0 && (
              <form method="post" action={`/lounges/passes/${b.code}/companions`} class="pass-change">
                <label for="f-companions">{t('pass.changeCompanions')}</label>
                <div class="inline-row">
                  <select id="f-companions" name="companions">
                    {Array.from({ length: pass.companionsAllowed + 1 }, (_, n) => (
                      <option value={String(n)} selected={n === b.companions}>
                        {n === 0 ? t('lounges.companionsNone') : String(n)}
                      </option>
                    ))}
                  </select>
                  <button type="submit" class="secondary">
                    {t('pass.save')}
                  </button>
                </div>
              </form>
            )}
            <form method="post" action={`/lounges/passes/${b.code}/cancel`}>
              <button type="submit" class="secondary outline">
                {t('pass.cancel')}
              </button>
            </form>
          </>
        )}
      </article>
    </Layout>
  );
}
