import type { Child } from 'hono/jsx';

/*
 * Tables on a phone (the CSS is at the end of public/css/app.css):
 * - a list people act on is a `<table class="card-table">` whose every `<td>` carries `data-label` (its column's
 *   header text): on a narrow screen each row becomes a card, the row's `<th scope="row">` first;
 * - a wide report sits in a TableScroll, key columns first.
 */

/**
 * A table wider than a phone scrolls inside this labelled region (with the keyboard too, as it takes focus),
 * never the whole page. Name it by the heading above the table (`labelledBy`) or by a label of its own.
 */
export function TableScroll(p: { label?: string; labelledBy?: string; children?: Child }) {
  return (
    <div class="table-scroll" role="region" aria-label={p.labelledBy ? undefined : p.label} aria-labelledby={p.labelledBy} tabindex={0}>
      {p.children}
    </div>
  );
}
