import { eq, inArray, sql } from 'drizzle-orm';
import { importBatches, users, type tiers } from '../../db/schema';
import type { Actor } from '../auth/policy';
import type { Db } from '../db';
import { audit, auditMany } from '../lib/audit';
import { randomCode } from '../lib/codes';
import type { Locale } from '../lib/i18n';
import { writeTierChange } from '../lounges/allowances';
import { notifyTierChanged } from '../members/tier-notice';
import { queueDirectMessage } from '../notifications/outbox';
import type { RowOutcome } from './import-csv';

/** Writing one chunk of an import: members created and updated in one write transaction, with their messages and audit. */

type TierRow = typeof tiers.$inferSelect;
export type CreateRow = Extract<RowOutcome, { kind: 'create' }>;
export type UpdateRow = Extract<RowOutcome, { kind: 'update' }>;

/** A member to create, with the initial password made for them (held in memory only) and its hash. */
export interface PreparedCreate {
  row: CreateRow;
  password: string;
  passwordHash: string;
}

export interface CreatedMember {
  line: number;
  userId: number;
  phone: string;
  name: string;
  password: string;
}

export interface ChunkResult {
  created: CreatedMember[];
  updated: number;
  /** rows whose account changed (or appeared) after they were checked: left alone, reported */
  skipped: Array<{ line: number; phone: string }>;
}

export interface ChunkContext {
  actor: Actor;
  now: number;
  /** this year in the programme's zone, for the lounge allowance */
  year: number;
  batchId: number;
  tiers: ReadonlyMap<string, TierRow>;
  /** the SMS carrying an initial password, in the member's language */
  smsText: (locale: Locale, password: string) => string;
}

/** What an update row expects to find: the values it was checked against. */
function expected(row: UpdateRow) {
  return { name: row.changes.name?.from ?? row.name, tierCode: row.changes.tier?.from ?? row.tierCode, locale: row.changes.locale?.from ?? row.locale };
}

/**
 * One write transaction for a chunk. The accounts are read again inside it: a phone enrolled meanwhile, or a member
 * changed meanwhile, is skipped (and reported) rather than overwritten, so the import never does anything the
 * preview did not show. Adds the chunk's rows to the batch's progress in the same transaction.
 */
export async function writeChunk(db: Db, ctx: ChunkContext, creates: readonly PreparedCreate[], updates: readonly UpdateRow[]): Promise<ChunkResult> {
  const { actor, now, batchId } = ctx;
  return db.transaction(async (tx) => {
    const phones = [...creates.map((c) => c.row.phone), ...updates.map((u) => u.phone)];
    const current = new Map(
      (phones.length ? await tx.select({ id: users.id, phone: users.phone, name: users.name, role: users.role, tierCode: users.tierCode, locale: users.locale }).from(users).where(inArray(users.phone, phones)) : []).map((u) => [u.phone, u]),
    );
    const result: ChunkResult = { created: [], updated: 0, skipped: [] };

    const fresh = creates.filter((c) => {
      if (!current.has(c.row.phone)) return true;
      result.skipped.push({ line: c.row.line, phone: c.row.phone });
      return false;
    });
    if (fresh.length > 0) {
      const inserted = await tx
        .insert(users)
        .values(fresh.map(({ row, passwordHash }) => ({ phone: row.phone, name: row.name, passwordHash, role: 'member' as const, tierCode: row.tierCode, locale: row.locale, mustChangePassword: true, cardCode: randomCode(), createdAt: now, updatedAt: now })))
        .returning({ id: users.id, phone: users.phone });
      const idOf = new Map(inserted.map((r) => [r.phone, r.id]));
      for (const { row, password } of fresh) {
        const userId = idOf.get(row.phone)!;
        await queueDirectMessage(tx, now, { userId, channel: 'sms', destination: row.phone, text: ctx.smsText(row.locale, password) });
        result.created.push({ line: row.line, userId, phone: row.phone, name: row.name, password });
      }
      await auditMany(tx, actor, now, result.created.map((m, i) => ({ action: 'member.enrolled', targetType: 'user', targetId: m.userId, detail: { tier: fresh[i]!.row.tierCode, importBatch: batchId } })));
    }

    for (const row of updates) {
      const account = current.get(row.phone);
      const want = expected(row);
      if (!account || account.id !== row.userId || account.role !== 'member' || account.name !== want.name || account.tierCode !== want.tierCode || account.locale !== want.locale) {
        result.skipped.push({ line: row.line, phone: row.phone });
        continue;
      }
      const { name, tier, locale } = row.changes;
      if (name || locale) {
        await tx.update(users).set({ name: row.name, locale: row.locale, updatedAt: now }).where(eq(users.id, row.userId));
        await audit(tx, actor, now, { action: 'member.updated', targetType: 'user', targetId: row.userId, detail: { ...(name ? { name } : {}), ...(locale ? { locale } : {}), importBatch: batchId } });
      }
      if (tier) {
        const from = ctx.tiers.get(tier.from);
        const to = ctx.tiers.get(tier.to);
        if (!from || !to) throw new Error(`tier ${tier.from} or ${tier.to} is missing`);
        await writeTierChange(tx, actor, { userId: row.userId, from, to, now, year: ctx.year });
        if (!name && !locale) await tx.update(users).set({ updatedAt: now }).where(eq(users.id, row.userId));
        await audit(tx, actor, now, { action: 'member.tier.changed', targetType: 'user', targetId: row.userId, detail: { from: from.code, to: to.code, importBatch: batchId } });
        await notifyTierChanged(tx, now, [{ userId: row.userId, from, to }]);
      }
      result.updated += 1;
    }

    await tx
      .update(importBatches)
      .set({ processed: sql`${importBatches.processed} + ${creates.length + updates.length}` })
      .where(eq(importBatches.id, batchId));
    return result;
  });
}
