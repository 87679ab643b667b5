import { and, inArray, isNull } from 'drizzle-orm';
import type { Config } from '../config';
import type { DbOrTx } from '../db';
import type { Logger } from '../lib/log';
import { users, type Role } from '../../db/schema';
import { DEMO_PASSWORD, DEMO_PHONES } from '../../db/seed-data';
import type { PasswordHasher } from './password';

/**
 * The production start-up check: no account may still sign in with the demo password, which the README publishes.
 * Verifying every account's hash would take minutes on a big database (argon2 is slow on purpose: ~100,000 members in
 * the benchmark's), so only the accounts the demo seed creates are checked — by phone (DEMO_PHONES, ~110) — and each
 * distinct stored hash is verified once (the demo's history members share one hash), so a seeded database costs a
 * dozen verifications and a database without the demo none. A disabled account is left out: it cannot sign in, and
 * disabling is one of the ways out (an admin enabling it again must give it a new password first, or the next start
 * refuses).
 */
export interface DemoPasswordAccount {
  phone: string;
  role: Role;
}

/** At most this many verifications at once: the hasher's queue is bounded (64) and answers "busy" beyond it. */
const AT_ONCE = 8;

/** The enabled demo-phone accounts whose stored hash verifies the demo password, by phone. */
export async function accountsWithDemoPassword(db: DbOrTx, passwords: PasswordHasher): Promise<DemoPasswordAccount[]> {
  const rows = await db
    .select({ phone: users.phone, role: users.role, passwordHash: users.passwordHash })
    .from(users)
    .where(and(inArray(users.phone, [...DEMO_PHONES]), isNull(users.disabledAt)))
    .orderBy(users.phone);
  const hashes = [...new Set(rows.map((r) => r.passwordHash))];
  const demo = new Set<string>();
  for (let i = 0; i < hashes.length; i += AT_ONCE) {
    const chunk = hashes.slice(i, i + AT_ONCE);
    const verdicts = await Promise.all(chunk.map((h) => passwords.verify(h, DEMO_PASSWORD)));
    for (const [k, h] of chunk.entries()) if (verdicts[k]) demo.add(h);
  }
  return rows.filter((r) => demo.has(r.passwordHash)).map((r) => ({ phone: r.phone, role: r.role }));
}

/** "admin 13800000000; member 13900000001–13900000004, 13900000011": by role, runs of consecutive phones as ranges. */
export function describeAccounts(accounts: DemoPasswordAccount[]): string {
  const groups = new Map<string, string[]>();
  for (const a of accounts) groups.set(a.role, [...(groups.get(a.role) ?? []), a.phone]);
  const order: string[] = ['admin', 'coordinator', 'lounge_staff', 'member'];
  return [...groups]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([label, phones]) => `${label} ${ranges(phones)}`)
    .join('; ');
}

function ranges(phones: string[]): string {
  const sorted = [...new Set(phones)].sort((a, b) => Number(a) - Number(b));
  const out: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && Number(sorted[j + 1]) === Number(sorted[j]) + 1) j++;
    if (j - i >= 2) out.push(`${sorted[i]}–${sorted[j]}`);
    else for (let k = i; k <= j; k++) out.push(sorted[k]!);
    i = j + 1;
  }
  return out.join(', ');
}

export function refusalLine(accounts: DemoPasswordAccount[]): string {
  const n = accounts.length;
  return (
    `Refusing to start: NODE_ENV=production and ${n} account${n === 1 ? '' : 's'} still sign${n === 1 ? 's' : ''} in with the demo password the README publishes: ${describeAccounts(accounts)}. ` +
    'Give each of them a new password or disable it (README, "Production and the demo accounts"), or rebuild the database without the demo data (SEED_DEMO is off in production unless set); ' +
    'ALLOW_DEMO_PASSWORDS=true starts anyway, for a public demo instance only.'
  );
}

/**
 * Run once per start before the port is opened (src/server.ts; with WORKERS > 1 by the primary, src/primary.ts).
 * Returns the line to print before exiting with status 1, or null when start-up may go on: not production, no such
 * account, or ALLOW_DEMO_PASSWORDS=true (then a warning is logged).
 */
export async function demoPasswordRefusal(deps: { config: Config; db: DbOrTx; passwords: PasswordHasher; logger: Logger }): Promise<string | null> {
  if (!deps.config.isProduction) return null;
  const found = await accountsWithDemoPassword(deps.db, deps.passwords);
  if (found.length === 0) return null;
  if (deps.config.allowDemoPasswords) {
    deps.logger.warn('demo passwords allowed', { accounts: found.length, because: 'ALLOW_DEMO_PASSWORDS=true' });
    return null;
  }
  return refusalLine(found);
}
