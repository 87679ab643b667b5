import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const css = readFileSync(resolve(import.meta.dirname, '../../../public/css/app.css'), 'utf8');

function luminance(hex: string): number {
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG 2 contrast ratio of two #rrggbb colours */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

function ruleOf(selector: string): string {
  const match = new RegExp(`(?:^|\\n)${selector.replace('.', '\\.')} \\{([^}]*)\\}`).exec(css);
  if (!match) throw new Error(`no rule for ${selector} in app.css`);
  return match[1]!;
}

describe('membership card colours', () => {
  test('contrast ratios are computed as WCAG defines them', () => {
    expect(contrast('ffffff', '000000')).toBeCloseTo(21, 5);
    expect(contrast('ffffff', '767676')).toBeCloseTo(4.54, 2);
  });

  test.each(['silver', 'gold', 'platinum', 'diamond'])('white card text reaches 4.5:1 on every colour of the %s card', (tier) => {
    const stops = [...ruleOf(`.tier-${tier}`).matchAll(/#([0-9a-f]{6})\b/gi)].map((m) => m[1]!);
    expect(stops.length).toBeGreaterThan(0);
    for (const stop of stops) expect(contrast('ffffff', stop), `white on #${stop}`).toBeGreaterThanOrEqual(4.5);
  });

  test('the card’s text is drawn in full white (no faded text)', () => {
    expect(ruleOf('.tier-card')).toMatch(/color: #fff;/);
    for (const part of ['.tier-card-brand', '.tier-card-name', '.tier-card-tier']) expect(ruleOf(part)).not.toMatch(/opacity/);
    // the card code's chip darkens the card behind it rather than lightening it
    expect(ruleOf('.tier-card-code code')).toMatch(/background: rgba\(0, 0, 0,/);
  });
});
