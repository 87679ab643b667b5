import type { Context } from 'hono';
import { ErrorPage, type ErrorStatus } from '../../views/errors';
import type { AppEnv } from './context';
import { isPartialRequest } from './htmx';
import type { Logger } from './log';
import { renderFragment, renderPage } from './render';
import { buildUi } from './ui';

const known: ErrorStatus[] = [400, 403, 404, 405, 409, 413, 415, 429, 500, 503];

/** Renders an error in the layout and the visitor's language (or, for an htmx fragment request, the section alone). */
export async function renderError(
  c: Context<AppEnv>,
  deps: { config: { timeZone: string }; logger: Logger },
  status: number,
): Promise<Response> {
  const code: ErrorStatus = (known as number[]).includes(status) ? (status as ErrorStatus) : status >= 500 ? 500 : 400;
  const ui = buildUi(c, deps);
  if (isPartialRequest(c)) {
    const fragment = (
      <p class="form-error" role="alert">
        {ui.t(`error.${code}.title`)} {ui.t(`error.${code}.body`)}
      </p>
    );
    return renderFragment(c, fragment, code);
  }
  return renderPage(c, <ErrorPage ui={ui} status={code} requestId={c.get('requestId')} />, code);
}
