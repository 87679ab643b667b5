import { Layout } from '../layout';
import { Breadcrumb, PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import type { LoungeAdminItem } from '../../src/lounges/admin';
import { minutesToClock } from '../../src/lib/time';
import { maskPhone } from '../../src/lib/phone';
import { prebookCapacity } from '../../src/lounges/policy';
import { TableScroll } from '../components/table';

type Person = { id: number; name: string; phone: string };

function StaffCell({ ui, item, pool }: { ui: Ui; item: LoungeAdminItem; pool: Person[] }) {
  const { t } = ui;
  const id = item.lounge.id;
  const free = pool.filter((p) => !item.staff.some((s) => s.id === p.id));
  return (
    <>
      {item.staff.length === 0 ? (
        <p class="empty">{t('admin.lounges.noStaff')}</p>
      ) : (
        <ul class="plain-list">
          {item.staff.map((s) => (
            <li class="inline-row">
              <span>
                {s.name} <small>{maskPhone(s.phone)}</small>
              </span>
              <form method="post" action={`/admin/lounges/${id}/staff`} class="inline-form">
                <input type="hidden" name="userId" value={String(s.id)} />
                <input type="hidden" name="assigned" value="0" />
                <button type="submit" class="secondary outline compact" aria-label={t('admin.lounges.removeStaffLabel', { name: s.name })}>
                  {t('admin.lounges.removeStaff')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      {free.length > 0 && (
        <form method="post" action={`/admin/lounges/${id}/staff`} class="inline-row">
          <input type="hidden" name="assigned" value="1" />
          <label for={`f-staff-${id}`} class="visually-hidden">
            {t('admin.lounges.addStaff')}
          </label>
          <select id={`f-staff-${id}`} name="userId">
            {free.map((p) => (
              <option value={String(p.id)}>
                {p.name} {maskPhone(p.phone)}
              </option>
            ))}
          </select>
          <button type="submit" class="secondary compact">
            {t('admin.lounges.addStaff')}
          </button>
        </form>
      )}
    </>
  );
}

export function AdminLoungesPage({ ui, lounges, staffPool }: { ui: Ui; lounges: LoungeAdminItem[]; staffPool: Person[] }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('admin.lounges.title')}>
      <Breadcrumb ui={ui} trail={[{ href: '/admin', label: t('admin.title') }]} current={t('admin.lounges.title')} />
      <PageTitle title={t('admin.lounges.title')} intro={t('admin.lounges.intro')} />
      <p class="button-row">
        <a href="/admin/lounges/new" role="button">
          {t('admin.lounges.new')}
        </a>
        <a href="/admin/entitlements" role="button" class="secondary">
          {t('admin.entitlements.title')}
        </a>
      </p>
      <TableScroll label={t('admin.lounges.title')}>
        <table class="striped">
          <thead>
            <tr>
              <th scope="col">{t('admin.lounges.lounge')}</th>
              <th scope="col">{t('lounges.hours')}</th>
              <th scope="col" class="num">
                {t('lounges.capacity')}
              </th>
              <th scope="col">{t('admin.lounges.staff')}</th>
              <th scope="col">{t('roster.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {lounges.map((item) => {
              const l = item.lounge;
              return (
                <tr>
                  <th scope="row">
                    {pick(ui, l.nameZh, l.nameEn)}
                    <br />
                    <small>
                      {l.code} · {l.airportCode} {l.terminal}
                    </small>
                  </th>
                  <td>
                    {minutesToClock(l.opensAt)}–{minutesToClock(l.closesAt, { closing: true })}
                    <br />
                    <small>{t('admin.lounges.slotSummary', { minutes: l.slotMinutes, share: l.prebookSharePct })}</small>
                  </td>
                  <td class="num">
                    {l.capacity}
                    <br />
                    <small>{t('admin.lounges.prebookPerSlot', { count: prebookCapacity(l.capacity, l.prebookSharePct) })}</small>
                  </td>
                  <td>
                    <StaffCell ui={ui} item={item} pool={staffPool} />
                  </td>
                  <td class="button-row">
                    <a href={`/admin/lounges/${l.id}/edit`}>{t('admin.clubs.edit')}</a>
                    <a href={`/admin/lounges/${l.id}/occupancy`}>{t('admin.lounges.occupancy')}</a>
                    <a href={`/desk/lounges/${l.id}`}>{t('nav.desk')}</a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </Layout>
  );
}
