import { describe, it, expect } from 'vitest';
import { CODE_ALPHABET, formatCode, normalizeCode, randomCode } from '../../../src/lib/codes';

describe('CODE_ALPHABET', () => {
  it('has 30 unambiguous characters: no 0, O, 1, I, L or U', () => {
    expect(CODE_ALPHABET).toHaveLength(30);
    for (const c of ['0', 'O', '1', 'I', 'L', 'U']) expect(CODE_ALPHABET.includes(c)).toBe(false);
    expect(new Set(CODE_ALPHABET).size).toBe(30);
  });
});

describe('randomCode', () => {
  it('gives 8 characters from the alphabet by default', () => {
    const re = new RegExp(`^[${CODE_ALPHABET}]{8}$`);
    for (let i = 0; i < 500; i++) {
      const code = randomCode();
      expect(code).toHaveLength(8);
      expect(code).toMatch(re);
      expect(code).not.toMatch(/[0O1ILU]/);
    }
  });

  it('honours the requested length', () => {
    expect(randomCode(4)).toHaveLength(4);
    expect(randomCode(4)).toMatch(new RegExp(`^[${CODE_ALPHABET}]{4}$`));
    expect(randomCode(12)).toHaveLength(12);
  });

  it('varies and uses the whole alphabet', () => {
    const codes = Array.from({ length: 500 }, () => randomCode());
    expect(new Set(codes).size).toBe(500);
    expect(new Set(codes.join('')).size).toBe(30);
  });
});

describe('formatCode / normalizeCode', () => {
  it('shows an 8-character code as two groups of four', () => {
    expect(formatCode('K7M2Q9RT')).toBe('K7M2-Q9RT');
  });

  it('leaves codes of other lengths alone', () => {
    expect(formatCode('K7M2')).toBe('K7M2');
    expect(formatCode('K7M2Q9RTX')).toBe('K7M2Q9RTX');
  });

  it('accepts what a person types: any case, spaces and dashes', () => {
    expect(normalizeCode(' k7m2-q9rt ')).toBe('K7M2Q9RT');
    expect(normalizeCode('k7m2 q9rt')).toBe('K7M2Q9RT');
    expect(normalizeCode('K7M2Q9RT')).toBe('K7M2Q9RT');
  });

  it('round-trips through formatCode', () => {
    expect(normalizeCode(formatCode('K7M2Q9RT'))).toBe('K7M2Q9RT');
  });
});
