import { auditLog } from '../../db/schema';
import type { DbOrTx } from '../db';
import type { Actor } from '../auth/policy';

export interface AuditEntry {
  /** dotted, past tense: member.enrolled, user.password.changed, club.member.removed */
  action: string;
  targetType?: string;
  targetId?: string | number;
  detail?: Record<string, unknown>;
}

function auditRow(actor: Actor | null, at: number, entry: AuditEntry) {
  return {
    at,
    actorId: actor?.id ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId === undefined ? null : String(entry.targetId),
    detail: entry.detail ?? null,
    ip: actor?.ip ?? null,
    requestId: actor?.requestId ?? null,
  };
}

/** Records who did what, to what, when and from where. Written in the same transaction as the change. */
export async function audit(db: DbOrTx, actor: Actor | null, at: number, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values(auditRow(actor, at, entry));
}

/** Many entries by one actor in one statement (a bulk import writes one per member, 500 at a time). */
export async function auditMany(db: DbOrTx, actor: Actor | null, at: number, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insert(auditLog).values(entries.map((e) => auditRow(actor, at, e)));
}
