import { Layout } from '../layout';
import { PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import type { LoungeRow } from '../../src/lounges/service';
import { minutesToClock } from '../../src/lib/time';

export function DeskHomePage({ ui, lounges }: { ui: Ui; lounges: LoungeRow[] }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('desk.title')}>
      <PageTitle title={t('desk.title')} intro={t('desk.intro')} />
      {lounges.length === 0 ? (
        <p class="empty">{t('desk.noLounges')}</p>
      ) : (
        <div class="card-grid">
          {lounges.map((lounge) => (
            <article>
              <h2>
                <a href={`/desk/lounges/${lounge.id}`}>{pick(ui, lounge.nameZh, lounge.nameEn)}</a>
              </h2>
              <p>
                {lounge.airportCode} {lounge.terminal} · {minutesToClock(lounge.opensAt)}–{minutesToClock(lounge.closesAt, { closing: true })} ·{' '}
                {t('lounges.seats', { count: lounge.capacity })}
              </p>
            </article>
          ))}
        </div>
      )}
    </Layout>
  );
}
