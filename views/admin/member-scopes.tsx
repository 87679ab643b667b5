import { FormError } from '../components/form';
import { pick, type Ui } from '../ui';
import type { PersonDetail } from '../../src/admin/member-detail';

type Named = { id: number; nameZh: string; nameEn: string };

/** One scope list (clubs of a coordinator, lounges of lounge staff): each with a remove button, and a select to add one. */
function ScopeList(p: {
  ui: Ui;
  userId: number;
  kind: 'clubs' | 'lounges';
  assigned: Named[];
  choices: Named[];
  error?: string | undefined;
}) {
  const { ui } = p;
  const { t } = ui;
  const action = `/admin/members/${p.userId}/${p.kind}`;
  const field = p.kind === 'clubs' ? 'clubId' : 'loungeId';
  const title = p.kind === 'clubs' ? t('admin.scopes.clubs') : t('admin.scopes.lounges');
  return (
    <article aria-labelledby={`scope-${p.kind}`} id={`scope-${p.kind}-section`}>
      <h2 id={`scope-${p.kind}`}>{title}</h2>
      <FormError message={p.error} />
      {p.assigned.length === 0 ? (
        <p class="empty">{p.kind === 'clubs' ? t('admin.scopes.noClubs') : t('admin.scopes.noLounges')}</p>
      ) : (
        <ul class="item-list">
          {p.assigned.map((item) => {
            const name = pick(ui, item.nameZh, item.nameEn);
            return (
              <li class="item-row">
                <span>{name}</span>
                <form method="post" action={action} class="inline-form">
                  <input type="hidden" name={field} value={String(item.id)} />
                  <input type="hidden" name="assigned" value="0" />
                  <button type="submit" class="secondary outline compact" aria-label={t('admin.scopes.removeLabel', { name })}>
                    {t('admin.scopes.remove')}
                  </button>
                </form>
              </li>
            );
          })}
        </ul>
      )}
      {p.choices.length > 0 && (
        <form method="post" action={action}>
          <input type="hidden" name="assigned" value="1" />
          <label for={`f-${field}`}>
            {p.kind === 'clubs' ? t('admin.scopes.chooseClub') : t('admin.scopes.chooseLounge')}
            <select id={`f-${field}`} name={field}>
              {p.choices.map((c) => (
                <option value={String(c.id)}>{pick(ui, c.nameZh, c.nameEn)}</option>
              ))}
            </select>
          </label>
          <button type="submit" class="secondary compact">
            {t('admin.scopes.assign')}
          </button>
        </form>
      )}
    </article>
  );
}

/** Clubs for coordinators, lounges for lounge staff; nothing for other roles. */
export function ScopeSections({ ui, detail, errors = {} }: { ui: Ui; detail: PersonDetail; errors?: Record<string, string> }) {
  const id = detail.person.id;
  if (detail.person.role === 'coordinator') return <ScopeList ui={ui} userId={id} kind="clubs" assigned={detail.coordinatedClubs} choices={detail.clubChoices} error={errors.clubs} />;
  if (detail.person.role === 'lounge_staff') return <ScopeList ui={ui} userId={id} kind="lounges" assigned={detail.staffedLounges} choices={detail.loungeChoices} error={errors.lounges} />;
  return null;
}
