import { Layout } from '../layout';
import { PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import type { AdminOverview } from '../../src/admin/service';
import type { MessageKey } from '../../src/lib/i18n';
import { Meter } from './charts';
import { fillLevel } from './capacity';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** "5 minutes" / "3 hours" / "2 days": how long the oldest message has waited. */
function ageText(ui: Ui, ms: number): string {
  if (ms >= 48 * HOUR_MS) return ui.t('admin.dash.age.days', { count: Math.floor(ms / (24 * HOUR_MS)) });
  if (ms >= HOUR_MS) return ui.t('admin.dash.age.hours', { count: Math.floor(ms / HOUR_MS) });
  return ui.t('admin.dash.age.minutes', { count: Math.max(1, Math.floor(ms / MINUTE_MS)) });
}

const LINKS: Array<[string, MessageKey]> = [
  ['/admin/members', 'admin.dash.link.members'],
  ['/admin/import', 'admin.dash.link.import'],
  ['/admin/clubs', 'admin.clubs.title'],
  ['/admin/lounges', 'admin.lounges.title'],
  ['/admin/entitlements', 'admin.entitlements.title'],
  ['/admin/tiers', 'admin.dash.link.tiers'],
  ['/admin/capacity', 'admin.dash.link.capacity'],
  ['/admin/reports', 'admin.dash.link.reports'],
  ['/admin/feedback', 'admin.feedback.title'],
  ['/admin/satisfaction', 'admin.satisfaction.title'],
  ['/admin/outbox', 'admin.outbox.link'],
  ['/admin/audit', 'admin.dash.link.audit'],
];

function TodayCard({ ui, data }: { ui: Ui; data: AdminOverview }) {
  const { t } = ui;
  return (
    <article aria-labelledby="dash-events">
      <h2 id="dash-events">{t('admin.dash.today')}</h2>
      {data.todaysEvents.length === 0 ? (
        <p>{t('admin.dash.noEventsToday')}</p>
      ) : (
        <ul class="dash-list">
          {data.todaysEvents.map((e) => (
            <li>
              <a href={`/coordinator/events/${e.id}/attendance`}>{pick(ui, e.titleZh, e.titleEn)}</a> <small class="num-muted">{ui.fmt.range(e.startsAt, e.endsAt)}</small>
              <br />
              {t('admin.dash.checkedIn', { in: e.checkedInSeats, count: e.confirmedSeats, capacity: e.capacity })}
              <Meter value={e.checkedInSeats} max={Math.max(1, e.confirmedSeats)} />
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

function LoungesCard({ ui, data }: { ui: Ui; data: AdminOverview }) {
  const { t } = ui;
  return (
    <article aria-labelledby="dash-lounges">
      <h2 id="dash-lounges">{t('admin.dash.loungesNow')}</h2>
      {data.loungesNow.length === 0 ? (
        <p>{t('admin.capacity.noLounges')}</p>
      ) : (
        <ul class="dash-list">
          {data.loungesNow.map((l) => (
            <li>
              <a href={`/admin/lounges/${l.id}/occupancy`}>{pick(ui, l.nameZh, l.nameEn)}</a>
              <br />
              {t('admin.capacity.loungeNow', { inside: l.inside, capacity: l.capacity, pct: l.capacity ? Math.round((l.inside / l.capacity) * 100) : 0 })}
              {l.alert && <strong class="dash-alert"> · {t(l.alert === 'full' ? 'admin.capacity.full' : 'admin.capacity.near')}</strong>}
              <Meter value={l.inside} max={l.capacity} level={fillLevel(l.inside, l.capacity)} />
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

function AttentionCards({ ui, data }: { ui: Ui; data: AdminOverview }) {
  const { t } = ui;
  const { pending, feedback, outbox } = data;
  return (
    <>
      <article aria-labelledby="dash-pending">
        <h2 id="dash-pending">{t('admin.dash.pending')}</h2>
        <p class="dash-figure">{t('admin.dash.pendingCount', { count: pending.total })}</p>
        {pending.clubs.length > 0 && (
          <ul class="dash-list">
            {pending.clubs.slice(0, 5).map((c) => (
              <li>
                <a href={`/coordinator/clubs/${c.id}?status=pending`}>{t('admin.dash.pendingClub', { name: pick(ui, c.nameZh, c.nameEn), count: c.pending })}</a>
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href="/admin/capacity#cap-clubs">{t('admin.dash.allClubs')}</a>
        </p>
      </article>
      <article aria-labelledby="dash-feedback">
        <h2 id="dash-feedback">{t('admin.dash.feedback')}</h2>
        <p class={feedback.overdue > 0 ? 'dash-figure dash-alert' : 'dash-figure'}>{t('admin.dash.overdue', { count: feedback.overdue })}</p>
        <p>{t('admin.dash.dueSoon', { count: feedback.dueSoon })}</p>
        <p>
          <a href="/admin/feedback">{t('admin.dash.openQueue')}</a>
        </p>
      </article>
      <article aria-labelledby="dash-outbox">
        <h2 id="dash-outbox">{t('admin.dash.outbox')}</h2>
        <p class={outbox.failed > 0 ? 'dash-figure dash-alert' : 'dash-figure'}>{t('admin.dash.failed', { count: outbox.failed })}</p>
        <p>{outbox.pending === 0 ? t('admin.dash.nothingWaiting') : t('admin.dash.waiting', { count: outbox.pending, age: ageText(ui, outbox.oldestPendingAgeMs) })}</p>
        <p>
          <a href="/admin/outbox">{t('admin.dash.openOutbox')}</a>
        </p>
      </article>
    </>
  );
}

export function AdminOverviewPage({ ui, data }: { ui: Ui; data: AdminOverview }) {
  const { t } = ui;
  const totalMembers = data.membersByTier.reduce((sum, r) => sum + r.members, 0);
  return (
    <Layout ui={ui} title={t('admin.title')}>
      <PageTitle title={t('admin.title')} intro={t('admin.dash.intro', { date: ui.fmt.dateTime(data.now) })} />
      <nav aria-label={t('admin.dash.sections')}>
        <p class="admin-links">
          <a href="/admin/members/new" role="button">
            {t('admin.enrol.title')}
          </a>
          {LINKS.map(([href, key]) => (
            <a href={href} role="button" class="secondary outline">
              {t(key)}
            </a>
          ))}
        </p>
      </nav>
      <div class="dash-grid">
        <TodayCard ui={ui} data={data} />
        <LoungesCard ui={ui} data={data} />
        <AttentionCards ui={ui} data={data} />
      </div>
      <div class="stat-grid">
        <article class="stat">
          <p class="stat-value">{totalMembers}</p>
          <p class="stat-label">{t('admin.stat.members')}</p>
        </article>
        <article class="stat">
          <p class="stat-value">{data.clubs}</p>
          <p class="stat-label">{t('admin.stat.clubs')}</p>
        </article>
        <article class="stat">
          <p class="stat-value">{data.upcomingEvents}</p>
          <p class="stat-label">{t('admin.stat.events')}</p>
        </article>
        <article class="stat">
          <p class="stat-value">{data.lounges}</p>
          <p class="stat-label">{t('admin.stat.lounges')}</p>
        </article>
      </div>
      <div class="home-grid">
        <article>
          <h2>{t('admin.membersByTier')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('account.tier')}</th>
                <th scope="col" class="num">
                  {t('admin.stat.members')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.membersByTier.map((r) => (
                <tr>
                  <th scope="row">{pick(ui, r.nameZh, r.nameEn)}</th>
                  <td class="num">{r.members}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </article>
        <article>
          <h2>{t('admin.staff')}</h2>
          <dl class="facts">
            <dt>{t('role.coordinator')}</dt>
            <dd>{data.staff.coordinators}</dd>
            <dt>{t('role.lounge_staff')}</dt>
            <dd>{data.staff.loungeStaff}</dd>
            <dt>{t('role.admin')}</dt>
            <dd>{data.staff.admins}</dd>
            <dt>{t('admin.disabled')}</dt>
            <dd>{data.disabledAccounts}</dd>
          </dl>
        </article>
      </div>
    </Layout>
  );
}
