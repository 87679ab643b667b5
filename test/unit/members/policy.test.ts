import { describe, it, expect } from 'vitest';
import { ageInYear, meetsTier } from '../../../src/members/policy';

const silver = { rank: 1 };
const gold = { rank: 2 };
const platinum = { rank: 3 };

describe('meetsTier', () => {
  it('lets everyone through when there is no minimum', () => {
    expect(meetsTier(null, null)).toBe(true);
    expect(meetsTier(silver, null)).toBe(true);
  });

  it('refuses someone without a tier when there is a minimum', () => {
    expect(meetsTier(null, silver)).toBe(false);
  });

  it('compares ranks: equal or higher passes, lower fails', () => {
    expect(meetsTier(gold, gold)).toBe(true);
    expect(meetsTier(platinum, gold)).toBe(true);
    expect(meetsTier(silver, gold)).toBe(false);
  });
});

describe('ageInYear', () => {
  it('is the age reached during the calendar year', () => {
    expect(ageInYear(2018, 2026)).toBe(8);
    expect(ageInYear(2026, 2026)).toBe(0);
  });
});
