import { tiers, users, type Role } from '../../db/schema';
import { DEMO_TIERS } from '../../db/seed-data';
import { createSession } from '../../src/auth/session';
import type { Db } from '../../src/db';
import { randomCode } from '../../src/lib/codes';

let phoneSeq = 0;

/**
 * Many people with sessions made directly — checking hundreds of passwords would only slow a concurrency test
 * down. Members are gold unless told; staff names end in their index.
 */
export async function signedInPeople(
  db: Db,
  clock: { now(): number },
  count: number,
  o: { role?: Role; tierCode?: string | null; name?: string } = {},
): Promise<Array<{ id: number; name: string; token: string }>> {
  await db.insert(tiers).values(DEMO_TIERS).onConflictDoNothing();
  const role = o.role ?? 'member';
  const now = clock.now();
  const rows = await db
    .insert(users)
    .values(
      Array.from({ length: count }, (_, i) => ({
        phone: `134${String((phoneSeq += 1)).padStart(8, '0')}`,
        name: `${o.name ?? (role === 'member' ? '会员' : '值班员')}${i}`,
        passwordHash: 'x',
        role,
        tierCode: role === 'member' ? (o.tierCode === undefined ? 'gold' : o.tierCode) : null,
        cardCode: randomCode(),
        createdAt: now,
        updatedAt: now,
      })),
    )
    .returning({ id: users.id, name: users.name });
  const out: Array<{ id: number; name: string; token: string }> = [];
  for (const r of rows) out.push({ ...r, token: (await createSession({ db, clock }, r.id)).token });
  return out;
}
