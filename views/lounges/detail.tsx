import { Layout } from '../layout';
import { Breadcrumb, PageTitle } from '../components/page';
import { pick, type Flash, type Ui } from '../ui';
import type { LoungeDay } from '../../src/lounges/service';
import { toLocalDateValue } from '../../src/lib/time';
import { prebookCapacity } from '../../src/lounges/policy';
import { TEXT_LIMITS } from '../../src/lib/text-limits';
import { Field, textLimit } from '../components/form';
import { AllowanceNote } from './list';
import { Amenities, LoungeFacts } from './parts';

export interface BookingFormValues {
  slot?: string;
  companions?: string;
  flight?: string;
}

/** A lounge, a day chooser and that day's arrival times; choosing one leads to the confirmation step. A problem with one field (the flight number's length) is said at that field. */
export function LoungePage({ ui, data, values = {}, problem, errors = {} }: { ui: Ui; data: LoungeDay; values?: BookingFormValues; problem?: Flash | null; errors?: { flight?: string } }) {
  const { t } = ui;
  const { lounge, allowance } = data;
  const name = pick(ui, lounge.nameZh, lounge.nameEn);
  const open = data.slots.filter((s) => !s.past && s.level !== 'full');
  const dayValue = toLocalDateValue(data.day, ui.fmt.zone);
  return (
    <Layout ui={ui} title={name}>
      <Breadcrumb ui={ui} trail={[{ href: '/lounges', label: t('lounges.title') }]} current={name} />
      <PageTitle title={name} intro={`${lounge.airportCode} · ${lounge.terminal}`} />
      {allowance && <AllowanceNote ui={ui} allowance={allowance} />}
      {!allowance && problem && (
        <p class={`flash flash-${problem.kind}`} role="alert">
          {problem.message}
        </p>
      )}
      <div class="home-grid">
        <article>
          <p class="prose">{pick(ui, lounge.descriptionZh, lounge.descriptionEn)}</p>
          <LoungeFacts ui={ui} lounge={lounge} />
          <Amenities ui={ui} lounge={lounge} />
          <p>
            <small>
              {t('lounges.walkInShare', { count: prebookCapacity(lounge.capacity, lounge.prebookSharePct), capacity: lounge.capacity })}
            </small>
          </p>
        </article>
        {allowance && (
          <article aria-labelledby="book-title" id="book">
            <h2 id="book-title">{t('lounges.book')}</h2>
            {problem && (
              <p class={`flash flash-${problem.kind}`} role="alert">
                {problem.message}
              </p>
            )}
            <form method="get" action={`/lounges/${lounge.id}`} class="day-chooser" data-hx-get={`/lounges/${lounge.id}`} data-hx-trigger="change" data-hx-target="#book" data-hx-select="#book" data-hx-swap="outerHTML" data-hx-push-url="true">
              <label for="f-day">
                {t('lounges.day')}
                <select id="f-day" name="day">
                  {data.days.map((d) => {
                    const v = toLocalDateValue(d, ui.fmt.zone);
                    return (
                      <option value={v} selected={v === dayValue}>
                        {ui.fmt.date(d)}
                      </option>
                    );
                  })}
                </select>
              </label>
              <button type="submit" class="secondary compact">
                {t('lounges.showDay')}
              </button>
            </form>
            {open.length === 0 ? (
              <p class="empty">{t('lounges.noSlots')}</p>
            ) : (
              <form method="get" action={`/lounges/${lounge.id}/book`} novalidate>
                <fieldset>
                  <legend>{t('lounges.slot')}</legend>
                  <div class="slot-grid">
                    {data.slots.map((s) => (
                      <label class={s.past || s.level === 'full' ? 'slot-option unavailable' : 'slot-option'}>
                        <input type="radio" name="slot" value={String(s.start)} disabled={s.past || s.level === 'full'} checked={values.slot === String(s.start)} required />
                        {t('lounges.slotLine', { time: `${ui.fmt.time(s.start)}–${ui.fmt.time(s.end)}`, level: t(`lounges.level.${s.level}`), booked: s.booked, capacity: s.capacity })}
                      </label>
                    ))}
                  </div>
                </fieldset>
                <label for="f-companions">
                  {t('lounges.companions')}
                  <select id="f-companions" name="companions">
                    {Array.from({ length: allowance.companionsPerVisit + 1 }, (_, n) => (
                      <option value={String(n)} selected={values.companions === String(n)}>
                        {n === 0 ? t('lounges.companionsNone') : String(n)}
                      </option>
                    ))}
                  </select>
                  <small>{allowance.companionsPerVisit > 0 ? t('lounges.companionsLimit', { count: allowance.companionsPerVisit }) : t('lounges.companionsLimitNone')}</small>
                </label>
                <Field name="flight" label={t('lounges.flight')} value={values.flight} error={errors.flight} hint={t('lounges.flightHint')} limit={textLimit(t, TEXT_LIMITS.flightNo)} autocomplete="off" />
                <button type="submit">{t('lounges.next')}</button>
              </form>
            )}
          </article>
        )}
      </div>
    </Layout>
  );
}
