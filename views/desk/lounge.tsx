import { Layout } from '../layout';
import { Breadcrumb, PageTitle } from '../components/page';
import { pick, type Flash, type Ui } from '../ui';
import type { DeskBooking, DeskToday, Occupancy } from '../../src/lounges/desk';
import type { DeskMember } from '../../src/lounges/desk-search';
import { formatCode } from '../../src/lib/codes';
import { maskPhone } from '../../src/lib/phone';
import { CardNumber } from '../components/card-number';

/** The live occupancy; it asks for itself again every three seconds, so every open desk shows the same number. */
export function OccupancyView({ ui, loungeId, occupancy }: { ui: Ui; loungeId: number; occupancy: Occupancy }) {
  const { t } = ui;
  return (
    <section id="occupancy" class={`occupancy${occupancy.alert ? ` occupancy-${occupancy.alert}` : ''}`} data-hx-get={`/desk/lounges/${loungeId}/occupancy`} data-hx-trigger="every 3s" data-hx-swap="outerHTML" aria-live="polite">
      <p class="occupancy-number">{t('desk.occupancy', { inside: occupancy.inside, capacity: occupancy.capacity })}</p>
      <progress value={String(occupancy.inside)} max={String(occupancy.capacity)} aria-label={t('desk.occupancyLabel')} />
      {occupancy.alert && (
        <p class="occupancy-alert" role="alert">
          {t(`desk.alert.${occupancy.alert}`)}
        </p>
      )}
    </section>
  );
}

function act(loungeId: number, path: string) {
  const url = `/desk/lounges/${loungeId}/${path}`;
  return { method: 'post', action: url, 'data-hx-post': url, 'data-hx-target': '#desk-main', 'data-hx-swap': 'outerHTML' } as const;
}

