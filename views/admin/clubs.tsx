import { Layout } from '../layout';
import { Field, FormError, SelectField, TextArea, textLimit } from '../components/form';
import { TEXT_LIMITS as L } from '../../src/lib/text-limits';
import { Breadcrumb, PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import { CITIES, CLUB_CATEGORIES } from '../../db/schema';
import type { ClubRow } from '../../src/clubs/service';
import type { ClubCounts } from '../../src/clubs/waitlist';
import type { TierRow } from '../../src/members/service';
import { TableScroll } from '../components/table';

export function AdminClubsPage({ ui, clubs }: { ui: Ui; clubs: Array<{ club: ClubRow; counts: ClubCounts }> }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('admin.clubs.title')}>
      <Breadcrumb ui={ui} trail={[{ href: '/admin', label: t('admin.title') }]} current={t('admin.clubs.title')} />
      <PageTitle title={t('admin.clubs.title')} intro={t('admin.clubs.intro')} />
      <p>
        <a href="/admin/clubs/new" role="button">
          {t('admin.clubs.new')}
        </a>
      </p>
      <TableScroll label={t('admin.clubs.title')}>
        <table class="striped">
          <thead>
            <tr>
              <th scope="col">{t('coordinator.club')}</th>
              <th scope="col">{t('coordinator.city')}</th>
              <th scope="col" class="num">
                {t('coordinator.active')}
              </th>
              <th scope="col" class="num">
                {t('coordinator.pending')}
              </th>
              <th scope="col" class="num">
                {t('coordinator.waitlisted')}
              </th>
              <th scope="col">{t('admin.clubs.state')}</th>
              <th scope="col">{t('roster.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {clubs.map(({ club, counts }) => (
              <tr>
                <th scope="row">{pick(ui, club.nameZh, club.nameEn)}</th>
                <td>{t(`city.${club.city}`)}</td>
                <td class="num">
                  {counts.active} / {club.capacity}
                </td>
                <td class="num">{counts.pending}</td>
                <td class="num">{counts.waitlisted}</td>
                <td>{club.archivedAt ? t('admin.clubs.archived') : t('admin.clubs.open')}</td>
                <td class="button-row">
                  <a href={`/admin/clubs/${club.id}/edit`}>{t('admin.clubs.edit')}</a>
                  {!club.archivedAt && <a href={`/coordinator/clubs/${club.id}`}>{t('admin.clubs.roster')}</a>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </Layout>
  );
}

export interface ClubFormProps {
  ui: Ui;
  tiers: TierRow[];
  club?: ClubRow;
  active?: number;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  archiveError?: string;
  /** the reason as typed, when closing was refused */
  archiveReason?: string;
}

/** Values for the form: what was typed if the form came back, else the club as stored. */
function formValues(club: ClubRow | undefined, typed: Record<string, string> | undefined): Record<string, string> {
  if (typed) return typed;
  if (!club) return { capacity: '50', category: 'fitness', city: 'haikou', minTier: '' };
  return {
    nameZh: club.nameZh,
    nameEn: club.nameEn,
    category: club.category,
    city: club.city,
    descriptionZh: club.descriptionZh,
    descriptionEn: club.descriptionEn,
    termsZh: club.termsZh ?? '',
    termsEn: club.termsEn ?? '',
    minTier: club.minTier ?? '',
    capacity: String(club.capacity),
    ...(club.requiresApproval ? { requiresApproval: 'on' } : {}),
  };
}

export function ClubFormPage(p: ClubFormProps) {
  const { ui, club } = p;
  const { t } = ui;
  const v = formValues(club, p.values);
  const e = p.errors ?? {};
  const title = club ? t('admin.clubs.editTitle') : t('admin.clubs.new');
  const action = club ? `/admin/clubs/${club.id}` : '/admin/clubs';
  return (
    <Layout ui={ui} title={title} narrow>
      <Breadcrumb ui={ui} trail={[{ href: '/admin', label: t('admin.title') }, { href: '/admin/clubs', label: t('admin.clubs.title') }]} current={club ? pick(ui, club.nameZh, club.nameEn) : title} />
      <h1>{title}</h1>
      <form method="post" action={action} novalidate>
        <FormError message={e._form ?? e.requiresApproval} />
        <div class="grid">
          <Field name="nameZh" label={t('admin.clubs.nameZh')} value={v.nameZh} error={e.nameZh} limit={textLimit(t, L.clubName)} required />
          <Field name="nameEn" label={t('admin.clubs.nameEn')} value={v.nameEn} error={e.nameEn} limit={textLimit(t, L.clubName)} required />
        </div>
        <div class="grid">
          <SelectField name="category" label={t('admin.clubs.category')} value={v.category} error={e.category} options={CLUB_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))} />
          <SelectField name="city" label={t('admin.clubs.city')} value={v.city} error={e.city} options={CITIES.map((c) => ({ value: c, label: t(`city.${c}`) }))} />
        </div>
        <TextArea name="descriptionZh" label={t('admin.clubs.descriptionZh')} value={v.descriptionZh} error={e.descriptionZh} limit={textLimit(t, L.clubDescription)} required />
        <TextArea name="descriptionEn" label={t('admin.clubs.descriptionEn')} value={v.descriptionEn} error={e.descriptionEn} limit={textLimit(t, L.clubDescription)} required />
        <TextArea name="termsZh" label={t('admin.clubs.termsZh')} value={v.termsZh} error={e.termsZh} hint={t('admin.clubs.termsHint')} limit={textLimit(t, L.clubTerms)} />
        <TextArea name="termsEn" label={t('admin.clubs.termsEn')} value={v.termsEn} error={e.termsEn} limit={textLimit(t, L.clubTerms)} />
        <div class="grid">
          <SelectField
            name="minTier"
            label={t('admin.clubs.minTier')}
            value={v.minTier}
            error={e.minTier}
            options={[{ value: '', label: t('admin.clubs.noMinTier') }, ...p.tiers.map((tier) => ({ value: tier.code, label: pick(ui, tier.nameZh, tier.nameEn) }))]}
          />
          <Field name="capacity" label={t('admin.clubs.capacity')} type="number" inputmode="numeric" value={v.capacity} error={e.capacity} min={1} max={100000} required />
        </div>
        <label for="f-requiresApproval">
          <input id="f-requiresApproval" type="checkbox" name="requiresApproval" role="switch" checked={v.requiresApproval === 'on'} />
          {t('admin.clubs.requiresApproval')}
        </label>
        <button type="submit">{club ? t('admin.clubs.save') : t('admin.clubs.create')}</button>
      </form>
      {club && (
        <article class="danger-zone">
          {club.archivedAt ? (
            <form method="post" action={`/admin/clubs/${club.id}/reopen`}>
              <button type="submit" class="secondary">
                {t('admin.clubs.reopen')}
              </button>
            </form>
          ) : (
            <details open={!!p.archiveError}>
              <summary>{t('admin.clubs.archive')}</summary>
              <p>{t('admin.clubs.archiveIntro', { count: p.active ?? 0 })}</p>
              <form method="post" action={`/admin/clubs/${club.id}/archive`} novalidate>
                <Field name="reason" label={t('admin.clubs.archiveReason')} value={p.archiveReason} error={p.archiveError} limit={textLimit(t, L.reason)} required />
                <button type="submit" class="contrast">
                  {t('admin.clubs.archiveConfirm')}
                </button>
              </form>
            </details>
          )}
        </article>
      )}
    </Layout>
  );
}
