import type { Ui } from '../ui';

/** The parts of the coordinator's desk: clubs, events, and members' feedback about their clubs. */
export function CoordinatorTabs({ ui, current }: { ui: Ui; current: 'clubs' | 'events' | 'feedback' }) {
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
        <li>
          <a href="/coordinator/feedback" aria-current={current === 'feedback' ? 'page' : undefined}>
            {t('coordinator.tab.feedback')}
          </a>
        </li>
      </ul>
    </nav>
  );
}
