import type { Ui } from '../ui';

/** The two halves of the coordinator's desk. */
export function CoordinatorTabs({ ui, current }: { ui: Ui; current: 'clubs' | 'events' }) {
  const { t } = ui;
  return (
    <nav class="tabs" aria-label={t('coordinator.title')}>
      <ul>
        <li>
          <a href="/coordinator" aria-current={current === 'clubs' ? 'page' : undefined}>
            {t('coordinator.title')}
          </a>
        </li>
        <li>
          <a href="/coordinator/events" aria-current={current === 'events' ? 'page' : undefined}>
            {t('evm.title')}
          </a>
        </li>
      </ul>
    </nav>
  );
}
