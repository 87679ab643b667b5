import type { CapacityOverview, LoungeCapacity } from '../../src/admin/capacity';
import type { MessageKey } from '../../src/lib/i18n';
import { Breadcrumb, PageTitle } from '../components/page';
import { Layout } from '../layout';
import { pick, type Ui } from '../ui';
import { Meter } from './charts';
import { TableScroll } from '../components/table';

/** Near (≥ 90 %) or full, for the bar's colour; the words beside it say the same. */
export function fillLevel(value: number, max: number): 'near' | 'full' | null {
  if (max <= 0 || value >= max) return 'full';
  return value >= Math.ceil(max * 0.9) ? 'near' : null;
}

const pct = (value: number, max: number) => (max > 0 ? Math.round((value / max) * 100) : 0);

/** "7 / 8 · 88%" with a bar, and an optional line under it. */
function FillCell({ ui, value, max, note }: { ui: Ui; value: number; max: number; note?: string }) {
  const level = fillLevel(value, max);
  return (
    <td class="cap-cell">
      {ui.t('admin.capacity.fill', { value, max, pct: pct(value, max) })}
      {level && <strong> · {ui.t(level === 'full' ? 'admin.capacity.full' : 'admin.capacity.near')}</strong>}
      <Meter value={value} max={max} level={level} />
      {note && <small>{note}</small>}
    </td>
  );
}

/** "Change capacity", with the thing's name for screen readers (the row already shows it). */
function EditLink({ href, label, name }: { href: string; label: string; name: string }) {
  return (
    <a href={href} class="edit-link">
      {label}
      <span class="visually-hidden"> · {name}</span>
    </a>
  );
}

