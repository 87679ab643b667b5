import { describe, it, expect } from 'vitest';
import { registrationOpensAt, registrationWindow } from '../../../src/events/policy';

const HOUR = 3_600_000;
const GENERAL = Date.UTC(2026, 11, 1, 2, 0); // 10:00 on 1 Dec in Shanghai

describe('registrationOpensAt', () => {
  it('opens earlier by the tier’s early-access hours', () => {
    expect(registrationOpensAt(GENERAL, 72)).toBe(Date.UTC(2026, 10, 28, 2, 0));
    expect(registrationOpensAt(GENERAL, 72)).toBe(GENERAL - 72 * HOUR);
    expect(registrationOpensAt(GENERAL, 24)).toBe(Date.UTC(2026, 10, 30, 2, 0));
  });

  it('opens at the general time without early access', () => {
    expect(registrationOpensAt(GENERAL, 0)).toBe(GENERAL);
  });

  it('never opens later than the general time', () => {
    expect(registrationOpensAt(GENERAL, -5)).toBe(GENERAL);
  });
});

describe('registrationWindow', () => {
  const opens = GENERAL;
  const closes = Date.UTC(2026, 11, 8, 16, 0);

  it('is not yet open before the opening', () => {
    expect(registrationWindow(opens - 1, opens, closes)).toBe('not_yet_open');
  });

  it('is open from the opening instant itself', () => {
    expect(registrationWindow(opens, opens, closes)).toBe('open');
  });

  it('is open until just before closing', () => {
    expect(registrationWindow(closes - 1, opens, closes)).toBe('open');
  });

  it('is closed at the closing instant and after', () => {
    expect(registrationWindow(closes, opens, closes)).toBe('closed');
    expect(registrationWindow(closes + 1, opens, closes)).toBe('closed');
  });
});
