import { describe, expect, it } from 'vitest';
import { ARGON2_INITIAL_OPTIONS, createPasswordHasher, generateServicePassword } from '../../../src/auth/password';

describe('the initial-password hash profile', () => {
  const hasher = createPasswordHasher({ concurrency: 2 });

  it('is argon2id with its own cheap parameters, and verifies like any other hash', async () => {
    const password = generateServicePassword();
    const hash = await hasher.hashInitial(password);
    expect(hash).toMatch(new RegExp(`^\\$argon2id\\$v=19\\$m=${ARGON2_INITIAL_OPTIONS.memoryCost},t=1,p=1\\$`));
    expect(await hasher.verify(hash, password)).toBe(true);
    expect(await hasher.verify(hash, password === '000000' ? '000001' : '000000')).toBe(false);
    // the same code hashes differently each time (a salt of its own)
    expect(await hasher.hashInitial(password)).not.toBe(hash);
  });

  it('is much cheaper than the full profile', async () => {
    const time = async (fn: () => Promise<unknown>) => {
      const t0 = performance.now();
      for (let i = 0; i < 10; i++) await fn();
      return performance.now() - t0;
    };
    const full = await time(() => hasher.hash('123456'));
    const initial = await time(() => hasher.hashInitial('123456'));
    expect(initial).toBeLessThan(full / 3);
  });

  it('still costs a full verification to check, so sign-in time does not reveal a fresh account', async () => {
    const cheap = await hasher.hashInitial('123456');
    const full = await hasher.hash('123456');
    await hasher.verify(full, '123456'); // warm up (the dummy hash is made once)
    await hasher.verify(cheap, '123456');
    const time = async (h: string) => {
      const t0 = performance.now();
      for (let i = 0; i < 10; i++) await hasher.verify(h, '654321');
      return performance.now() - t0;
    };
    expect(await time(cheap)).toBeGreaterThan((await time(full)) * 0.6);
  });
});