function LoungeBlock({ ui, lounge }: { ui: Ui; lounge: LoungeCapacity }) {
  const { t } = ui;
  const name = pick(ui, lounge.nameZh, lounge.nameEn);
  const id = `lounge-${lounge.id}`;
  return (
    <article aria-labelledby={id}>
      <h3 id={id}>{name}</h3>
      <p>
        {t('admin.capacity.loungeNow', { inside: lounge.inside, capacity: lounge.capacity, pct: pct(lounge.inside, lounge.capacity) })}
        {lounge.alert && <strong class="dash-alert"> · {t(lounge.alert === 'full' ? 'admin.capacity.full' : 'admin.capacity.near')}</strong>}
        <Meter value={lounge.inside} max={lounge.capacity} level={lounge.alert} />
      </p>
      <p>
        {t('admin.capacity.prebookRule', { capacity: lounge.capacity, share: lounge.prebookSharePct, count: lounge.prebookPerSlot })}{' '}
        <EditLink href={`/admin/lounges/${lounge.id}/edit`} label={t('admin.capacity.editLounge')} name={name} />
      </p>
      {lounge.slots.length === 0 ? (
        <p>{t('admin.capacity.closedToday')}</p>
      ) : (
        <TableScroll labelledBy={id}>
          <table class="striped compact-table">
            <caption class="visually-hidden">{t('admin.capacity.slotsOf', { name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.capacity.col.slot')}</th>
                <th scope="col">{t('admin.capacity.col.booked')}</th>
                <th scope="col">{t('admin.capacity.col.level')}</th>
              </tr>
            </thead>
            <tbody>
              {lounge.slots.map((s) => (
                <tr>
                  <th scope="row">
                    {ui.fmt.time(s.start)}–{ui.fmt.time(s.end)}
                    {s.past && <small> {t('admin.capacity.past')}</small>}
                  </th>
                  <FillCell ui={ui} value={s.booked} max={s.capacity} />
                  <td>{t(`lounges.level.${s.level}` as MessageKey)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </article>
  );
}

export function CapacityPage({ ui, data }: { ui: Ui; data: CapacityOverview }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('admin.capacity.title')}>
      <Breadcrumb ui={ui} trail={[{ href: '/admin', label: t('admin.title') }]} current={t('admin.capacity.title')} />
      <PageTitle title={t('admin.capacity.title')} intro={t('admin.capacity.intro')} />
      <nav aria-label={t('admin.capacity.jump')}>
        <ul class="admin-links">
          <li>
            <a href="#cap-events">{t('admin.capacity.events')}</a>
          </li>
          <li>
            <a href="#cap-clubs">{t('admin.capacity.clubs')}</a>
          </li>
          <li>
            <a href="#cap-lounges">{t('admin.capacity.lounges')}</a>
          </li>
        </ul>
      </nav>

      <section class="report-section" aria-labelledby="cap-events">
        <h2 id="cap-events">{t('admin.capacity.events')}</h2>
        <p>
          <small>{t('admin.capacity.eventsNote', { from: ui.fmt.date(data.today), to: ui.fmt.date(data.until) })}</small>
        </p>
        {data.events.length === 0 ? (
          <p>{t('admin.capacity.noEvents')}</p>
        ) : (
          <TableScroll labelledBy="cap-events">
            <table class="striped" id="cap-events-table">
              <caption class="visually-hidden">{t('admin.capacity.events')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.capacity.col.event')}</th>
                  <th scope="col">{t('admin.capacity.col.seats')}</th>
                  <th scope="col" class="num">
                    {t('admin.capacity.col.waitlist')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.events.map((e) => {
                  const title = pick(ui, e.titleZh, e.titleEn);
                  return (
                    <tr>
                      <th scope="row">
                        <a href={`/coordinator/events/${e.id}/attendance`}>{title}</a>
                        <small class="num-muted">
                          <br />
                          {ui.fmt.dateTime(e.startsAt)}
                          {' · '}
                          {e.clubZh === null ? t('admin.reports.programmeWide') : pick(ui, e.clubZh, e.clubEn ?? e.clubZh)}
                        </small>
                        <br />
                        <EditLink href={`/coordinator/events/${e.id}/edit`} label={t('admin.capacity.editCapacity')} name={title} />
                      </th>
                      <FillCell ui={ui} value={e.confirmedSeats} max={e.capacity} note={t('admin.capacity.eventMin', { count: e.confirmedSeats })} />
                      <td class="num">{e.waitlistParties === 0 ? t('admin.capacity.noWaitlist') : t('admin.capacity.waitlist', { count: e.waitlistParties, seats: e.waitlistSeats })}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>

      <section class="report-section" aria-labelledby="cap-clubs">
        <h2 id="cap-clubs">{t('admin.capacity.clubs')}</h2>
        {data.clubs.length === 0 ? (
          <p>{t('admin.capacity.noClubs')}</p>
        ) : (
          <TableScroll labelledBy="cap-clubs">
            <table class="striped" id="cap-clubs-table">
              <caption class="visually-hidden">{t('admin.capacity.clubs')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.capacity.col.club')}</th>
                  <th scope="col">{t('admin.capacity.col.members')}</th>
                  <th scope="col" class="num">
                    {t('admin.capacity.col.pending')}
                  </th>
                  <th scope="col" class="num">
                    {t('admin.capacity.col.waitlisted')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.clubs.map((c) => {
                  const name = pick(ui, c.nameZh, c.nameEn);
                  return (
                    <tr>
                      <th scope="row">
                        <a href={`/coordinator/clubs/${c.id}`}>{name}</a>
                        <br />
                        <EditLink href={`/admin/clubs/${c.id}/edit`} label={t('admin.capacity.editPlaces')} name={name} />
                      </th>
                      <FillCell ui={ui} value={c.active} max={c.capacity} note={t('admin.capacity.clubMin', { count: c.active })} />
                      <td class="num">{c.pending > 0 ? <a href={`/coordinator/clubs/${c.id}?status=pending`}>{c.pending}</a> : 0}</td>
                      <td class="num">{c.waitlisted > 0 ? <a href={`/coordinator/clubs/${c.id}?status=waitlisted`}>{c.waitlisted}</a> : 0}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>

      <section class="report-section" aria-labelledby="cap-lounges">
        <h2 id="cap-lounges">{t('admin.capacity.lounges')}</h2>
        <p>
          <small>{t('admin.capacity.loungesNote', { day: ui.fmt.date(data.today) })}</small>
        </p>
        {data.lounges.length === 0 ? (
          <p>{t('admin.capacity.noLounges')}</p>
        ) : (
          <div class="dash-grid">
            {data.lounges.map((l) => (
              <LoungeBlock ui={ui} lounge={l} />
            ))}
          </div>
        )}
      </section>
    </Layout>
  );
}
