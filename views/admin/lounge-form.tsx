import { Layout } from '../layout';
import { Field, FormError, SelectField, TextArea, textLimit } from '../components/form';
import { TEXT_LIMITS as L } from '../../src/lib/text-limits';
import { Breadcrumb } from '../components/page';
import { pick, type Ui } from '../ui';
import { LOUNGE_AMENITIES } from '../../db/schema';
import type { LoungeRow } from '../../src/lounges/service';
import { minutesToClock } from '../../src/lib/time';

export interface LoungeFormProps {
  ui: Ui;
  lounge?: LoungeRow;
  /** what was typed, when the form comes back with problems */
  values?: Record<string, string | string[]>;
  errors?: Record<string, string>;
}

/** The form's values: what was typed if it came back, else the lounge as stored, else sensible defaults. */
export function loungeFormValues(lounge: LoungeRow | undefined, typed: Record<string, string | string[]> | undefined): Record<string, string | string[]> {
  if (typed) return typed;
  if (!lounge) return { capacity: '40', opensAt: '06:00', closesAt: '24:00', slotMinutes: '60', prebookSharePct: '70', noShowPolicy: 'release', amenities: ['wifi', 'food'] };
  return {
    code: lounge.code,
    airportCode: lounge.airportCode,
    terminal: lounge.terminal,
    nameZh: lounge.nameZh,
    nameEn: lounge.nameEn,
    locationZh: lounge.locationZh,
    locationEn: lounge.locationEn,
    descriptionZh: lounge.descriptionZh,
    descriptionEn: lounge.descriptionEn,
    amenities: lounge.amenities,
    capacity: String(lounge.capacity),
    opensAt: minutesToClock(lounge.opensAt),
    closesAt: minutesToClock(lounge.closesAt, { closing: true }),
    slotMinutes: String(lounge.slotMinutes),
    prebookSharePct: String(lounge.prebookSharePct),
    noShowPolicy: lounge.noShowPolicy,
  };
}

export function LoungeFormPage({ ui, lounge, values, errors = {} }: LoungeFormProps) {
  const { t } = ui;
  const v = loungeFormValues(lounge, values);
  const s = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
  const amenities = Array.isArray(v.amenities) ? v.amenities : typeof v.amenities === 'string' ? [v.amenities] : [];
  const e = errors;
  const title = lounge ? t('admin.lounges.editTitle') : t('admin.lounges.new');
  return (
    <Layout ui={ui} title={title} narrow>
      <Breadcrumb ui={ui} trail={[{ href: '/admin', label: t('admin.title') }, { href: '/admin/lounges', label: t('admin.lounges.title') }]} current={lounge ? pick(ui, lounge.nameZh, lounge.nameEn) : title} />
      <h1>{title}</h1>
      <form method="post" action={lounge ? `/admin/lounges/${lounge.id}` : '/admin/lounges'} novalidate>
        <FormError message={e._form} />
        <div class="grid">
          <Field name="code" label={t('admin.lounges.code')} value={s('code')} error={e.code} maxlength={16} hint={t('admin.lounges.codeHint')} required />
          <Field name="airportCode" label={t('admin.lounges.airport')} value={s('airportCode')} error={e.airportCode} maxlength={3} hint={t('admin.lounges.airportHint')} required />
          <Field name="terminal" label={t('admin.lounges.terminal')} value={s('terminal')} error={e.terminal} limit={textLimit(t, L.loungeTerminal)} required />
        </div>
        <div class="grid">
          <Field name="nameZh" label={t('admin.clubs.nameZh')} value={s('nameZh')} error={e.nameZh} limit={textLimit(t, L.loungeName)} required />
          <Field name="nameEn" label={t('admin.clubs.nameEn')} value={s('nameEn')} error={e.nameEn} limit={textLimit(t, L.loungeName)} required />
        </div>
        <div class="grid">
          <Field name="locationZh" label={t('admin.lounges.locationZh')} value={s('locationZh')} error={e.locationZh} limit={textLimit(t, L.loungeLocation)} required />
          <Field name="locationEn" label={t('admin.lounges.locationEn')} value={s('locationEn')} error={e.locationEn} limit={textLimit(t, L.loungeLocation)} required />
        </div>
        <TextArea name="descriptionZh" label={t('admin.clubs.descriptionZh')} value={s('descriptionZh')} error={e.descriptionZh} limit={textLimit(t, L.loungeDescription)} required />
        <TextArea name="descriptionEn" label={t('admin.clubs.descriptionEn')} value={s('descriptionEn')} error={e.descriptionEn} limit={textLimit(t, L.loungeDescription)} required />
        <fieldset>
          <legend>{t('lounges.amenities')}</legend>
          <div class="checkbox-grid">
            {LOUNGE_AMENITIES.map((a) => (
              <label for={`f-amenity-${a}`}>
                <input id={`f-amenity-${a}`} type="checkbox" name="amenities" value={a} checked={amenities.includes(a)} />
                {t(`amenity.${a}`)}
              </label>
            ))}
          </div>
          {e.amenities && <small class="field-error">{e.amenities}</small>}
        </fieldset>
        <div class="grid">
          <Field name="capacity" label={t('admin.lounges.capacity')} type="number" inputmode="numeric" value={s('capacity')} error={e.capacity} min={1} max={2000} required />
          <Field name="opensAt" label={t('admin.lounges.opensAt')} value={s('opensAt')} error={e.opensAt} maxlength={5} hint="06:00" required />
          <Field name="closesAt" label={t('admin.lounges.closesAt')} value={s('closesAt')} error={e.closesAt} maxlength={5} hint="24:00" required />
        </div>
        <div class="grid">
          <SelectField
            name="slotMinutes"
            label={t('admin.lounges.slotMinutes')}
            value={s('slotMinutes')}
            error={e.slotMinutes}
            options={['30', '60', '90', '120', '180'].map((m) => ({ value: m, label: t('admin.lounges.minutes', { count: Number(m) }) }))}
          />
          <Field name="prebookSharePct" label={t('admin.lounges.prebookShare')} type="number" inputmode="numeric" value={s('prebookSharePct')} error={e.prebookSharePct} min={0} max={100} hint={t('admin.lounges.prebookShareHint')} required />
          <SelectField
            name="noShowPolicy"
            label={t('lounges.noShowPolicy')}
            value={s('noShowPolicy')}
            error={e.noShowPolicy}
            options={(['release', 'use'] as const).map((p) => ({ value: p, label: t(`lounges.noShow.${p}`) }))}
          />
        </div>
        <button type="submit">{lounge ? t('admin.clubs.save') : t('admin.lounges.create')}</button>
      </form>
    </Layout>
  );
}
