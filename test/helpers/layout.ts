import type { Page } from 'playwright-core';

/**
 * What is wrong with the page's layout at the current viewport width, as readable lines (empty when all is well):
 * - the page itself scrolls sideways (`document.documentElement.scrollWidth` beyond the viewport);
 * - something reaches past the right edge, unless it is inside a labelled, focusable scroll region
 *   (`role="region"` with a name and `tabindex="0"`, views/components/table.tsx) — anything else there is cut off;
 * - a table that turns into cards on a phone (`.card-table`) still needs scrolling;
 * - a table cell is squeezed into a sliver (a name wrapping one character per line);
 * - a breadcrumb trail whose steps stand side by side as columns, each wrapped over several lines.
 * Elements not drawn (display none, a closed <details>, text for screen readers only) are left out.
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(probe);
}

// runs in the page: the project's TypeScript has no DOM types, so the page's objects are `any` here
function probe(): string[] {
  const w = globalThis as any;
  const doc = w.document;
  const problems: string[] = [];
  const width: number = w.innerWidth;
  const describe = (el: any) => {
    const id = el.id ? `#${el.id}` : '';
    const cls = el.classList.length > 0 ? `.${[...el.classList].join('.')}` : '';
    const text = String(el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return `<${el.tagName.toLowerCase()}${id}${cls}> "${text}"`;
  };
  const unseen = (el: any) => {
    if (!el.checkVisibility({ visibilityProperty: true })) return true;
    for (let up = el; up && up !== doc.body; up = up.parentElement) {
      const box = up.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) return true;
    }
    return false;
  };
  const isRegion = (el: any) =>
    el.getAttribute('role') === 'region' && el.getAttribute('tabindex') === '0' && !!(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'));
  const inRegion = (el: any) => {
    for (let up = el.parentElement; up; up = up.parentElement) if (isRegion(up)) return true;
    return false;
  };

  const pageWidth: number = doc.documentElement.scrollWidth;
  if (pageWidth > width) problems.push(`the page scrolls sideways: scrollWidth ${pageWidth} > ${width}`);

  for (const el of doc.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && !inRegion(el) && !unseen(el)) problems.push(`cut off at the right edge (${Math.round(box.right)} > ${width}): ${describe(el)}`);
  }

  if (width < 768) {
    for (const table of doc.querySelectorAll('main table.card-table')) {
      const scroller = table.closest('.table-scroll');
      if (scroller && scroller.scrollWidth > scroller.clientWidth + 1) problems.push(`a card table still scrolls (${scroller.scrollWidth} > ${scroller.clientWidth}): ${describe(table)}`);
    }
  }

  for (const cell of doc.querySelectorAll('main td, main th')) {
    const text = String(cell.textContent ?? '').trim();
    const box = cell.getBoundingClientRect();
    if ([...text].length >= 3 && box.width < 56 && !unseen(cell)) problems.push(`a squeezed cell (${Math.round(box.width)} px wide): ${describe(cell)}`);
  }

  // a step that starts above the last line of the step before it stands beside it as a column; a trail that flows
  // like text starts each step on the line where the previous one ends
  const lineTops = (el: any): number[] => {
    const range = doc.createRange();
    range.selectNodeContents(el);
    return [...range.getClientRects()].filter((r: any) => r.width > 0).map((r: any) => r.top);
  };
  for (const crumbs of doc.querySelectorAll('nav.breadcrumb')) {
    const steps = [...crumbs.querySelectorAll('li')];
    // text in two fonts (Chinese and Latin) sits a few pixels apart on the same line: a line apart is half a line height
    const halfLine = (parseFloat(w.getComputedStyle(crumbs).lineHeight) || 24) / 2;
    for (let i = 1; i < steps.length; i += 1) {
      const [a, b] = [lineTops(steps[i - 1]), lineTops(steps[i])];
      if (a.length === 0 || b.length === 0) continue;
      if (Math.min(...b) < Math.max(...a) - halfLine) problems.push(`breadcrumb steps side by side as columns: ${describe(steps[i - 1])} | ${describe(steps[i])}`);
    }
  }
  return problems;
}
