import { Layout } from '../layout';
import { Field } from '../components/form';
import { Breadcrumb } from '../components/page';
import { pick, type Flash, type Ui } from '../ui';
import type { DoorCardHolder, DoorEntry } from '../../src/events/checkin';
import type { SeatCounts } from '../../src/events/seats';
import type { EventRow } from '../../src/events/service';
import { formatCode } from '../../src/lib/codes';
import { maskPhone } from '../../src/lib/phone';

/** The live count; it asks for itself again every five seconds (several desks stay in step). */
export function DoorCount({ ui, eventId, counts, oob }: { ui: Ui; eventId: number; counts: SeatCounts; oob?: boolean }) {
  return (
    <p
      id="door-count"
      class="door-count"
      role="status"
      data-hx-get={`/coordinator/events/${eventId}/checkin/count`}
      data-hx-trigger="every 5s"
      data-hx-swap="outerHTML"
      {...(oob ? { 'data-hx-swap-oob': 'outerHTML' } : {})}
    >
      {ui.t('door.count', { in: counts.checkedInSeats, expected: counts.confirmedSeats })}
    </p>
  );
}

function EntryActions({ ui, eventId, entry, q }: { ui: Ui; eventId: number; entry: DoorEntry; q: string }) {
  const { t } = ui;
  const url = `/coordinator/events/${eventId}/checkin/${entry.registrationId}`;
  const common = { 'data-hx-target': '#door-results', 'data-hx-swap': 'outerHTML' };
  const remaining = entry.seats - entry.checkedInSeats;
  return (
    <div class="door-actions">
      {remaining > 0 && (
        <form method="post" action={url} data-hx-post={url} {...common} class="inline-form">
          <input type="hidden" name="q" value={q} />
          <button type="submit" class="door-checkin">
            {t('door.checkInAll', { count: entry.seats })}
          </button>
        </form>
      )}
      {entry.seats - 1 > entry.checkedInSeats && (
        <form method="post" action={url} data-hx-post={url} {...common} class="inline-form door-partial">
          <input type="hidden" name="q" value={q} />
          <label for={`seats-${entry.registrationId}`} class="visually-hidden">
            {t('door.checkInSome')}
          </label>
          <select id={`seats-${entry.registrationId}`} name="seats">
            {Array.from({ length: entry.seats - 1 }, (_, i) => i + 1)
              .filter((n) => n > entry.checkedInSeats)
              .map((n) => (
                <option value={String(n)}>{t('door.party', { count: n })}</option>
              ))}
          </select>
          <button type="submit" class="secondary compact">
            {t('door.checkInPart')}
          </button>
        </form>
      )}
      {entry.checkedInSeats > 0 && (
        <form method="post" action={`${url}/undo`} data-hx-post={`${url}/undo`} {...common} class="inline-form">
          <input type="hidden" name="q" value={q} />
          <button type="submit" class="secondary outline compact">
            {t('door.undo')}
          </button>
        </form>
      )}
    </div>
  );
}

/** The search results: the part of the page a search or a check-in replaces. */
/** What the door says when a membership card finds no confirmed party: whose card it is and where they stand. */
function cardHolderText(ui: Ui, holder: DoorCardHolder): string {
  if (holder === 'unknown') return ui.t('door.card.unknown');
  return ui.t(`door.card.${holder.status ?? 'none'}`, { name: holder.name });
}

