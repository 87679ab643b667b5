import { describe, it, expect } from 'vitest';
import {
  ADDRESS_POLICY,
  DEVICE_POLICY,
  PAIR_POLICY,
  PHONE_POLICY,
  addressKey,
  bucketsClearedBySuccess,
  deviceKey,
  pairKey,
  phoneKey,
  signInBuckets,
  throttleDelay,
} from '../../../src/auth/throttle';

describe('throttle policies', () => {
  it('give a phone at one address (and a trusted device) 5, an address 30 and a phone from anywhere 50 free failures; 1 s base, 15 min cap, 1 h window', () => {
    expect(PAIR_POLICY).toEqual({ free: 5, baseDelayMs: 1000, maxDelayMs: 900_000, windowMs: 3_600_000 });
    expect(DEVICE_POLICY).toEqual(PAIR_POLICY);
    expect(ADDRESS_POLICY).toEqual({ free: 30, baseDelayMs: 1000, maxDelayMs: 900_000, windowMs: 3_600_000 });
    expect(PHONE_POLICY).toEqual({ free: 50, baseDelayMs: 1000, maxDelayMs: 900_000, windowMs: 3_600_000 });
  });

  it('keys are namespaced', () => {
    expect(phoneKey('13800000001')).toBe('phone:13800000001');
    expect(addressKey('203.0.113.7')).toBe('ip:203.0.113.7');
    expect(pairKey('13800000001', '203.0.113.7')).toBe('pair:13800000001@203.0.113.7');
    expect(pairKey('13800000001', '2001:db8::1')).toBe('pair:13800000001@2001:db8::1');
    expect(deviceKey('13800000001', 'abc')).toBe('device:13800000001:abc');
  });
});

describe('which buckets judge a sign-in', () => {
  it('an untrusted browser: the phone at this address, the address, and the phone from anywhere', () => {
    expect(signInBuckets('13800000001', '203.0.113.7', null)).toEqual([
      { key: 'pair:13800000001@203.0.113.7', policy: PAIR_POLICY },
      { key: 'ip:203.0.113.7', policy: ADDRESS_POLICY },
      { key: 'phone:13800000001', policy: PHONE_POLICY },
    ]);
  });

  it('a trusted device: its own bucket only', () => {
    expect(signInBuckets('13800000001', '203.0.113.7', 'nonce')).toEqual([{ key: 'device:13800000001:nonce', policy: DEVICE_POLICY }]);
  });

  it('a success clears the pair or the device (whichever judged it), never the address or the phone-wide bucket', () => {
    expect(bucketsClearedBySuccess('13800000001', '203.0.113.7', null)).toEqual(['pair:13800000001@203.0.113.7']);
    expect(bucketsClearedBySuccess('13800000001', '203.0.113.7', 'nonce')).toEqual(['device:13800000001:nonce']);
  });
});

describe('throttleDelay with PAIR_POLICY', () => {
  it('is free up to 5 failures', () => {
    expect(throttleDelay(0, PAIR_POLICY)).toBe(0);
    expect(throttleDelay(1, PAIR_POLICY)).toBe(0);
    expect(throttleDelay(5, PAIR_POLICY)).toBe(0);
  });

  it('doubles from 1 s after the free failures', () => {
    expect(throttleDelay(6, PAIR_POLICY)).toBe(1000);
    expect(throttleDelay(7, PAIR_POLICY)).toBe(2000);
    expect(throttleDelay(8, PAIR_POLICY)).toBe(4000);
    expect(throttleDelay(15, PAIR_POLICY)).toBe(512_000);
  });

  it('is capped at 15 minutes', () => {
    expect(throttleDelay(16, PAIR_POLICY)).toBe(900_000); // 1 024 000 uncapped
    expect(throttleDelay(100, PAIR_POLICY)).toBe(900_000);
    expect(throttleDelay(1_000_000, PAIR_POLICY)).toBe(900_000);
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

describe('throttleDelay with PHONE_POLICY (the phone from anywhere)', () => {
  it('is free up to 50 failures, then doubles from 1 s to the cap', () => {
    expect(throttleDelay(6, PHONE_POLICY)).toBe(0);
    expect(throttleDelay(50, PHONE_POLICY)).toBe(0);
    expect(throttleDelay(51, PHONE_POLICY)).toBe(1000);
    expect(throttleDelay(52, PHONE_POLICY)).toBe(2000);
    expect(throttleDelay(61, PHONE_POLICY)).toBe(900_000);
  });
});
