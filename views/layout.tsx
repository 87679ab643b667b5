import type { Child } from 'hono/jsx';
import type { Ui } from './ui';

function LanguageSwitch({ ui }: { ui: Ui }) {
  const label = ui.t('lang.switch');
  return (
    <ul class="lang-switch" aria-label={label}>
      <li>
        {/* a full load, so <html lang> changes too */}
        <a href={ui.langHref.zh} lang="zh-CN" hreflang="zh-CN" data-hx-boost="false" aria-current={ui.locale === 'zh' ? 'true' : undefined}>
          简体中文
        </a>
      </li>
      <li>
        <a href={ui.langHref.en} lang="en" hreflang="en" data-hx-boost="false" aria-current={ui.locale === 'en' ? 'true' : undefined}>
          English
        </a>
      </li>
    </ul>
  );
}

/**
 * One row on a phone: the brand, the language switch, the inbox (its unread badge always in sight) and a menu
 * toggle. The menu is a <details>, so it opens without JavaScript; on a wide screen its content is always shown
 * and the toggle is hidden (public/css/app.css, where the browser can style ::details-content).
 */
function Header({ ui }: { ui: Ui }) {
  const { t } = ui;
  const hasMenu = ui.nav.length > 0 || ui.user !== null;
  return (
    <header class="site-header">
      <nav class="container" aria-label={t('nav.label')}>
        <ul class="brand-list">
          <li>
            <a href="/" class="brand">
              <img src={ui.asset('img/logo.svg')} alt="" width="32" height="32" />
              {/* on a phone the name may take two lines, broken after its "·", never inside a word (word-break: keep-all) */}
              <span>
                {t('app.name')
                  .split('·')
                  .map((part, i) => (i === 0 ? part : <>·<wbr />{part}</>))}
              </span>
            </a>
          </li>
        </ul>
        <ul class="session-nav">
          <li>
            <LanguageSwitch ui={ui} />
          </li>
          {ui.user ? (
            <li>
              <a href="/inbox" id="inbox-link" class="inbox-link" aria-current={ui.path.startsWith('/inbox') ? 'page' : undefined}>
                {ui.t('nav.inbox')}
                {ui.unread > 0 && (
                  <>
                    <span class="count-badge" aria-hidden="true">
                      {ui.unread}
                    </span>
                    <span class="visually-hidden">{ui.t('nav.unread', { count: ui.unread })}</span>
                  </>
                )}
              </a>
            </li>
          ) : (
            <li>
              <a href="/login" role="button" class="compact">
                {t('nav.signIn')}
              </a>
            </li>
          )}
        </ul>
        {hasMenu && (
          <details class="site-menu">
            <summary>
              <span class="menu-icon" aria-hidden="true"></span>
              {t('nav.menu')}
            </summary>
            <div class="site-menu-panel">
              {ui.nav.length > 0 && (
                <ul class="main-nav">
                  {ui.nav.map((item) => (
                    <li>
                      <a href={item.href} aria-current={item.current ? 'page' : undefined}>
                        {item.label}
                      </a>
                    </li>
                  ))}
                </ul>
              )}
              {ui.user && (
                <ul class="account-nav">
                  <li>
                    <a href="/account" class="account-link" aria-current={ui.path.startsWith('/account') ? 'page' : undefined}>
                      {ui.user.name}
                      <small class="role-badge">{t(`role.${ui.user.role}`)}</small>
                    </a>
                  </li>
                  <li>
                    <form method="post" action="/logout" class="inline-form">
                      <button type="submit" class="secondary outline compact">
                        {t('nav.signOut')}
                      </button>
                    </form>
                  </li>
                </ul>
              )}
            </div>
          </details>
        )}
      </nav>
    </header>
  );
}

export function FlashMessage({ ui }: { ui: Ui }) {
  if (!ui.flash) return null;
  return (
    <p class={`flash flash-${ui.flash.kind}`} role={ui.flash.kind === 'error' ? 'alert' : 'status'}>
      {ui.flash.message}
    </p>
  );
}

export function Layout(props: { ui: Ui; title: string; children?: Child; narrow?: boolean }) {
  const { ui } = props;
  const { t } = ui;
  return (
    <html lang={ui.locale === 'zh' ? 'zh-CN' : 'en'} data-theme="light">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        {/* no injected indicator CSS, and no settle step: its attribute copying would set style attributes, which our CSP refuses */}
        <meta name="htmx-config" content='{"includeIndicatorCSS":false,"defaultSettleDelay":0,"metaCharacter":"_"}' />
        <title>{`${props.title} · ${t('app.name')}`}</title>
        <link rel="icon" href={ui.asset('img/logo.svg')} type="image/svg+xml" />
        <link rel="stylesheet" href={ui.asset('pico.css')} />
        <link rel="stylesheet" href={ui.asset('css/app.css')} />
        <link rel="stylesheet" href={ui.asset('css/lounges.css')} />
        <link rel="stylesheet" href={ui.asset('css/feedback.css')} />
        <link rel="stylesheet" href={ui.asset('css/admin.css')} />
        <script src={ui.asset('htmx.js')} nonce={ui.nonce} defer></script>
        <script src={ui.asset('js/scan.js')} nonce={ui.nonce} defer></script>
        <script src={ui.asset('js/submit-once.js')} nonce={ui.nonce} defer></script>
      </head>
      <body data-hx-boost_inherited="true">
        <a class="skip-link" href="#main">
          {t('a11y.skipToContent')}
        </a>
        <Header ui={ui} />
        <main id="main" class={props.narrow ? 'container narrow' : 'container'} tabindex={-1}>
          <FlashMessage ui={ui} />
          {props.children}
        </main>
        <footer class="site-footer container">
          <small>
            {t('footer.hotline')} · {t('footer.promise')}
          </small>
        </footer>
      </body>
    </html>
  );
}
