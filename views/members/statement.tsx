import { Layout } from '../layout';
import { Breadcrumb, PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import type { LedgerLine, Statement } from '../../src/lounges/entitlements';
import type { Balance } from '../../src/lounges/policy';
import type { MessageKey } from '../../src/lib/i18n';
import { formatCode } from '../../src/lib/codes';
import { TableScroll } from '../components/table';

/** One ledger line in plain words, in the reader's language. */
export function ledgerText(ui: Ui, line: LedgerLine, year: number): string {
  const p = line.params;
  const lounge = typeof p.loungeZh === 'string' ? pick(ui, p.loungeZh, String(p.loungeEn ?? p.loungeZh)) : '';
  const time = typeof p.slotStart === 'number' ? ui.fmt.dateTime(p.slotStart) : '';
  switch (line.type) {
    case 'grant':
      return ui.t('ledger.grant', { year, tier: pick(ui, String(p.tierZh ?? ''), String(p.tierEn ?? '')), visits: line.allowanceDelta });
    case 'use':
      return ui.t(p.walkIn ? 'ledger.useWalkIn' : 'ledger.use', { lounge });
    case 'no_show':
      return ui.t(`ledger.no_show.${p.policy === 'use' ? 'use' : 'release'}` as MessageKey, { lounge, time });
    case 'adjust':
      if (p.kind === 'tierAllowance') return ui.t('ledger.tierAllowance', { tier: pick(ui, String(p.tierZh ?? ''), String(p.tierEn ?? '')), from: Number(p.from), to: Number(p.to) });
      return ui.t('ledger.adjust', { reason: line.reason ?? '' });
    case 'tier_change':
      return ui.t('ledger.tier_change', { from: pick(ui, String(p.fromZh ?? ''), String(p.fromEn ?? '')), to: pick(ui, String(p.toZh ?? ''), String(p.toEn ?? '')) });
    default:
      return ui.t(`ledger.${line.type}` as MessageKey, { lounge, time });
  }
}

function change(line: LedgerLine): string {
  // what the line did to the visits left: − for a reservation or a use, + for a release or more allowance
  const delta = line.allowanceDelta - line.reservedDelta - line.usedDelta;
  return delta === 0 ? '±0' : delta > 0 ? `+${delta}` : String(delta);
}

/** Allowance, reserved, used and remaining for the year. */
export function BalanceStats({ ui, balance: b }: { ui: Ui; balance: Balance }) {
  const { t } = ui;
  return (
    <div class="stat-grid">
      <article class="stat">
        <p class="stat-value">{b.allowance}</p>
        <p class="stat-label">{t('statement.allowance')}</p>
      </article>
      <article class="stat">
        <p class="stat-value">{b.reserved}</p>
        <p class="stat-label">{t('statement.reserved')}</p>
      </article>
      <article class="stat">
        <p class="stat-value">{b.used}</p>
        <p class="stat-label">{t('statement.used')}</p>
      </article>
      <article class="stat">
        <p class="stat-value">{b.remaining}</p>
        <p class="stat-label">{t('statement.remaining')}</p>
      </article>
    </div>
  );
}

/** Every ledger line with its reason, its effect and the running balance — the "transparent bill". */
export function LedgerTable({ ui, statement }: { ui: Ui; statement: Statement }) {
  const { t } = ui;
  return (
    <>
      {statement.lines.length === 0 ? (
        <p class="empty">{t('statement.empty')}</p>
      ) : (
        <TableScroll label={t('statement.title')}>
          <table class="striped card-table statement">
            <thead>
              <tr>
                <th scope="col">{t('statement.col.when')}</th>
                <th scope="col">{t('statement.col.what')}</th>
                <th scope="col" class="num">
                  {t('statement.col.change')}
                </th>
                <th scope="col" class="num">
                  {t('statement.col.balance')}
                </th>
              </tr>
            </thead>
            <tbody>
              {statement.lines.map((line) => (
                <tr>
                  <td data-label={t('statement.col.when')}>{line.id === null ? t('statement.pending') : ui.fmt.dateTime(line.at)}</td>
                  <td data-label={t('statement.col.what')}>
                    {ledgerText(ui, line, statement.year)}
                    {line.bookingCode && (
                      <>
                        {' '}
                        <a href={`/lounges/passes/${line.bookingCode}`}>
                          <small>{formatCode(line.bookingCode)}</small>
                        </a>
                      </>
                    )}
                  </td>
                  <td class="num" data-label={t('statement.col.change')}>{change(line)}</td>
                  <td class="num" data-label={t('statement.col.balance')}>{line.remaining}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}

export function StatementPage({ ui, statement, years }: { ui: Ui; statement: Statement; years: number[] }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('statement.title')}>
      <Breadcrumb ui={ui} trail={[{ href: '/me', label: t('nav.me') }]} current={t('statement.title')} />
      <PageTitle title={t('statement.title')} intro={t('statement.intro')} />
      <form method="get" action="/me/statement" class="day-chooser">
        <label for="f-year">
          {t('statement.year')}
          <select id="f-year" name="year">
            {years.map((y) => (
              <option value={String(y)} selected={y === statement.year}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="secondary compact">
          {t('lounges.showDay')}
        </button>
      </form>
      <BalanceStats ui={ui} balance={statement.balance} />
      <LedgerTable ui={ui} statement={statement} />
    </Layout>
  );
}
