import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { withFormTokens } from './submit-once';

type Renderable = { toString(): string | Promise<string> } | string | Promise<string>;

/** Sends a whole page: a JSX tree whose root is <html>, with the doctype in front (and a one-time token in each POST form). */
export async function renderPage(c: Context, page: Renderable, status: ContentfulStatusCode = 200): Promise<Response> {
  const html = await (typeof page === 'string' ? page : page.toString());
  return c.html(`<!doctype html>${withFormTokens(html)}`, status);
}

/** Sends a fragment for htmx to swap in. */
export async function renderFragment(c: Context, fragment: Renderable, status: ContentfulStatusCode = 200): Promise<Response> {
  const html = await (typeof fragment === 'string' ? fragment : fragment.toString());
  return c.html(withFormTokens(html), status);
}
