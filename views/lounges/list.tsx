import { Layout } from '../layout';
import { PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import type { LoungeAllowance, LoungeRow } from '../../src/lounges/service';
import { Amenities, LoungeFacts } from './parts';

export function LoungeListPage({ ui, lounges, allowance }: { ui: Ui; lounges: LoungeRow[]; allowance: LoungeAllowance | null }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('lounges.title')}>
      <PageTitle title={t('lounges.title')} intro={t('lounges.intro')} />
      {allowance && (
        <p class="callout">
          {t('lounges.allowance', { visits: allowance.visitsPerYear, companions: allowance.companionsPerVisit })}
        </p>
      )}
      <div class="card-grid">
        {lounges.map((lounge) => (
          <article class="lounge-card">
            <header>
              <p class="badges">
                <span class="badge">{lounge.airportCode}</span>
                <span class="badge badge-muted">{lounge.terminal}</span>
              </p>
              <h2>{pick(ui, lounge.nameZh, lounge.nameEn)}</h2>
            </header>
            <p>{pick(ui, lounge.descriptionZh, lounge.descriptionEn)}</p>
            <LoungeFacts ui={ui} lounge={lounge} />
            <Amenities ui={ui} lounge={lounge} />
          </article>
        ))}
      </div>
    </Layout>
  );
}
