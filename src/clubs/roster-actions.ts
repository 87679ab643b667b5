import { and, eq, inArray, sql } from 'drizzle-orm';
import { clubMemberships, type MembershipStatus } from '../../db/schema';
import type { Actor } from '../auth/policy';
import { audit } from '../lib/audit';
import type { AppDeps } from '../lib/context';
import { err, ok, type Result } from '../lib/result';
import { notify } from '../notifications/service';
import { rosterActions } from './policy';
import { managedClub, membershipInClub } from './roster';
import { backOfQueue, promoteWaitlist, waitlistPosition } from './waitlist';

type Deps = Pick<AppDeps, 'db' | 'clock'>;
export type RosterAction = 'approve' | 'decline' | 'remove' | 'prioritize';
export type RosterActionError = 'forbidden' | 'not_found' | 'not_allowed' | 'reason_required';

/**
 * One coordinator decision about one membership, in one write transaction: the status change, any waitlist
 * promotion it causes, the members' inbox messages and the audit entry land together or not at all.
 * `not_allowed` means the membership is no longer in a status the action applies to (e.g. someone else
 * approved it a moment ago).
 */
export async function actOnMembership(
  deps: Deps,
  actor: Actor,
  input: { clubId: number; membershipId: number; action: RosterAction; reason?: string | undefined },
): Promise<Result<{ status: MembershipStatus; memberName: string; position: number | null }, RosterActionError>> {
  const { clubId, membershipId, action } = input;
  const reason = input.reason?.trim() || null;
  if (action === 'remove' && !reason) return err('reason_required');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const club = await managedClub(tx, actor, clubId);
    if (!club.ok) return club;
    const found = await membershipInClub(tx, clubId, membershipId);
    if (!found) return err('not_found');
    const m = found.membership;
    if (!rosterActions(m.status).includes(action)) return err('not_allowed');
    const names = { clubZh: club.value.nameZh, clubEn: club.value.nameEn };
    const link = `/clubs/${clubId}`;
    let status: MembershipStatus;

    if (action === 'approve') {
      // the same rule as a direct join, decided under the write lock: a place if one is free and nobody waits
      const [row] = await tx.all<{ status: 'active' | 'waitlisted' }>(sql`
        UPDATE club_memberships SET
          status = CASE
            WHEN (SELECT count(*) FROM club_memberships a WHERE a.club_id = ${clubId} AND a.status = 'active') < (SELECT capacity FROM clubs WHERE id = ${clubId})
              AND NOT EXISTS (SELECT 1 FROM club_memberships w WHERE w.club_id = ${clubId} AND w.status = 'waitlisted')
            THEN 'active' ELSE 'waitlisted' END,
          queued_at = ${backOfQueue(clubId, now)}, status_changed_at = ${now}, decided_by = ${actor.id}
        WHERE id = ${membershipId} AND status = 'pending'
        RETURNING status`);
      if (!row) return err('not_allowed');
      status = row.status;
      if (status === 'active') await tx.update(clubMemberships).set({ activeSince: now }).where(eq(clubMemberships.id, membershipId));
      const position = status === 'waitlisted' ? await waitlistPosition(tx, membershipId) : null;
      await notify(tx, now, [
        status === 'active'
          ? { userId: m.userId, kind: 'club.approved', params: names, link }
          : { userId: m.userId, kind: 'club.approvedWaitlisted', params: { ...names, position: position ?? 0 }, link },
      ]);
    } else if (action === 'decline') {
      await tx
        .update(clubMemberships)
        .set({ status: 'declined', statusChangedAt: now, decidedBy: actor.id, reason })
        .where(and(eq(clubMemberships.id, membershipId), eq(clubMemberships.status, 'pending')));
      status = 'declined';
      await notify(tx, now, [{ userId: m.userId, kind: 'club.declined', params: { ...names, reason: reason ?? '' }, link }]);
    } else if (action === 'remove') {
      await tx
        .update(clubMemberships)
        .set({ status: 'removed', statusChangedAt: now, decidedBy: actor.id, reason })
        .where(and(eq(clubMemberships.id, membershipId), inArray(clubMemberships.status, ['active', 'waitlisted', 'pending'])));
      status = 'removed';
      await notify(tx, now, [{ userId: m.userId, kind: 'club.removed', params: { ...names, reason: reason ?? '' }, link }]);
      if (m.status === 'active') await promoteWaitlist(tx, club.value, now);
    } else {
      // to the front of the queue: the next free place is theirs
      await tx
        .update(clubMemberships)
        .set({
          queuedAt: sql`(SELECT min(queued_at) - 1 FROM club_memberships WHERE club_id = ${clubId} AND status = 'waitlisted')`,
          decidedBy: actor.id,
        })
        .where(and(eq(clubMemberships.id, membershipId), eq(clubMemberships.status, 'waitlisted')));
      status = 'waitlisted';
    }

    await audit(tx, actor, now, {
      action: { approve: 'club.member.approved', decline: 'club.member.declined', remove: 'club.member.removed', prioritize: 'club.waitlist.prioritized' }[action],
      targetType: 'club_membership',
      targetId: membershipId,
      detail: { clubId, userId: m.userId, from: m.status, to: status, ...(reason ? { reason } : {}) },
    });
    const position = status === 'waitlisted' ? await waitlistPosition(tx, membershipId) : null;
    return ok({ status, memberName: found.memberName, position });
  });
}

/** Sends a notice to every active member's inbox (one statement) and records who sent what. */
export async function postNotice(
  deps: Deps,
  actor: Actor,
  input: { clubId: number; title: string; body: string },
): Promise<Result<{ recipients: number }, 'forbidden' | 'not_found'>> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const club = await managedClub(tx, actor, input.clubId);
    if (!club.ok) return club;
    const params = JSON.stringify({ clubZh: club.value.nameZh, clubEn: club.value.nameEn });
    const rows = await tx.all<{ id: number }>(sql`
      INSERT INTO notifications (user_id, kind, params, title, body, link, created_at)
      SELECT user_id, 'club.notice', ${params}, ${input.title}, ${input.body}, ${`/clubs/${input.clubId}`}, ${now}
      FROM club_memberships WHERE club_id = ${input.clubId} AND status = 'active'
      RETURNING id`);
    await audit(tx, actor, now, { action: 'club.notice.posted', targetType: 'club', targetId: input.clubId, detail: { title: input.title, recipients: rows.length } });
    return ok({ recipients: rows.length });
  });
}
