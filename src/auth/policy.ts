import type { Role } from '../../db/schema';

/** Who may enter each section. Scoped sections (coordinator, desk) are narrowed further per club/lounge. */
export const SECTION_ROLES = {
  clubs: ['member', 'coordinator', 'admin'],
  events: ['member', 'coordinator', 'admin'],
  lounges: ['member', 'lounge_staff', 'admin'],
  me: ['member'],
  coordinator: ['coordinator', 'admin'],
  desk: ['lounge_staff', 'admin'],
  admin: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Section = keyof typeof SECTION_ROLES;

/** Who is acting, and from where (kept in the audit log). */
export interface Actor {
  id: number;
  role: Role;
  ip?: string;
  requestId?: string;
}

export function canEnterSection(role: Role, section: Section): boolean {
  return (SECTION_ROLES[section] as readonly Role[]).includes(role);
}

/** Sections in the order the navigation shows them. */
export function sectionsFor(role: Role): Section[] {
  return (Object.keys(SECTION_ROLES) as Section[]).filter((s) => canEnterSection(role, s));
}

/** Admins manage every club; coordinators only the clubs assigned to them. */
export function canManageClub(actor: Actor, coordinatedClubIds: readonly number[], clubId: number): boolean {
  if (actor.role === 'admin') return true;
  return actor.role === 'coordinator' && coordinatedClubIds.includes(clubId);
}

/** Admins work every lounge; lounge staff only the lounges assigned to them. */
export function canWorkLounge(actor: Actor, staffedLoungeIds: readonly number[], loungeId: number): boolean {
  if (actor.role === 'admin') return true;
  return actor.role === 'lounge_staff' && staffedLoungeIds.includes(loungeId);
}

/** Where a role lands after signing in: members on their card, staff in their own section. */
export function homePathFor(role: Role): string {
  switch (role) {
    case 'member':
      return '/';
    case 'coordinator':
      return '/coordinator';
    case 'lounge_staff':
      return '/desk';
    case 'admin':
      return '/admin';
  }
}

/** Only local paths may be used as a post-sign-in destination (no open redirects). */
export function safeNextPath(next: string | undefined | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  // printable ASCII only: a path taken from a URL is already percent-encoded, and anything else could
  // not go into a Location header (Node refuses DEL and friends)
  if (!/^[\x21-\x7e]+$/.test(next) || next.includes('\\')) return null;
  if (next.startsWith('/login') || next.startsWith('/logout')) return null;
  return next;
}
