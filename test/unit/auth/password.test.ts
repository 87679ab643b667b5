import { describe, it, expect } from 'vitest';
import {
  checkPasswordRules,
  createPasswordHasher,
  generateServicePassword,
  PasswordHasherBusyError,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from '../../../src/auth/password';

describe('checkPasswordRules: length', () => {
  it('uses 8 and 128 as the limits', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(8);
    expect(PASSWORD_MAX_LENGTH).toBe(128);
  });

  it('rejects 7 ASCII characters and accepts 8', () => {
    expect(checkPasswordRules('Qz7!mPa')).toBe('password.tooShort');
    expect(checkPasswordRules('Qz7!mPa#')).toBeNull();
  });

  it('rejects the empty password as too short', () => {
    expect(checkPasswordRules('')).toBe('password.tooShort');
  });

  it('counts CJK characters one each: 7 fail, 8 pass', () => {
    expect(checkPasswordRules('我的密码很安全')).toBe('password.tooShort');
    expect(checkPasswordRules('我的密码很安全啊')).toBeNull();
  });

  it('counts emoji (astral code points, two UTF-16 units) one each: 7 fail, 8 pass', () => {
    const seven = '🍎🍊🍋🍌🍉🍇🍓';
    const eight = '🍎🍊🍋🍌🍉🍇🍓🍒';
    expect(seven.length).toBe(14); // UTF-16 units would wrongly pass the minimum
    expect(checkPasswordRules(seven)).toBe('password.tooShort');
    expect(checkPasswordRules(eight)).toBeNull();
  });

  it('accepts exactly 128 characters and rejects 129', () => {
    const max = 'xK9#'.repeat(32);
    expect(max).toHaveLength(128);
    expect(checkPasswordRules(max)).toBeNull();
    expect(checkPasswordRules(`${max}z`)).toBe('password.tooLong');
  });

  it('counts code points at the maximum too: 128 emoji pass although they are 256 UTF-16 units', () => {
    const max = '🍎🍊'.repeat(64);
    expect(checkPasswordRules(max)).toBeNull();
    expect(checkPasswordRules(`${max}🍒`)).toBe('password.tooLong');
  });

  it('reports length before commonness', () => {
    expect(checkPasswordRules('1234567')).toBe('password.tooShort');
  });
});

describe('checkPasswordRules: common and trivial passwords', () => {
  it('rejects passwords from the zxcvbn common list', () => {
    expect(checkPasswordRules('sunshine')).toBe('password.common');
    expect(checkPasswordRules('football')).toBe('password.common');
  });

  it('rejects the extra Chinese common passwords', () => {
    expect(checkPasswordRules('woaini1314')).toBe('password.common');
    expect(checkPasswordRules('qq12345678')).toBe('password.common');
  });

  it('rejects the demo accounts\' published password', () => {
    expect(checkPasswordRules('demo-pass-2026')).toBe('password.common');
    expect(checkPasswordRules('Demo-Pass-2026')).toBe('password.common');
  });

  it('compares case-insensitively', () => {
    expect(checkPasswordRules('password')).toBe('password.common');
    expect(checkPasswordRules('Password')).toBe('password.common');
    expect(checkPasswordRules('PASSWORD')).toBe('password.common');
    expect(checkPasswordRules('WoAiNi1314')).toBe('password.common');
  });

  it('rejects 12345678', () => {
    expect(checkPasswordRules('12345678')).toBe('password.common');
  });

  it('rejects a repeated single character', () => {
    expect(checkPasswordRules('88888888')).toBe('password.common');
    expect(checkPasswordRules('aaaaaaaa')).toBe('password.common');
    expect(checkPasswordRules('啊啊啊啊啊啊啊啊')).toBe('password.common');
  });

  it('rejects ascending and descending digit runs', () => {
    expect(checkPasswordRules('87654321')).toBe('password.common');
    expect(checkPasswordRules('23456789')).toBe('password.common');
    expect(checkPasswordRules('98765432')).toBe('password.common');
    expect(checkPasswordRules('0123456789')).toBe('password.common');
  });

  it('accepts an ordinary strong password', () => {
    expect(checkPasswordRules('Tr0ub4d&!')).toBeNull();
  });
});

