import { Layout } from '../layout';
import { Field, FormError, SelectField, TextArea, textLimit } from '../components/form';
import { TEXT_LIMITS as L } from '../../src/lib/text-limits';
import { Breadcrumb } from '../components/page';
import { pick, type Ui } from '../ui';
import { CITIES } from '../../db/schema';
import type { EventRow } from '../../src/events/service';
import type { TierRow } from '../../src/members/service';

export interface EventFormProps {
  ui: Ui;
  event?: EventRow;
  clubs: Array<{ id: number; nameZh: string; nameEn: string }>;
  /** admins may create programme-wide events (no club) */
  allowProgrammeWide: boolean;
  tiers: TierRow[];
  /** field values as strings: typed ones when the form came back, else the event's */
  values: Record<string, string>;
  errors?: Record<string, string>;
  /** offer "the start has passed, save anyway" (after a start in the past was refused) */
  askConfirmPast?: boolean;
  cancelError?: string;
  cancelReason?: string;
}

export function EventFormPage(p: EventFormProps) {
  const { ui, event } = p;
  const { t } = ui;
  const v = p.values;
  const e = p.errors ?? {};
  const title = event ? t('evm.form.editTitle') : t('evm.form.newTitle');
  const clubOptions = [...(p.allowProgrammeWide ? [{ value: '', label: t('evm.form.programmeWide') }] : []), ...p.clubs.map((c) => ({ value: String(c.id), label: pick(ui, c.nameZh, c.nameEn) }))];
  return (
    <Layout ui={ui} title={title} narrow>
      <Breadcrumb ui={ui} trail={[{ href: '/coordinator/events', label: t('evm.title') }]} current={event ? pick(ui, event.titleZh, event.titleEn) : title} />
      <h1>{title}</h1>
      <form method="post" action={event ? `/coordinator/events/${event.id}` : '/coordinator/events'} novalidate>
        <FormError message={e._form} />
        <div class="grid">
          <SelectField name="clubId" label={t('evm.form.club')} value={v.clubId} error={e.clubId} options={clubOptions} />
          <SelectField name="city" label={t('evm.form.city')} value={v.city} error={e.city} options={CITIES.map((c) => ({ value: c, label: t(`city.${c}`) }))} />
        </div>
        <div class="grid">
          <Field name="titleZh" label={t('evm.form.titleZh')} value={v.titleZh} error={e.titleZh} limit={textLimit(t, L.eventTitleZh)} required />
          <Field name="titleEn" label={t('evm.form.titleEn')} value={v.titleEn} error={e.titleEn} limit={textLimit(t, L.eventTitleEn)} required />
        </div>
        <TextArea name="descriptionZh" label={t('evm.form.descriptionZh')} value={v.descriptionZh} error={e.descriptionZh} limit={textLimit(t, L.eventDescription)} required />
        <TextArea name="descriptionEn" label={t('evm.form.descriptionEn')} value={v.descriptionEn} error={e.descriptionEn} limit={textLimit(t, L.eventDescription)} required />
        <div class="grid">
          <Field name="venueZh" label={t('evm.form.venueZh')} value={v.venueZh} error={e.venueZh} limit={textLimit(t, L.eventVenueZh)} required />
          <Field name="venueEn" label={t('evm.form.venueEn')} value={v.venueEn} error={e.venueEn} limit={textLimit(t, L.eventVenueEn)} required />
        </div>
        <div class="grid">
          <Field name="startsAt" type="datetime-local" label={t('evm.form.startsAt')} value={v.startsAt} error={e.startsAt} hint={t('evm.form.timesHint')} required />
          <Field name="endsAt" type="datetime-local" label={t('evm.form.endsAt')} value={v.endsAt} error={e.endsAt} required />
        </div>
        {p.askConfirmPast && (
          <label for="f-confirmPast" class="checkbox-cell confirm-past">
            <input id="f-confirmPast" type="checkbox" name="confirmPast" checked={v.confirmPast === 'on'} {...(e.startsAt ? { 'aria-describedby': 'f-startsAt-error' } : {})} />
            {t('evm.form.confirmPast')}
          </label>
        )}
        <div class="grid">
          <Field name="opensAt" type="datetime-local" label={t('evm.form.opensAt')} value={v.opensAt} error={e.opensAt} hint={t('evm.form.opensHint')} required />
          <Field name="closesAt" type="datetime-local" label={t('evm.form.closesAt')} value={v.closesAt} error={e.closesAt} required />
        </div>
        <div class="grid">
          <Field name="capacity" type="number" inputmode="numeric" label={t('evm.form.capacity')} value={v.capacity} error={e.capacity} min={1} max={100000} required />
          <Field name="maxGuests" type="number" inputmode="numeric" label={t('evm.form.maxGuests')} value={v.maxGuests} error={e.maxGuests} min={0} max={10} required />
        </div>
        <div class="grid">
          <SelectField
            name="minTier"
            label={t('evm.form.minTier')}
            value={v.minTier}
            error={e.minTier}
            options={[{ value: '', label: t('admin.clubs.noMinTier') }, ...p.tiers.map((tier) => ({ value: tier.code, label: pick(ui, tier.nameZh, tier.nameEn) }))]}
          />
          <label for="f-requiresClubMembership" class="checkbox-cell">
            <input id="f-requiresClubMembership" type="checkbox" name="requiresClubMembership" role="switch" checked={v.requiresClubMembership === 'on'} />
            {t('evm.form.clubOnly')}
          </label>
        </div>
        <div class="grid">
          <Field name="childMinAge" type="number" inputmode="numeric" label={t('evm.form.childMinAge')} value={v.childMinAge} error={e.childMinAge} min={0} max={17} />
          <Field name="childMaxAge" type="number" inputmode="numeric" label={t('evm.form.childMaxAge')} value={v.childMaxAge} error={e.childMaxAge} min={0} max={17} />
        </div>
        <button type="submit">{event ? t('evm.form.save') : t('evm.form.create')}</button>
      </form>
      {event && event.status === 'scheduled' && (
        <article class="danger-zone">
          <details open={!!p.cancelError}>
            <summary>{t('evm.cancel')}</summary>
            <p>{t('evm.cancelIntro')}</p>
            <form method="post" action={`/coordinator/events/${event.id}/cancel`} novalidate>
              <Field name="reason" label={t('evm.cancelReason')} value={p.cancelReason} error={p.cancelError} limit={textLimit(t, L.reason)} required />
              <button type="submit" class="contrast">
                {t('evm.cancelConfirm')}
              </button>
            </form>
          </details>
        </article>
      )}
    </Layout>
  );
}