export function DoorResults({ ui, eventId, entries, q, message, cardHolder }: { ui: Ui; eventId: number; entries: DoorEntry[]; q: string; message?: Flash | null; cardHolder?: DoorCardHolder | undefined }) {
  const { t } = ui;
  return (
    <section id="door-results" aria-live="polite">
      {message && (
        <p class={`flash flash-${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.message}
        </p>
      )}
      {entries.length === 0 ? (
        cardHolder ? (
          <p class="flash flash-info door-card" role="status">
            {cardHolderText(ui, cardHolder)}
          </p>
        ) : (
          <p class="empty">{t('door.noResults')}</p>
        )
      ) : (
        <ul class="door-list">
          {entries.map((entry) => (
            <li class={entry.checkedInSeats > 0 ? 'door-entry done' : 'door-entry'}>
              <div class="door-who">
                <strong>{entry.name}</strong> <small>{maskPhone(entry.phone)}</small>
                <br />
                <small>
                  {entry.tierNameZh ? pick(ui, entry.tierNameZh, entry.tierNameEn ?? '') : ''} · {t('door.party', { count: entry.seats })}
                  {entry.childNames.length > 0 && ` · ${entry.childNames.join(t('list.separator'))}`} · <code>{formatCode(entry.code)}</code>
                </small>
                {entry.checkedInSeats > 0 && entry.checkedInAt !== null && (
                  <p class="status status-ok">{t('door.checkedIn', { count: entry.checkedInSeats, time: ui.fmt.time(entry.checkedInAt), by: entry.checkedInByName ?? '—' })}</p>
                )}
              </div>
              <EntryActions ui={ui} eventId={eventId} entry={entry} q={q} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export interface DoorPageProps {
  ui: Ui;
  event: EventRow;
  counts: SeatCounts;
  entries: DoorEntry[];
  q: string;
  message?: Flash | null;
  cardHolder?: DoorCardHolder | undefined;
  /** Whether check-in is open now: not yet (and when it opens), over, or open (null). */
  window: { state: 'too_early'; opensAt: number; hours: number } | { state: 'too_late' } | null;
  /** A refused walk-in: the message, and the field it belongs to (none: about the walk-in as a whole). */
  walkIn?: { values: Record<string, string>; error?: string; field?: 'phone' | 'guests' };
}

/** Built for a phone at the door: a count, a search that answers as you type, a scanner, walk-ins. */
export function DoorPage(p: DoorPageProps) {
  const { ui, event } = p;
  const { t } = ui;
  const title = pick(ui, event.titleZh, event.titleEn);
  const searchUrl = `/coordinator/events/${event.id}/checkin`;
  return (
    <Layout ui={ui} title={`${t('door.title')} · ${title}`} narrow>
      <Breadcrumb ui={ui} trail={[{ href: '/coordinator/events', label: t('evm.title') }]} current={t('door.title')} />
      <h1 class="door-title">{title}</h1>
      <p>{ui.fmt.range(event.startsAt, event.endsAt)}</p>
      {p.window && (
        <p class="callout door-window" role="status">
          {p.window.state === 'too_early' ? t('door.window.notOpen', { time: ui.fmt.dateTime(p.window.opensAt), hours: p.window.hours }) : t('door.window.over')}
        </p>
      )}
      <DoorCount ui={ui} eventId={event.id} counts={p.counts} />
      <form method="get" action={searchUrl} class="door-search" data-hx-get={searchUrl} data-hx-trigger="input delay:250ms, submit" data-hx-target="#door-results" data-hx-select="#door-results" data-hx-swap="outerHTML">
        <label for="door-q">{t('door.search')}</label>
        <div class="door-search-row">
          <input id="door-q" name="q" type="search" value={p.q} autocomplete="off" autofocus maxlength={60} />
          <button type="button" class="secondary" data-scan-for="door-q" data-scan-stop={t('door.scanStop')} data-scan-unsupported={t('door.scanUnsupported')}>
            {t('door.scan')}
          </button>
        </div>
        <div class="scanner" data-scanner-for="door-q" hidden>
          <video muted playsinline />
        </div>
      </form>
      <DoorResults ui={ui} eventId={event.id} entries={p.entries} q={p.q} message={p.message ?? null} cardHolder={p.cardHolder} />
      <details class="walk-in" open={!!p.walkIn?.error}>
        <summary>{t('door.walkIn')}</summary>
        <p>{t('door.walkInIntro')}</p>
        <form method="post" action={`/coordinator/events/${event.id}/walkin`} novalidate>
          {p.walkIn?.error && !p.walkIn.field && (
            <p class="flash flash-error" role="alert">
              {p.walkIn.error}
            </p>
          )}
          <Field name="phone" type="tel" inputmode="numeric" label={t('door.walkInPhone')} value={p.walkIn?.values.phone} error={p.walkIn?.field === 'phone' ? p.walkIn.error : undefined} maxlength={20} required />
          {event.maxGuests > 0 && <Field name="guests" type="number" inputmode="numeric" label={t('door.walkInGuests')} value={p.walkIn?.values.guests ?? '0'} error={p.walkIn?.field === 'guests' ? p.walkIn.error : undefined} min={0} max={event.maxGuests} />}
          <button type="submit">{t('door.walkInSubmit')}</button>
        </form>
      </details>
    </Layout>
  );
}