function CheckInForm({ ui, loungeId, booking, q }: { ui: Ui; loungeId: number; booking: DeskBooking; q: string }) {
  const { t } = ui;
  return (
    <form {...act(loungeId, `bookings/${booking.id}/checkin`)} class="inline-form desk-form">
      <input type="hidden" name="q" value={q} />
      {booking.companions > 0 && (
        <label>
          {t('desk.companionsCame')}
          <select name="companions">
            {Array.from({ length: booking.companions + 1 }, (_, n) => (
              <option value={String(n)} selected={n === booking.companions}>
                {String(n)}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="submit" class="desk-checkin">
        {t('desk.checkIn')}
      </button>
    </form>
  );
}

function CheckOutForm({ ui, loungeId, booking, q }: { ui: Ui; loungeId: number; booking: DeskBooking; q: string }) {
  return (
    <form {...act(loungeId, `bookings/${booking.id}/checkout`)} class="inline-form">
      <input type="hidden" name="q" value={q} />
      <button type="submit" class="secondary outline compact">
        {ui.t('desk.checkOut')}
      </button>
    </form>
  );
}

/** "11:00–12:00 · booked with 1 companion", or "· just the member" when the booking has none. */
function bookingLine(ui: Ui, b: { slotStart: number; slotEnd: number; companions: number }): string {
  const time = `${ui.fmt.time(b.slotStart)}–${ui.fmt.time(b.slotEnd)}`;
  return b.companions > 0 ? ui.t('desk.booking', { time, count: b.companions }) : ui.t('desk.bookingSolo', { time });
}

function MemberCard({ ui, loungeId, member, q }: { ui: Ui; loungeId: number; member: DeskMember; q: string }) {
  const { t } = ui;
  const live = member.bookings.filter((b) => b.status === 'booked' || b.status === 'checked_in');
  return (
    <li class="desk-member">
      <div class="desk-who">
        <strong>{member.name}</strong> <small>{maskPhone(member.phone)}</small>{' '}
        <small>
          {t('card.code')} <CardNumber code={member.cardCode} />
        </small>
        <br />
        <small>
          {member.tierNameZh ? pick(ui, member.tierNameZh, member.tierNameEn ?? '') : ''} · <strong>{t('desk.remaining', { count: member.balance.remaining })}</strong> · {member.companionsAllowed > 0 ? t('desk.companionsAllowed', { count: member.companionsAllowed }) : t('desk.noCompanions')}
        </small>
      </div>
      {live.length === 0 && <p class="empty">{t('desk.noBookingToday')}</p>}
      {live.map((b) => (
        <div class="desk-booking">
          <span>
            {bookingLine(ui, b)} · <small>{t('desk.pass', { code: formatCode(b.code) })}</small>
            {b.flightNo && <small> · {b.flightNo}</small>}
          </span>
          {b.status === 'booked' ? <CheckInForm ui={ui} loungeId={loungeId} booking={b} q={q} /> : <CheckOutForm ui={ui} loungeId={loungeId} booking={b} q={q} />}
        </div>
      ))}
      {live.length === 0 && (
        <form {...act(loungeId, 'walkins')} class="inline-form desk-form">
          <input type="hidden" name="q" value={q} />
          <input type="hidden" name="userId" value={String(member.userId)} />
          {member.companionsAllowed > 0 && (
            <label>
              {t('desk.companionsCame')}
              <select name="companions">
                {Array.from({ length: member.companionsAllowed + 1 }, (_, n) => (
                  <option value={String(n)}>{String(n)}</option>
                ))}
              </select>
            </label>
          )}
          <button type="submit" class="secondary compact">
            {t('desk.walkIn')}
          </button>
        </form>
      )}
    </li>
  );
}

export interface DeskMainProps {
  ui: Ui;
  today: DeskToday;
  members: DeskMember[] | null;
  q: string;
  message?: Flash | null;
}

/** The members found for `q` (nothing before a search): what typing in the search box replaces, on its own. */
export function DeskResults({ ui, loungeId, members, q }: { ui: Ui; loungeId: number; members: DeskMember[] | null; q: string }) {
  const { t } = ui;
  return (
    <section id="desk-results" aria-label={t('desk.results')} aria-live="polite">
      {members !== null &&
        (members.length === 0 ? (
          <p class="empty">{t('desk.noResults')}</p>
        ) : (
          <ul class="desk-list">
            {members.map((m) => (
              <MemberCard ui={ui} loungeId={loungeId} member={m} q={q} />
            ))}
          </ul>
        ))}
    </section>
  );
}

/** Everything an action changes: the count, the message, the search results, who is inside, who is expected. */
export function DeskMain({ ui, today, members, q, message }: DeskMainProps) {
  const { t } = ui;
  const loungeId = today.lounge.id;
  const party = (b: DeskBooking) => 1 + (b.companionsArrived ?? b.companions);
  return (
    <div id="desk-main">
      <OccupancyView ui={ui} loungeId={loungeId} occupancy={today.occupancy} />
      {message && (
        <p class={`flash flash-${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.message}
        </p>
      )}
      <DeskResults ui={ui} loungeId={loungeId} members={members} q={q} />
      <div class="home-grid">
        <article aria-labelledby="inside-title">
          <h2 id="inside-title" class="h-small">
            {t('desk.insideNow')}
          </h2>
          {today.inside.length === 0 ? (
            <p class="empty">{t('desk.nobodyInside')}</p>
          ) : (
            <ul class="item-list">
              {today.inside.map((b) => (
                <li class="item-row">
                  <span>
                    {b.name} · {t('desk.party', { count: party(b) })} · <small>{t('desk.since', { time: ui.fmt.time(b.checkedInAt ?? b.slotStart) })}</small>
                    {b.walkIn && <small class="badge badge-muted">{t('desk.walkInBadge')}</small>}
                  </span>
                  <CheckOutForm ui={ui} loungeId={loungeId} booking={b} q={q} />
                </li>
              ))}
            </ul>
          )}
        </article>
        <article aria-labelledby="arrivals-title">
          <h2 id="arrivals-title" class="h-small">
            {t('desk.arrivals')}
          </h2>
          {today.slots.every((s) => s.arrivals.length === 0) ? (
            <p class="empty">{t('desk.noArrivalsToday')}</p>
          ) : (
            <ul class="plain-list slot-list">
              {today.slots
                .filter((s) => s.arrivals.length > 0)
                .map((s) => (
                  <li>
                    <strong>
                      {ui.fmt.time(s.start)}–{ui.fmt.time(s.end)}
                    </strong>{' '}
                    {s.arrivals.map((b) => (
                      <div class="arrival">
                        {b.name} · {t('desk.party', { count: 1 + b.companions })} <CheckInForm ui={ui} loungeId={loungeId} booking={b} q={q} />
                      </div>
                    ))}
                  </li>
                ))}
            </ul>
          )}
        </article>
      </div>
    </div>
  );
}

export function DeskLoungePage(p: DeskMainProps) {
  const { ui, today } = p;
  const { t } = ui;
  const name = pick(ui, today.lounge.nameZh, today.lounge.nameEn);
  const url = `/desk/lounges/${today.lounge.id}`;
  return (
    <Layout ui={ui} title={name}>
      <Breadcrumb ui={ui} trail={[{ href: '/desk', label: t('desk.title') }]} current={name} />
      <PageTitle title={name} intro={t('desk.today', { date: ui.fmt.date(today.today) })} />
      <form method="get" action={url} class="door-search" data-hx-get={url} data-hx-trigger="input delay:250ms, submit" data-hx-target="#desk-results" data-hx-swap="outerHTML">
        <label for="desk-q">{t('desk.search')}</label>
        <div class="door-search-row">
          <input id="desk-q" name="q" type="search" value={p.q} autocomplete="off" autofocus maxlength={60} aria-describedby="desk-q-hint" />
          <button type="button" class="secondary" data-scan-for="desk-q" data-scan-stop={t('door.scanStop')} data-scan-unsupported={t('door.scanUnsupported')}>
            {t('door.scan')}
          </button>
        </div>
        <small id="desk-q-hint">{t('desk.searchHint')}</small>
        <div class="scanner" data-scanner-for="desk-q" hidden>
          <video muted playsinline />
        </div>
      </form>
      <DeskMain {...p} />
    </Layout>
  );
}
