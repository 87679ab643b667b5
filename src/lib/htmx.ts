import type { Context } from 'hono';

/** True for any request htmx made (boosted navigation included). */
export function isHtmxRequest(c: Context): boolean {
  return c.req.header('HX-Request') === 'true';
}

/**
 * True when htmx will swap the answer into part of the page (htmx 4 sends HX-Request-Type: partial),
 * so a fragment is wanted rather than a whole page. Boosted navigation targets the body ("full").
 */
export function isPartialRequest(c: Context): boolean {
  return isHtmxRequest(c) && c.req.header('HX-Request-Type') === 'partial';
}
