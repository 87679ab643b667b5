import type { Wording } from './message';

/** What an e-mail's HTML part shows: the same as its text part. */
export interface EmailContent {
  subject: string;
  headline: string;
  title?: string | undefined;
  body?: string | undefined;
  url: string;
  settingsUrl: string;
}

/** A member's text as paragraphs, its single line ends kept as line breaks (everything escaped by JSX). */
function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n\s*\n/).map((para) => (
        <p>
          {para.split('\n').map((line, i) => (
            <>
              {i > 0 && <br />}
              {line}
            </>
          ))}
        </p>
      ))}
    </>
  );
}

/** The HTML part of a notice: plain markup that every mail client shows, no images, no styles that need CSS support. */
function EmailHtml({ w, mail }: { w: Wording; mail: EmailContent }) {
  return (
    <html lang={w.locale === 'zh' ? 'zh-CN' : 'en'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{mail.subject}</title>
      </head>
      <body>
        <p>
          <strong>{mail.headline}</strong>
        </p>
        {mail.title && <h2>{mail.title}</h2>}
        {mail.body && <Paragraphs text={mail.body} />}
        <p>
          <a href={mail.url}>{w.t('outbox.htmlOpen')}</a>
        </p>
        <hr />
        <p>
          <small>
            {w.t('outbox.htmlFooter')} <a href={mail.settingsUrl}>{w.t('outbox.htmlSettings')}</a>
          </small>
        </p>
      </body>
    </html>
  );
}

/** The HTML part as a string (the components are synchronous, so it renders at once). */
export function emailHtml(w: Wording, mail: EmailContent): string {
  const html = (<EmailHtml w={w} mail={mail} />).toString();
  if (typeof html !== 'string') throw new Error('the e-mail view must render synchronously');
  return `<!doctype html>${html}`;
}
