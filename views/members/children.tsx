import { Field, FormError, textLimit } from '../components/form';
import { TEXT_LIMITS } from '../../src/lib/text-limits';
import type { Ui } from '../ui';
import type { Dependent } from '../../src/members/dependents';

/** Which children form came back with problems: the "add" form or one child's edit form. */
export interface ChildFormState {
  target: 'new' | number;
  values: Record<string, string>;
  errors: Record<string, string>;
}

function ChildFields({ ui, idPrefix, values, errors }: { ui: Ui; idPrefix: string; values: Record<string, string>; errors: Record<string, string> }) {
  const { t } = ui;
  return (
    <div class="grid">
      <Field id={`${idPrefix}-name`} name="name" label={t('children.name')} value={values.name} error={errors.name} limit={textLimit(t, TEXT_LIMITS.personName)} required />
      <Field id={`${idPrefix}-year`} name="birthYear" label={t('children.birthYear')} type="number" inputmode="numeric" value={values.birthYear} error={errors.birthYear} min={1990} max={2100} required />
    </div>
  );
}

export function ChildrenSection({ ui, dependents, state }: { ui: Ui; dependents: Dependent[]; state?: ChildFormState | undefined }) {
  const { t } = ui;
  const stateFor = (target: 'new' | number) => (state && state.target === target ? state : null);
  return (
    <article id="children" aria-labelledby="children-title">
      <h2 id="children-title">{t('children.title')}</h2>
      <p>{t('children.intro')}</p>
      {dependents.map((child) => {
        const s = stateFor(child.id);
        return (
          <form method="post" action={`/account/children/${child.id}`} class="child-form" novalidate>
            <FormError message={s?.errors._form} />
            <ChildFields ui={ui} idPrefix={`child-${child.id}`} values={s?.values ?? { name: child.name, birthYear: String(child.birthYear) }} errors={s?.errors ?? {}} />
            <div class="button-row">
              <button type="submit" class="secondary compact">
                {t('children.save')}
              </button>
              <button type="submit" formaction={`/account/children/${child.id}/delete`} class="secondary outline compact">
                {t('children.remove')}
              </button>
            </div>
          </form>
        );
      })}
      <form method="post" action="/account/children" class="child-form" novalidate>
        <FormError message={stateFor('new')?.errors._form} />
        <ChildFields ui={ui} idPrefix="child-new" values={stateFor('new')?.values ?? {}} errors={stateFor('new')?.errors ?? {}} />
        <button type="submit">{t('children.add')}</button>
      </form>
    </article>
  );
}
