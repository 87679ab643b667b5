import { Layout } from '../layout';
import { PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import type { LoungeAllowance, LoungeListItem } from '../../src/lounges/service';
import { Amenities, LoungeFacts } from './parts';

export function AllowanceNote({ ui, allowance }: { ui: Ui; allowance: LoungeAllowance }) {
  const { t } = ui;
  const b = allowance.balance;
  return (
    <p class="callout">
      {allowance.companionsPerVisit > 0
        ? t('lounges.allowance', { year: allowance.year, visits: b.allowance, count: allowance.companionsPerVisit, reserved: b.reserved, used: b.used, remaining: b.remaining })
        : t('lounges.allowanceSolo', { year: allowance.year, visits: b.allowance, reserved: b.reserved, used: b.used, remaining: b.remaining })}{' '}
      <a href={`/me/statement?year=${allowance.year}`}>{t('lounges.statementLink')}</a>
    </p>
  );
}

export function LoungeListPage({ ui, lounges, allowance }: { ui: Ui; lounges: LoungeListItem[]; allowance: LoungeAllowance | null }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('lounges.title')}>
      <PageTitle title={t('lounges.title')} intro={t('lounges.intro')} />
      {allowance && <AllowanceNote ui={ui} allowance={allowance} />}
      <div class="card-grid">
        {lounges.map(({ lounge, todayLevel }) => (
          <article class="lounge-card">
            <header>
              <p class="badges">
                <span class="badge">{lounge.airportCode}</span>
                <span class="badge badge-muted">{lounge.terminal}</span>
              </p>
              <h2>
                <a href={`/lounges/${lounge.id}`}>{pick(ui, lounge.nameZh, lounge.nameEn)}</a>
              </h2>
            </header>
            <p>{pick(ui, lounge.descriptionZh, lounge.descriptionEn)}</p>
            <LoungeFacts ui={ui} lounge={lounge} />
            <Amenities ui={ui} lounge={lounge} />
            <footer class="card-footer">
              <span class={`status level-${todayLevel ?? 'closed'}`}>
                {todayLevel ? t('lounges.todayLevel', { level: t(`lounges.level.${todayLevel}`) }) : t('lounges.closedToday')}
              </span>
              {allowance && (
                <a href={`/lounges/${lounge.id}`} role="button" class="compact">
                  {t('lounges.book')}
                </a>
              )}
            </footer>
          </article>
        ))}
      </div>
    </Layout>
  );
}
