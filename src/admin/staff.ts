import { and, eq } from 'drizzle-orm';
import { clubCoordinators, clubs, users } from '../../db/schema';
import type { Actor } from '../auth/policy';
import { audit } from '../lib/audit';
import type { AppDeps } from '../lib/context';
import { err, ok, type Result } from '../lib/result';

/**
 * Gives a coordinator a club to run, or takes it away (club_coordinators). Only coordinator accounts can be given
 * clubs; an archived club can be taken away but not given. Nothing is written or recorded when nothing changes.
 * (Lounge staff are assigned with setLoungeStaff in src/lounges/admin.ts.)
 */
export async function setClubCoordinator(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  input: { clubId: number; userId: number; assigned: boolean },
): Promise<Result<{ changed: boolean }, 'forbidden' | 'not_found' | 'not_coordinator' | 'archived'>> {
  if (actor.role !== 'admin') return err('forbidden');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [user] = await tx.select({ role: users.role }).from(users).where(eq(users.id, input.userId));
    if (!user) return err('not_found');
    if (user.role !== 'coordinator') return err('not_coordinator');
    const [club] = await tx.select({ id: clubs.id, archivedAt: clubs.archivedAt }).from(clubs).where(eq(clubs.id, input.clubId));
    if (!club) return err('not_found');
    let changed: boolean;
    if (input.assigned) {
      if (club.archivedAt !== null) return err('archived');
      changed = (await tx.insert(clubCoordinators).values({ clubId: input.clubId, userId: input.userId }).onConflictDoNothing().returning({ clubId: clubCoordinators.clubId })).length > 0;
    } else {
      changed =
        (await tx
          .delete(clubCoordinators)
          .where(and(eq(clubCoordinators.clubId, input.clubId), eq(clubCoordinators.userId, input.userId)))
          .returning({ clubId: clubCoordinators.clubId })).length > 0;
    }
    if (changed) {
      await audit(tx, actor, now, { action: input.assigned ? 'club.coordinator.assigned' : 'club.coordinator.removed', targetType: 'club', targetId: input.clubId, detail: { userId: input.userId } });
    }
    return ok({ changed });
  });
}
