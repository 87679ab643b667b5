import { Layout } from '../layout';
import { pick, type Ui } from '../ui';
import type { LoungeRow } from '../../src/lounges/service';
import { Amenities, LoungeFacts } from '../lounges/parts';

export function DeskLoungePage({ ui, lounge, today }: { ui: Ui; lounge: LoungeRow; today: number }) {
  const { t } = ui;
  const name = pick(ui, lounge.nameZh, lounge.nameEn);
  return (
    <Layout ui={ui} title={name}>
      <nav class="breadcrumb" aria-label={t('a11y.breadcrumb')}>
        <ul>
          <li>
            <a href="/desk">{t('desk.title')}</a>
          </li>
          <li>{name}</li>
        </ul>
      </nav>
      <hgroup>
        <h1>{name}</h1>
        <p>{t('desk.today', { date: ui.fmt.date(today) })}</p>
      </hgroup>
      <article>
        <LoungeFacts ui={ui} lounge={lounge} />
        <p>
          {t('desk.slotSettings', { minutes: lounge.slotMinutes, share: lounge.prebookSharePct })}
        </p>
        <Amenities ui={ui} lounge={lounge} />
      </article>
    </Layout>
  );
}
