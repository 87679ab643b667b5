import { Layout } from '../layout';
import type { Ui } from '../ui';
import { ChildrenSection, type ChildFormState } from '../members/children';
import type { Dependent } from '../../src/members/dependents';
import { CardNumber } from '../components/card-number';

export interface AccountProps {
  ui: Ui;
  account: { name: string; phoneMasked: string; roleLabel: string; tierLabel: string | null; cardCode: string | null; locale: 'zh' | 'en' };
  /** members only: their children (not `children`: JSX reserves that prop name), and a form that came back with problems */
  dependents?: Dependent[] | null;
  childForm?: ChildFormState | undefined;
}

export function AccountPage({ ui, account, dependents, childForm }: AccountProps) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('account.title')} narrow>
      <h1>{t('account.title')}</h1>
      <article>
        <dl class="facts">
          <dt>{t('account.name')}</dt>
          <dd>{account.name}</dd>
          <dt>{t('account.phone')}</dt>
          <dd>{account.phoneMasked}</dd>
          <dt>{t('account.role')}</dt>
          <dd>{account.roleLabel}</dd>
          {account.tierLabel && (
            <>
              <dt>{t('account.tier')}</dt>
              <dd>{account.tierLabel}</dd>
            </>
          )}
          {account.cardCode && (
            <>
              <dt>{t('account.cardCode')}</dt>
              <dd>
                <CardNumber code={account.cardCode} />
              </dd>
            </>
          )}
        </dl>
      </article>
      {dependents && <ChildrenSection ui={ui} dependents={dependents} state={childForm} />}
      <article>
        <h2>{t('prefs.title')}</h2>
        <p>{t('prefs.accountIntro')}</p>
        <a href="/account/notifications" role="button" class="secondary">
          {t('prefs.change')}
        </a>
      </article>
      <article>
        <h2>{t('account.security')}</h2>
        <p>{t('account.securityIntro')}</p>
        <a href="/account/password" role="button" class="secondary">
          {t('account.changePassword')}
        </a>
      </article>
      <article>
        <h2>{t('account.language')}</h2>
        <p>{t('account.languageIntro')}</p>
        <p>{t('account.languageStored', { language: t(`account.languageName.${account.locale}`) })}</p>
        {/* a POST, so a link or a page visited with ?lang= never changes the account; a full load, so <html lang> changes too */}
        <form method="post" action="/account/language" data-hx-boost="false" class="button-row">
          <button type="submit" name="locale" value="zh" lang="zh-CN" class={account.locale === 'zh' ? '' : 'outline'} aria-pressed={account.locale === 'zh' ? 'true' : 'false'}>
            简体中文
          </button>
          <button type="submit" name="locale" value="en" lang="en" class={account.locale === 'en' ? '' : 'outline'} aria-pressed={account.locale === 'en' ? 'true' : 'false'}>
            English
          </button>
        </form>
      </article>
    </Layout>
  );
}
