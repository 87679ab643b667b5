import { QrCode } from './qr-code';
import { qrMatrix } from '../../src/lib/qr';
import { formatCode } from '../../src/lib/codes';
import { pick, type Ui } from '../ui';
import { CardNumber } from './card-number';

export interface TierCardData {
  memberName: string;
  cardCode: string;
  tier: { code: string; nameZh: string; nameEn: string; loungeVisitsPerYear: number; companionsPerVisit: number; earlyAccessHours: number };
}

/** The text inside the membership card's QR code; the lounge desk reads it. */
export function cardQrPayload(cardCode: string): string {
  return `HNVIP:CARD:${cardCode}`;
}

export function TierCard({ ui, data }: { ui: Ui; data: TierCardData }) {
  const { t } = ui;
  const tierName = pick(ui, data.tier.nameZh, data.tier.nameEn);
  return (
    <section class={`tier-card tier-${data.tier.code}`} aria-labelledby="tier-card-title">
      <div class="tier-card-text">
        <p class="tier-card-brand">{t('card.brand')}</p>
        <h2 id="tier-card-title" class="tier-card-tier">
          {tierName}
        </h2>
        <p class="tier-card-name">{data.memberName}</p>
        <p class="tier-card-code">
          <span class="visually-hidden">{t('card.code')} </span>
          <CardNumber code={data.cardCode} />
        </p>
      </div>
      <div class="tier-card-qr">
        <QrCode matrix={qrMatrix(cardQrPayload(data.cardCode))} label={t('card.qrLabel', { code: formatCode(data.cardCode) })} />
      </div>
    </section>
  );
}

export function TierBenefits({ ui, tier }: { ui: Ui; tier: TierCardData['tier'] }) {
  const { t } = ui;
  return (
    <ul class="benefits">
      <li>
        <strong>{t('benefits.loungeVisits', { count: tier.loungeVisitsPerYear })}</strong>
        <span>{t('benefits.loungeVisitsDetail')}</span>
      </li>
      <li>
        <strong>{tier.companionsPerVisit > 0 ? t('benefits.companions', { count: tier.companionsPerVisit }) : t('benefits.noCompanions')}</strong>
        {tier.companionsPerVisit > 0 && <span>{t('benefits.companionsDetail')}</span>}
      </li>
      <li>
        <strong>{tier.earlyAccessHours > 0 ? t('benefits.earlyAccess', { count: tier.earlyAccessHours }) : t('benefits.noEarlyAccess')}</strong>
        <span>{t('benefits.earlyAccessDetail')}</span>
      </li>
    </ul>
  );
}
