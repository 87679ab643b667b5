import { HTTPException } from 'hono/http-exception';

/** Turns a service's refusal into the matching HTTP error, rendered by the app's error handler. */
export function failWith(error: 'forbidden' | 'not_found'): never {
  throw new HTTPException(error === 'forbidden' ? 403 : 404);
}
