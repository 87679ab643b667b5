import { Layout } from '../layout';
import { Breadcrumb, PageTitle } from '../components/page';
import type { Ui } from '../ui';
import type { PersonDetail } from '../../src/admin/member-detail';
import { BookedLists, hasBookings } from './member-parts';
import { OneTimeSecret } from './enrol';

function trail(ui: Ui, detail: PersonDetail) {
  return [
    { href: '/admin', label: ui.t('admin.title') },
    { href: '/admin/members', label: ui.t('admin.members.title') },
    { href: `/admin/members/${detail.person.id}`, label: detail.person.name },
  ];
}

/** The step before disabling: sessions end now, and nothing is cancelled — here is everything that stays booked. */
export function DisableConfirmPage({ ui, detail }: { ui: Ui; detail: PersonDetail }) {
  const { t } = ui;
  const p = detail.person;
  const back = `/admin/members/${p.id}`;
  const scoped = detail.coordinatedClubs.length + detail.staffedLounges.length > 0;
  return (
    <Layout ui={ui} title={t('admin.disable.title')} narrow>
      <Breadcrumb ui={ui} trail={trail(ui, detail)} current={t('admin.disable.title')} />
      <PageTitle title={t('admin.disable.title')} intro={`${p.name} · ${p.phone}`} />
      <article class="confirm-card">
        {detail.isSelf ? (
          <p class="callout" role="alert">
            {t('admin.person.selfRefused')}
          </p>
        ) : (
          <>
            <p>{t('admin.disable.intro', { name: p.name, count: detail.activeSessions })}</p>
            {hasBookings(detail) ? (
              <>
                <p>
                  <strong>{t('admin.disable.keeps')}</strong>
                </p>
                <BookedLists ui={ui} detail={detail} headingLevel={2} />
              </>
            ) : (
              <p>{t('admin.disable.keepsNothing')}</p>
            )}
            {scoped && <p>{t('admin.disable.scopes')}</p>}
            <form method="post" action={`/admin/members/${p.id}/disable`} class="button-row">
              <button type="submit">{t('admin.disable.confirm')}</button>
              <a href={back} role="button" class="secondary outline">
                {t('admin.disable.back')}
              </a>
            </form>
          </>
        )}
        {detail.isSelf && (
          <p>
            <a href={back}>{t('admin.reissued.back')}</a>
          </p>
        )}
      </article>
    </Layout>
  );
}

/** The step before a new initial password replaces the current one. */
export function ReissueConfirmPage({ ui, detail, problem }: { ui: Ui; detail: PersonDetail; problem?: string | undefined }) {
  const { t } = ui;
  const p = detail.person;
  const back = `/admin/members/${p.id}`;
  return (
    <Layout ui={ui} title={t('admin.reissue.title')} narrow>
      <Breadcrumb ui={ui} trail={trail(ui, detail)} current={t('admin.reissue.title')} />
      <PageTitle title={t('admin.reissue.title')} intro={`${p.name} · ${p.phone}`} />
      <article class="confirm-card">
        {problem ? (
          <>
            <p class="callout" role="alert">
              {problem}
            </p>
            <p>
              <a href={back}>{t('admin.reissued.back')}</a>
            </p>
          </>
        ) : (
          <>
            <p>{t('admin.reissue.intro', { name: p.name })}</p>
            <p>{t('admin.reissue.sms', { phone: p.phone })}</p>
            <form method="post" action={`/admin/members/${p.id}/password`} class="button-row">
              <button type="submit">{t('admin.reissue.confirm')}</button>
              <a href={back} role="button" class="secondary outline">
                {t('admin.reissue.back')}
              </a>
            </form>
          </>
        )}
      </article>
    </Layout>
  );
}

/** The new initial password, shown on the POST response only (never cached, never after a redirect). */
export function PasswordReissuedPage(p: { ui: Ui; userId: number; name: string; phone: string; initialPassword: string; member: boolean }) {
  const { ui, userId, name, phone, initialPassword } = p;
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('admin.reissued.title')} narrow>
      <h1>{t('admin.reissued.title')}</h1>
      <OneTimeSecret ui={ui} body={t('admin.reissued.body', { name, phone })} initialPassword={initialPassword} member={p.member} />
      <p class="button-row">
        <a href={`/admin/members/${userId}`} role="button">
          {t('admin.reissued.back')}
        </a>
      </p>
    </Layout>
  );
}
