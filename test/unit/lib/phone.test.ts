import { describe, it, expect } from 'vitest';
import { isValidPhone, maskPhone, normalizePhone } from '../../../src/lib/phone';

describe('normalizePhone', () => {
  it('strips +86, spaces and dashes', () => {
    expect(normalizePhone('+86 138-0000-0001')).toBe('13800000001');
    expect(normalizePhone('138 0000 0001')).toBe('13800000001');
    expect(normalizePhone('(138) 0000-0001')).toBe('13800000001');
  });

  it('converts full-width digits', () => {
    expect(normalizePhone('１３８００００００００')).toBe('13800000000');
    expect(normalizePhone('+86 １３８ ００００ ０００１')).toBe('13800000001');
  });

  it('strips the 0086 prefix', () => {
    expect(normalizePhone('0086 13800000000')).toBe('13800000000');
    expect(normalizePhone('008613800000000')).toBe('13800000000');
  });

  it('leaves a plain number unchanged', () => {
    expect(normalizePhone('13800000001')).toBe('13800000001');
  });
});

describe('isValidPhone', () => {
  it('accepts 11-digit mainland mobile numbers starting 13–19', () => {
    expect(isValidPhone('13800000000')).toBe(true);
    expect(isValidPhone('19912345678')).toBe(true);
  });

  it('rejects anything else', () => {
    expect(isValidPhone('12800000000')).toBe(false);
    expect(isValidPhone('1380000000')).toBe(false);
    expect(isValidPhone('138000000001')).toBe(false);
    expect(isValidPhone('abc')).toBe(false);
    expect(isValidPhone('')).toBe(false);
    expect(isValidPhone('23800000000')).toBe(false);
    expect(isValidPhone('138 0000 0000')).toBe(false);
    expect(isValidPhone('13800000000\n')).toBe(false);
  });

  it('accepts what normalizePhone makes of a typed number', () => {
    expect(isValidPhone(normalizePhone('+86 138-0000-0001'))).toBe(true);
  });
});

describe('maskPhone', () => {
  it('hides the middle four digits', () => {
    expect(maskPhone('13800000001')).toBe('138****0001');
    expect(maskPhone('19912345678')).toBe('199****5678');
  });

  it('leaves a value of another length alone', () => {
    expect(maskPhone('1380000')).toBe('1380000');
  });
});
