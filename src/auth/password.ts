import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import pLimit from 'p-limit';
import { DEMO_PASSWORD } from '../../db/seed-data';

/** argon2id with the OWASP minimum profile: 19 MiB, 2 passes, 1 lane. */
/** `Algorithm` is a const enum, which verbatimModuleSyntax cannot read at run time; 2 is Argon2id. */
const ARGON2ID = 2 as Algorithm.Argon2id;
export const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/**
 * argon2id for one-time 6-digit initial passwords only: 2 MiB, 1 pass (~0.3 ms instead of ~12 ms), so a bulk import of
 * 10,000 members takes seconds. A 6-digit code has ~20 bits: no hash cost protects it against an offline search
 * (all million codes take a few core-hours even at the full profile), so what protects it is that it works once — it must be
 * replaced at first sign-in, where it is re-hashed with ARGON2_OPTIONS — and that sign-in is throttled. `verify`
 * reads the parameters from the encoded hash, so sign-in needs nothing special.
 */
export const ARGON2_INITIAL_OPTIONS = { algorithm: ARGON2ID, memoryCost: 2048, timeCost: 1, parallelism: 1 } as const;
const INITIAL_PREFIX = `$argon2id$v=19$m=${ARGON2_INITIAL_OPTIONS.memoryCost},t=${ARGON2_INITIAL_OPTIONS.timeCost},p=${ARGON2_INITIAL_OPTIONS.parallelism}$`;

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export class PasswordHasherBusyError extends Error {
  override name = 'PasswordHasherBusyError';
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** the cheaper profile, for a generated one-time 6-digit initial password only (ARGON2_INITIAL_OPTIONS) */
  hashInitial(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
  /** spends the same effort as a real verification, for unknown accounts */
  verifyDummy(password: string): Promise<void>;
}

/**
 * Hashing runs on libuv threads and needs ~20 MiB each; at most `concurrency` run at once and at most
 * `maxQueue` wait. Beyond that the caller gets PasswordHasherBusyError (answered as 503 + Retry-After)
 * instead of memory growing without bound under a burst of sign-ins.
 */
export function createPasswordHasher(opts: { concurrency?: number; maxQueue?: number } = {}): PasswordHasher {
  const limit = pLimit(opts.concurrency ?? Math.max(1, Math.min(4, availableParallelism())));
  const maxQueue = opts.maxQueue ?? 64;
  const run = <T>(fn: () => Promise<T>): Promise<T> => {
    if (limit.pendingCount >= maxQueue) return Promise.reject(new PasswordHasherBusyError('password hashing queue is full'));
    return limit(fn);
  };
  let dummyHash: Promise<string> | undefined;
  const verifyDummy = async (password: string) => {
    dummyHash ??= run(() => hash(`dummy-${randomInt(1e9)}`, ARGON2_OPTIONS));
    const h = await dummyHash;
    await run(() => verify(h, password).catch(() => false));
  };
  return {
    hash: (password) => run(() => hash(password, ARGON2_OPTIONS)),
    hashInitial: (password) => run(() => hash(password, ARGON2_INITIAL_OPTIONS)),
    async verify(passwordHash, password) {
      const valid = await run(async () => {
        try {
          return await verify(passwordHash, password);
        } catch {
          return false; // a malformed stored hash never signs anyone in
        }
      });
      // An initial-password hash is quick to check; spend a full check's effort too, so the time a sign-in takes
      // does not tell that an account was just imported and has not been used yet.
      if (passwordHash.startsWith(INITIAL_PREFIX)) await verifyDummy(password);
      return valid;
    },
    verifyDummy,
  };
}

/** A one-time 6-digit initial service password (服务密码), uniformly random. */
export function generateServicePassword(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

// Common passwords: zxcvbn-ts's list (≈49k) plus ones typical of Chinese users that it lacks, and the demo accounts'
// password, which the README publishes.
const extraCommon = [
  DEMO_PASSWORD,
  'woaini1314', 'woaini520', 'wo123456', 'a123456789', 'qq123456', 'qq12345678', '1qaz2wsx', '1q2w3e4r',
  '5201314', '52013145201314', '1314520', '147258369', '123123123', 'aa123456', 'abc123456', 'zxcvbnm123',
  'iloveyou', 'password123', 'admin123', 'chinamobile', 'china10086', '10086100', 'qwertyuiop', 'asdfghjkl',
];
let commonSet: Set<string> | undefined;
function isCommon(password: string): boolean {
  commonSet ??= new Set([...dictionary['passwords-common'], ...extraCommon].map((p) => p.toLowerCase()));
  return commonSet.has(password.toLowerCase());
}

function isTrivialPattern(password: string): boolean {
  if (/^(.)\1+$/u.test(password)) return true; // 88888888, aaaaaaaa
  const digits = '0123456789012345678909876543210';
  return /^\d+$/.test(password) && digits.includes(password); // 12345678, 87654321
}

export type PasswordProblem = 'password.tooShort' | 'password.tooLong' | 'password.common' | 'password.containsPhone';

/**
 * Password rules: 8–128 characters (counted as characters, not bytes; never truncated),
 * not a common or trivially patterned password, not containing the account's phone number.
 */
export function checkPasswordRules(password: string, context: { phone?: string } = {}): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'password.tooShort';
  if (length > PASSWORD_MAX_LENGTH) return 'password.tooLong';
  if (isCommon(password) || isTrivialPattern(password)) return 'password.common';
  if (context.phone && password.includes(context.phone)) return 'password.containsPhone';
  return null;
}
