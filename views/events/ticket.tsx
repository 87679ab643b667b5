import { Layout } from '../layout';
import { Breadcrumb, PageTitle } from '../components/page';
import { QrCode } from '../components/qr-code';
import { pick, type Ui } from '../ui';
import type { Ticket } from '../../src/events/registration';
import { formatCode } from '../../src/lib/codes';
import { qrMatrix } from '../../src/lib/qr';
import { CancelRegistrationForm, registrationText } from './parts';

/** The text inside a ticket's QR code; the door check-in page reads it. */
export function ticketQrPayload(code: string): string {
  return `HNVIP:TICKET:${code}`;
}

export function TicketPage({ ui, ticket, canCancel, isHolder }: { ui: Ui; ticket: Ticket; canCancel: boolean; isHolder: boolean }) {
  const { t } = ui;
  const { registration: r, event } = ticket;
  const title = pick(ui, event.titleZh, event.titleEn);
  const who = [ticket.holder.name, ...(r.guests > 0 ? [t('confirm.guests', { count: r.guests })] : []), ...r.children.map((c) => c.name)].join(t('list.separator'));
  const own = { id: r.id, code: r.code, status: r.status, seats: r.seats, guests: r.guests, children: r.children, position: ticket.position, checkedInSeats: r.checkedInSeats, noShowAt: r.noShowAt };
  return (
    <Layout ui={ui} title={`${t('ticket.title')} · ${title}`} narrow>
      <Breadcrumb ui={ui} trail={[{ href: '/events', label: t('events.title') }, { href: `/events/${event.id}`, label: title }]} current={t('ticket.title')} />
      <PageTitle title={title} intro={ui.fmt.range(event.startsAt, event.endsAt)} />
      <article class="ticket">
        {r.status === 'confirmed' ? (
          <div class="ticket-body">
            <QrCode matrix={qrMatrix(ticketQrPayload(r.code))} label={t('ticket.qrLabel', { code: formatCode(r.code) })} class="qr ticket-qr" />
            <p class="ticket-code">
              <span>{t('ticket.code')}</span> <code>{formatCode(r.code)}</code>
            </p>
            <p>{t('ticket.show')}</p>
          </div>
        ) : (
          <p class="callout">{t('ticket.notConfirmed')}</p>
        )}
        <dl class="facts">
          <dt>{t('events.yourStatus')}</dt>
          <dd>{registrationText(ui, own)}</dd>
          <dt>{t('ticket.holder')}</dt>
          <dd>{who}</dd>
          <dt>{t('events.venue')}</dt>
          <dd>{pick(ui, event.venueZh, event.venueEn)}</dd>
        </dl>
        {r.status === 'confirmed' && (
          <p>
            <a href={`/tickets/${r.code}.ics`} data-hx-boost="false" download>
              {t('ticket.calendar')}
            </a>
          </p>
        )}
        {isHolder && canCancel && (r.status === 'confirmed' || r.status === 'waitlisted') && <CancelRegistrationForm ui={ui} eventId={event.id} status={r.status} />}
      </article>
    </Layout>
  );
}
