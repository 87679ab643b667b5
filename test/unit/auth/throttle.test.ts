import { describe, it, expect } from 'vitest';
import { ADDRESS_POLICY, PHONE_POLICY, throttleDelay, phoneKey, addressKey } from '../../../src/auth/throttle';

describe('throttle policies', () => {
  it('give phones 5 and addresses 30 free failures, 1 s base, 15 min cap, 1 h window', () => {
    expect(PHONE_POLICY).toEqual({ free: 5, baseDelayMs: 1000, maxDelayMs: 900_000, windowMs: 3_600_000 });
    expect(ADDRESS_POLICY).toEqual({ free: 30, baseDelayMs: 1000, maxDelayMs: 900_000, windowMs: 3_600_000 });
  });

  it('keys are namespaced', () => {
    expect(phoneKey('13800000001')).toBe('phone:13800000001');
    expect(addressKey('203.0.113.7')).toBe('ip:203.0.113.7');
  });
});

describe('throttleDelay with PHONE_POLICY', () => {
  it('is free up to 5 failures', () => {
    expect(throttleDelay(0, PHONE_POLICY)).toBe(0);
    expect(throttleDelay(1, PHONE_POLICY)).toBe(0);
    expect(throttleDelay(5, PHONE_POLICY)).toBe(0);
  });

  it('doubles from 1 s after the free failures', () => {
    expect(throttleDelay(6, PHONE_POLICY)).toBe(1000);
    expect(throttleDelay(7, PHONE_POLICY)).toBe(2000);
    expect(throttleDelay(8, PHONE_POLICY)).toBe(4000);
    expect(throttleDelay(15, PHONE_POLICY)).toBe(512_000);
  });

  it('is capped at 15 minutes', () => {
    expect(throttleDelay(16, PHONE_POLICY)).toBe(900_000); // 1 024 000 uncapped
    expect(throttleDelay(100, PHONE_POLICY)).toBe(900_000);
    expect(throttleDelay(1_000_000, PHONE_POLICY)).toBe(900_000);
  });
});

describe('throttleDelay with ADDRESS_POLICY', () => {
  it('is free up to 30 failures, then doubles from 1 s to the cap', () => {
    expect(throttleDelay(5, ADDRESS_POLICY)).toBe(0);
    expect(throttleDelay(30, ADDRESS_POLICY)).toBe(0);
    expect(throttleDelay(31, ADDRESS_POLICY)).toBe(1000);
    expect(throttleDelay(32, ADDRESS_POLICY)).toBe(2000);
    expect(throttleDelay(33, ADDRESS_POLICY)).toBe(4000);
    expect(throttleDelay(10_000, ADDRESS_POLICY)).toBe(900_000);
  });
});
