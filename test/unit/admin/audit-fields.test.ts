import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMPTY_AUDIT_FILTER } from '../../../src/admin/audit-log';
import { isMessageKey, translator } from '../../../src/lib/i18n';
import { detailLines } from '../../../views/admin/audit-words';

/** Every .ts/.tsx file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The text of each `detail: { … }` literal in a source file, braces balanced. */
function detailLiterals(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/detail: \{/g)) {
    let depth = 0;
    for (let i = m.index + 'detail: '.length; i < text.length; i += 1) {
      if (text[i] === '{') depth += 1;
      else if (text[i] === '}' && --depth === 0) {
        found.push(text.slice(m.index + 'detail: '.length, i + 1));
        break;
      }
    }
  }
  return found;
}

/** Keys written as `key:` or shorthand `{ key }` / `, key,` in an object literal. */
function keysOf(literal: string): string[] {
  const noStrings = literal.replace(/'[^']*'|`[^`]*`/g, "''");
  const named = [...noStrings.matchAll(/([A-Za-z_]\w*)\s*:(?!:)/g)].map((m) => m[1]!);
  const shorthand = [...noStrings.matchAll(/[{,]\s*([A-Za-z_]\w*)\s*(?=[,}])/g)].map((m) => m[1]!);
  return [...named, ...shorthand];
}

/** Keys that reach the log without being spelt in a literal: spreads and whole objects. */
const SPREAD_KEYS = [
  // ...counts (ImportCounts) in member.import.previewed
  'create', 'update', 'unchanged', 'error',
  // ...used (the audit filter) in audit.log.exported
  ...Object.keys(EMPTY_AUDIT_FILTER),
  // ...range in outbox.failed.retried
  'firstId', 'lastId',
  // to: input (TierAllowanceInput) in tier.allowance.changed
  'loungeVisitsPerYear', 'companionsPerVisit',
  // changed: { <field>: { from, to } } for ClubInput, EventInput and LoungeInput
  'nameZh', 'nameEn', 'category', 'city', 'descriptionZh', 'descriptionEn', 'termsZh', 'termsEn', 'minTier', 'capacity', 'requiresApproval',
  'clubId', 'titleZh', 'titleEn', 'venueZh', 'venueEn', 'startsAt', 'endsAt', 'opensAt', 'closesAt', 'maxGuests', 'requiresClubMembership', 'childMinAge', 'childMaxAge',
  'code', 'airportCode', 'terminal', 'locationZh', 'locationEn', 'amenities', 'slotMinutes', 'prebookSharePct', 'noShowPolicy',
];

describe('audit detail fields', () => {
  it('each field the app writes has a label in both languages', () => {
    const written = new Set(SPREAD_KEYS);
    for (const file of sources('src')) for (const literal of detailLiterals(readFileSync(file, 'utf8'))) for (const key of keysOf(literal)) written.add(key);
    // the scan found the known ones (it reads what it should)
    for (const key of ['membersAdjusted', 'importBatch', 'sessionsEnded', 'addressChanged', 'reason']) expect(written, key).toContain(key);
    const missing = [...written].filter((key) => !isMessageKey(`audit.field.${key}`));
    expect(missing).toEqual([]);
  });

  it('falls back to the raw key and value for what it does not know, and words what it does', () => {
    const t = translator('en');
    const w = { t, locale: 'en' as const, fmt: { dateTime: (n: number) => String(n) } };
    expect(detailLines(w, new Map(), 'x.y', { mystery: { deep: [1, { a: 2 }] }, forced: true, amenities: ['wifi', 'spa'] })).toEqual([
      { key: 'mystery', label: 'mystery', text: 'deep: 1, a: 2' },
      { key: 'forced', label: 'Forced at first sign-in', text: 'Yes' },
      { key: 'amenities', label: 'Amenities', text: 'Wi-Fi, spa' },
    ]);
  });
});
