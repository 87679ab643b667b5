import { Layout } from '../layout';
import { Breadcrumb, PageTitle } from '../components/page';
import { SelectField } from '../components/form';
import { pick, type Ui } from '../ui';
import type { PersonDetail } from '../../src/admin/member-detail';
import { BookedLists, hasBookings } from './member-parts';
import { ScopeSections } from './member-scopes';
import { CardNumber } from '../components/card-number';

export interface PersonPageProps {
  ui: Ui;
  detail: PersonDetail;
  /** a refusal to show at the top (e.g. disabling oneself) */
  problem?: string | undefined;
  /** field → message, for the forms on the page */
  errors?: Record<string, string>;
  values?: Record<string, string>;
}

function Facts({ ui, detail }: { ui: Ui; detail: PersonDetail }) {
  const { t } = ui;
  const p = detail.person;
  return (
    <dl class="facts" id="person-facts">
      <dt>{t('account.phone')}</dt>
      <dd>{p.phone}</dd>
      <dt>{t('account.role')}</dt>
      <dd>{t(`role.${p.role}`)}</dd>
      {detail.tier && (
        <>
          <dt>{t('account.tier')}</dt>
          <dd>{pick(ui, detail.tier.nameZh, detail.tier.nameEn)}</dd>
        </>
      )}
      <dt>{t('admin.person.status')}</dt>
      <dd>
        {p.disabledAt === null ? (
          <span class="status-pill status-active">{t('admin.person.active')}</span>
        ) : (
          <span class="status-pill">{t('admin.members.disabledSince', { date: ui.fmt.dateTime(p.disabledAt) })}</span>
        )}
      </dd>
      {p.role === 'member' && (
        <>
          <dt>{t('account.cardCode')}</dt>
          <dd>
            <CardNumber code={p.cardCode} />
          </dd>
        </>
      )}
      <dt>{t('admin.person.enrolled')}</dt>
      <dd>
        <time datetime={ui.fmt.iso(p.createdAt)}>{ui.fmt.dateTime(p.createdAt)}</time>
      </dd>
      <dt>{t('admin.person.password')}</dt>
      <dd>
        {p.mustChangePassword
          ? p.passwordChangedAt === null
            ? t('admin.person.passwordInitialNever')
            : t('admin.person.passwordInitial', { date: ui.fmt.dateTime(p.passwordChangedAt) })
          : p.passwordChangedAt === null
            ? t('admin.person.passwordNever')
            : t('admin.person.passwordChanged', { date: ui.fmt.dateTime(p.passwordChangedAt) })}
      </dd>
      <dt>{t('admin.person.sessions')}</dt>
      <dd id="active-sessions">{t('admin.person.sessionsCount', { count: detail.activeSessions })}</dd>
      <dt>{t('admin.enrol.language')}</dt>
      <dd>{p.locale === 'zh' ? <span lang="zh-CN">简体中文</span> : <span lang="en">English</span>}</dd>
    </dl>
  );
}

function TierForm({ ui, detail, error, value }: { ui: Ui; detail: PersonDetail; error?: string | undefined; value?: string | undefined }) {
  const { t } = ui;
  const id = detail.person.id;
  return (
    <article aria-labelledby="tier-title">
      <h2 id="tier-title">{t('account.tier')}</h2>
      <form method="post" action={`/admin/members/${id}/tier`} novalidate>
        <SelectField
          name="tier"
          label={t('admin.person.tierNew')}
          value={value ?? detail.person.tierCode ?? undefined}
          error={error}
          options={detail.tiers.map((tier) => ({ value: tier.code, label: pick(ui, tier.nameZh, tier.nameEn) }))}
        />
        <p>
          <small id="tier-note">{t('admin.person.tierNote')}</small>
        </p>
        <button type="submit" class="secondary">
          {t('admin.person.tierSubmit')}
        </button>
      </form>
    </article>
  );
}

function AccountActions({ ui, detail }: { ui: Ui; detail: PersonDetail }) {
  const { t } = ui;
  const id = detail.person.id;
  if (detail.isSelf) {
    return (
      <article aria-labelledby="actions-title">
        <h2 id="actions-title">{t('admin.person.actions')}</h2>
        <p>{t('admin.person.self')}</p>
      </article>
    );
  }
  const disabled = detail.person.disabledAt !== null;
  return (
    <article class="danger-zone" aria-labelledby="actions-title">
      <h2 id="actions-title">{t('admin.person.actions')}</h2>
      {disabled ? (
        <form method="post" action={`/admin/members/${id}/enable`}>
          <p>{t('admin.person.enableHint')}</p>
          <button type="submit">{t('admin.person.enable')}</button>
        </form>
      ) : (
        <>
          <p>{t('admin.person.reissueHint')}</p>
          <p>
            <a href={`/admin/members/${id}/password`} role="button" class="secondary">
              {t('admin.person.reissue')}
            </a>
          </p>
          <p>{t('admin.person.disableHint')}</p>
          <p>
            <a href={`/admin/members/${id}/disable`} role="button" class="secondary outline">
              {t('admin.person.disable')}
            </a>
          </p>
        </>
      )}
    </article>
  );
}

export function PersonPage({ ui, detail, problem, errors = {}, values = {} }: PersonPageProps) {
  const { t } = ui;
  const p = detail.person;
  const disabled = p.disabledAt !== null;
  const intro = [t(`role.${p.role}`), detail.tier ? pick(ui, detail.tier.nameZh, detail.tier.nameEn) : null, disabled ? t('admin.members.status.disabled') : null].filter(Boolean).join(' · ');
  const isMember = p.role === 'member';
  return (
    <Layout ui={ui} title={p.name}>
      <Breadcrumb ui={ui} trail={[{ href: '/admin', label: t('admin.title') }, { href: '/admin/members', label: t('admin.members.title') }]} current={p.name} />
      <PageTitle title={p.name} intro={intro} />
      {problem && (
        <p class="flash flash-error" role="alert">
          {problem}
        </p>
      )}
      <div class="home-grid">
        <article aria-label={t('account.title')}>
          <Facts ui={ui} detail={detail} />
        </article>
        {isMember && detail.balance && (
          <article aria-labelledby="lounge-title">
            <h2 id="lounge-title">{t('admin.person.lounge', { year: detail.year })}</h2>
            <p id="lounge-balance">
              {t('admin.person.loungeBalance', { count: detail.balance.remaining, allowance: detail.balance.allowance, reserved: detail.balance.reserved, used: detail.balance.used })}
            </p>
            <p>
              <a href={`/admin/entitlements?phone=${encodeURIComponent(p.phone)}`}>{t('admin.person.statement')}</a>
            </p>
          </article>
        )}
      </div>
      {(isMember || hasBookings(detail)) && (
        <article aria-labelledby="booked-title" id="booked">
          <h2 id="booked-title">{disabled ? t('admin.person.bookedDisabled') : t('admin.person.booked')}</h2>
          {hasBookings(detail) ? (
            <>
              <p>
                <small>{t('admin.person.bookedNote')}</small>
              </p>
              <BookedLists ui={ui} detail={detail} />
            </>
          ) : (
            <p class="empty">{t('admin.person.nothingBooked')}</p>
          )}
        </article>
      )}
      {isMember && <TierForm ui={ui} detail={detail} error={errors.tier} value={values.tier} />}
      <ScopeSections ui={ui} detail={detail} errors={errors} />
      <AccountActions ui={ui} detail={detail} />
    </Layout>
  );
}
