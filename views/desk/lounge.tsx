import { Layout } from '../layout';
import { Breadcrumb, PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import type { LoungeRow } from '../../src/lounges/service';
import { Amenities, LoungeFacts } from '../lounges/parts';

export function DeskLoungePage({ ui, lounge, today }: { ui: Ui; lounge: LoungeRow; today: number }) {
  const { t } = ui;
  const name = pick(ui, lounge.nameZh, lounge.nameEn);
  return (
    <Layout ui={ui} title={name}>
      <Breadcrumb ui={ui} trail={[{ href: '/desk', label: t('desk.title') }]} current={name} />
      <PageTitle title={name} intro={t('desk.today', { date: ui.fmt.date(today) })} />
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
