import { describe, expect, it } from 'vitest';
import { MAX_CHILDREN, birthYearProblem } from '../../../src/members/dependents';

describe('birthYearProblem', () => {
  it('accepts a child born this year (age 0)', () => {
    expect(birthYearProblem(2026, 2026)).toBeNull();
  });

  it('accepts every age from 0 to 17', () => {
    for (let age = 0; age <= 17; age++) expect(birthYearProblem(2026 - age, 2026), `age ${age}`).toBeNull();
  });

  it('refuses a child who turns 18 this year and anyone older', () => {
    expect(birthYearProblem(2008, 2026)).toBe('adult');
    expect(birthYearProblem(2000, 2026)).toBe('adult');
    expect(birthYearProblem(1900, 2026)).toBe('adult');
  });

  it('refuses a birth year in the future', () => {
    expect(birthYearProblem(2027, 2026)).toBe('future');
    expect(birthYearProblem(2100, 2026)).toBe('future');
  });

  it('moves with the current year: 2009 is 17 in 2026 and 18 in 2027', () => {
    expect(birthYearProblem(2009, 2026)).toBeNull();
    expect(birthYearProblem(2009, 2027)).toBe('adult');
    expect(birthYearProblem(2027, 2027)).toBeNull();
  });
});

describe('MAX_CHILDREN', () => {
  it('is 10', () => {
    expect(MAX_CHILDREN).toBe(10);
  });
});
