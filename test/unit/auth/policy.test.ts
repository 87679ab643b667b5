import { describe, it, expect } from 'vitest';
import type { Role } from '../../../db/schema';
import {
  canEnterSection,
  canManageClub,
  canWorkLounge,
  homePathFor,
  safeNextPath,
  sectionsFor,
  type Actor,
  type Section,
} from '../../../src/auth/policy';

const ROLES: Role[] = ['member', 'coordinator', 'lounge_staff', 'admin'];

// The expected access table, written out by hand (deliberately not derived from SECTION_ROLES).
const EXPECTED: Record<Section, Record<Role, boolean>> = {
  clubs: { member: true, coordinator: true, lounge_staff: false, admin: true },
  events: { member: true, coordinator: true, lounge_staff: false, admin: true },
  lounges: { member: true, coordinator: false, lounge_staff: true, admin: true },
  me: { member: true, coordinator: false, lounge_staff: false, admin: false },
  coordinator: { member: false, coordinator: true, lounge_staff: false, admin: true },
  desk: { member: false, coordinator: false, lounge_staff: true, admin: true },
  admin: { member: false, coordinator: false, lounge_staff: false, admin: true },
};

describe('canEnterSection', () => {
  const cases = (Object.keys(EXPECTED) as Section[]).flatMap((section) =>
    ROLES.map((role) => ({ section, role, allowed: EXPECTED[section][role] })),
  );

  it('covers 7 sections × 4 roles', () => {
    expect(cases).toHaveLength(28);
  });

  it.each(cases)('$role in $section → $allowed', ({ section, role, allowed }) => {
    expect(canEnterSection(role, section)).toBe(allowed);
  });
});

describe('sectionsFor', () => {
  it('lists sections in navigation order', () => {
    expect(sectionsFor('member')).toEqual(['clubs', 'events', 'lounges', 'me']);
    expect(sectionsFor('coordinator')).toEqual(['clubs', 'events', 'coordinator']);
    expect(sectionsFor('lounge_staff')).toEqual(['lounges', 'desk']);
    expect(sectionsFor('admin')).toEqual(['clubs', 'events', 'lounges', 'coordinator', 'desk', 'admin']);
  });
});

const actor = (role: Role): Actor => ({ id: 7, role });

describe('canManageClub', () => {
  it('lets an admin manage any club, assigned or not', () => {
    expect(canManageClub(actor('admin'), [], 3)).toBe(true);
    expect(canManageClub(actor('admin'), [1, 2], 3)).toBe(true);
  });

  it('lets a coordinator manage only the clubs assigned to them', () => {
    expect(canManageClub(actor('coordinator'), [1, 3], 3)).toBe(true);
    expect(canManageClub(actor('coordinator'), [1, 2], 3)).toBe(false);
    expect(canManageClub(actor('coordinator'), [], 3)).toBe(false);
  });

  it('never lets members or lounge staff manage a club, even if the ids include it', () => {
    expect(canManageClub(actor('member'), [3], 3)).toBe(false);
    expect(canManageClub(actor('lounge_staff'), [3], 3)).toBe(false);
  });
});

describe('canWorkLounge', () => {
  it('lets an admin work any lounge', () => {
    expect(canWorkLounge(actor('admin'), [], 5)).toBe(true);
  });

  it('lets lounge staff work only the lounges assigned to them', () => {
    expect(canWorkLounge(actor('lounge_staff'), [5], 5)).toBe(true);
    expect(canWorkLounge(actor('lounge_staff'), [4, 6], 5)).toBe(false);
    expect(canWorkLounge(actor('lounge_staff'), [], 5)).toBe(false);
  });

  it('never lets members or coordinators work a lounge, even if the ids include it', () => {
    expect(canWorkLounge(actor('member'), [5], 5)).toBe(false);
    expect(canWorkLounge(actor('coordinator'), [5], 5)).toBe(false);
  });
});

describe('homePathFor', () => {
  it('sends each role to its own landing page', () => {
    expect(homePathFor('member')).toBe('/');
    expect(homePathFor('coordinator')).toBe('/coordinator');
    expect(homePathFor('lounge_staff')).toBe('/desk');
    expect(homePathFor('admin')).toBe('/admin');
  });
});

describe('safeNextPath', () => {
  it('accepts local paths, with query strings', () => {
    expect(safeNextPath('/events?x=1')).toBe('/events?x=1');
    expect(safeNextPath('/')).toBe('/');
    expect(safeNextPath('/clubs/3#top')).toBe('/clubs/3#top');
  });

  it('rejects absent and empty values', () => {
    expect(safeNextPath(null)).toBeNull();
    expect(safeNextPath(undefined)).toBeNull();
    expect(safeNextPath('')).toBeNull();
  });

  it('rejects absolute and protocol-relative URLs', () => {
    expect(safeNextPath('https://x')).toBeNull();
    expect(safeNextPath('http://evil.example/')).toBeNull();
    expect(safeNextPath('//x')).toBeNull();
    expect(safeNextPath('//evil.example/events')).toBeNull();
    expect(safeNextPath('events')).toBeNull();
    expect(safeNextPath('javascript:alert(1)')).toBeNull();
  });

  it('rejects backslash tricks that browsers read as //', () => {
    expect(safeNextPath('/\\x')).toBeNull();
    expect(safeNextPath('/\\evil.example')).toBeNull();
    expect(safeNextPath('/a\\b')).toBeNull();
  });

  it('rejects the sign-in and sign-out pages (no loops)', () => {
    expect(safeNextPath('/login')).toBeNull();
    expect(safeNextPath('/login?next=/admin')).toBeNull();
    expect(safeNextPath('/logout')).toBeNull();
  });

  it('rejects control characters', () => {
    expect(safeNextPath('/events\u0000')).toBeNull();
    expect(safeNextPath('/\t/evil.example')).toBeNull();
    expect(safeNextPath('/events\r\nSet-Cookie: a=b')).toBeNull();
    expect(safeNextPath('/\n/evil.example')).toBeNull();
    expect(safeNextPath('/events\u001f')).toBeNull();
    expect(safeNextPath('/events\u007f')).toBeNull();
    expect(safeNextPath('/events\u0085')).toBeNull();
    expect(safeNextPath('/活动')).toBeNull(); // raw non-ASCII never comes from a real URL
    expect(safeNextPath('/%E6%B4%BB%E5%8A%A8?q=a%20b')).toBe('/%E6%B4%BB%E5%8A%A8?q=a%20b');
  });
});