describe('checkPasswordRules: phone number', () => {
  it('rejects a password containing the phone number', () => {
    expect(checkPasswordRules('my13800000001pw', { phone: '13800000001' })).toBe('password.containsPhone');
    expect(checkPasswordRules('13800000001', { phone: '13800000001' })).toBe('password.containsPhone');
  });

  it('accepts the same password for another phone or without a phone', () => {
    expect(checkPasswordRules('my13800000001pw', { phone: '13900000002' })).toBeNull();
    expect(checkPasswordRules('my13800000001pw')).toBeNull();
    expect(checkPasswordRules('my13800000001pw', { phone: '' })).toBeNull();
  });
});

describe('generateServicePassword', () => {
  it('always gives exactly 6 ASCII digits, with varied values', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const pw = generateServicePassword();
      expect(pw).toMatch(/^[0-9]{6}$/);
      seen.add(pw);
    }
    expect(seen.size).toBeGreaterThan(1);
    // 2000 uniform draws from a million values: collisions are rare, so nearly all are distinct
    expect(seen.size).toBeGreaterThan(1900);
  });
});

describe('createPasswordHasher', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hasher = createPasswordHasher({ concurrency: 1, maxQueue: 1 });
    const h = await hasher.hash('demo-pass-2026');
    expect(h.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    expect(await hasher.verify(h, 'demo-pass-2026')).toBe(true);
    expect(await hasher.verify(h, 'demo-pass-2027')).toBe(false);
  });

  it('salts: the same password hashes differently twice', async () => {
    const hasher = createPasswordHasher({ concurrency: 1, maxQueue: 1 });
    const a = await hasher.hash('same-password');
    const b = await hasher.hash('same-password');
    expect(a).not.toBe(b);
  });

  it('answers false (does not throw) for a malformed stored hash', async () => {
    const hasher = createPasswordHasher({ concurrency: 1, maxQueue: 1 });
    await expect(hasher.verify('not-a-hash', 'whatever1')).resolves.toBe(false);
    await expect(hasher.verify('', 'whatever1')).resolves.toBe(false);
    await expect(hasher.verify('$argon2id$v=19$m=19456,t=2,p=1$broken', 'whatever1')).resolves.toBe(false);
  });

  it('does not truncate: 200-character passwords differing only in the last character do not match', async () => {
    const hasher = createPasswordHasher({ concurrency: 1, maxQueue: 1 });
    const a = `${'p'.repeat(199)}a`;
    const b = `${'p'.repeat(199)}b`;
    expect(a).toHaveLength(200);
    const hashA = await hasher.hash(a);
    const hashB = await hasher.hash(b);
    expect(await hasher.verify(hashA, b)).toBe(false);
    expect(await hasher.verify(hashB, a)).toBe(false);
    expect(await hasher.verify(hashA, a)).toBe(true);
  });

  it('bounds the queue: with 1 running and 1 waiting allowed, 3 of 5 simultaneous calls are refused as busy', async () => {
    const hasher = createPasswordHasher({ concurrency: 1, maxQueue: 1 });
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((i) => hasher.hash(`burst-password-${i}`)));
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected.length).toBeGreaterThanOrEqual(1);
    expect(fulfilled).toHaveLength(2);
    expect(rejected).toHaveLength(3);
    for (const r of rejected) {
      expect(r.reason).toBeInstanceOf(PasswordHasherBusyError);
      expect((r.reason as Error).name).toBe('PasswordHasherBusyError');
    }
    // the first call is the one that ran
    expect(results[0]?.status).toBe('fulfilled');
    // once the burst has drained, the hasher accepts work again
    await expect(hasher.hash('after-the-burst')).resolves.toMatch(/^\$argon2id\$/);
  });

  it('verifyDummy completes without revealing anything', async () => {
    const hasher = createPasswordHasher({ concurrency: 1, maxQueue: 1 });
    await expect(hasher.verifyDummy('anything-at-all')).resolves.toBeUndefined();
  });
});
