import { pick, type Ui } from '../ui';
import { minutesToClock } from '../../src/lib/time';
import type { LoungeRow } from '../../src/lounges/service';

export function LoungeFacts({ ui, lounge }: { ui: Ui; lounge: LoungeRow }) {
  const { t } = ui;
  return (
    <dl class="facts compact">
      <dt>{t('lounges.location')}</dt>
      <dd>{pick(ui, lounge.locationZh, lounge.locationEn)}</dd>
      <dt>{t('lounges.hours')}</dt>
      <dd>
        {minutesToClock(lounge.opensAt)}–{minutesToClock(lounge.closesAt, { closing: true })}
      </dd>
      <dt>{t('lounges.capacity')}</dt>
      <dd>{t('lounges.seats', { count: lounge.capacity })}</dd>
      <dt>{t('lounges.noShowPolicy')}</dt>
      <dd>{t(`lounges.noShow.${lounge.noShowPolicy}`)}</dd>
    </dl>
  );
}

export function Amenities({ ui, lounge }: { ui: Ui; lounge: LoungeRow }) {
  return (
    <ul class="amenities" aria-label={ui.t('lounges.amenities')}>
      {lounge.amenities.map((a) => (
        <li>{ui.t(`amenity.${a}`)}</li>
      ))}
    </ul>
  );
}
