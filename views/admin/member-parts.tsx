import { pick, type Ui } from '../ui';
import type { PersonDetail } from '../../src/admin/member-detail';
import { formatCode } from '../../src/lib/codes';

/** Upcoming registrations and lounge bookings, and live club places: what stays when an account is disabled. */
export function BookedLists({ ui, detail, headingLevel = 3 }: { ui: Ui; detail: PersonDetail; headingLevel?: 2 | 3 }) {
  const { t } = ui;
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <>
      {detail.registrations.length > 0 && (
        <section aria-labelledby="booked-events">
          <H id="booked-events" class="h-small">
            {t('admin.person.events')}
          </H>
          <ul class="plain-list" id="booked-events-list">
            {detail.registrations.map((r) => (
              <li>
                <strong>{pick(ui, r.titleZh, r.titleEn)}</strong> · <time datetime={ui.fmt.iso(r.startsAt)}>{ui.fmt.dateTime(r.startsAt)}</time> ·{' '}
                {r.status === 'confirmed' ? t('admin.person.regConfirmed', { count: r.seats }) : t('admin.person.regWaitlisted')}
              </li>
            ))}
          </ul>
        </section>
      )}
      {detail.bookings.length > 0 && (
        <section aria-labelledby="booked-lounges">
          <H id="booked-lounges" class="h-small">
            {t('admin.person.lounges')}
          </H>
          <ul class="plain-list" id="booked-lounges-list">
            {detail.bookings.map((b) => (
              <li>
                <strong>{pick(ui, b.loungeZh, b.loungeEn)}</strong> · <time datetime={ui.fmt.iso(b.slotStart)}>{ui.fmt.range(b.slotStart, b.slotEnd)}</time>
                {b.companions > 0 && <> · {t('admin.person.companions', { count: b.companions })}</>} · <code>{formatCode(b.code)}</code>
              </li>
            ))}
          </ul>
        </section>
      )}
      {detail.memberships.length > 0 && (
        <section aria-labelledby="booked-clubs">
          <H id="booked-clubs" class="h-small">
            {t('admin.person.clubs')}
          </H>
          <ul class="plain-list" id="booked-clubs-list">
            {detail.memberships.map((m) => (
              <li>
                <strong>{pick(ui, m.nameZh, m.nameEn)}</strong> · {t(`admin.person.membership.${m.status as 'active' | 'pending' | 'waitlisted'}`)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

export function hasBookings(detail: PersonDetail): boolean {
  return detail.registrations.length + detail.bookings.length + detail.memberships.length > 0;
}
