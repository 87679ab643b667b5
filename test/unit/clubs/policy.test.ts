import { describe, expect, it } from 'vitest';
import type { MembershipStatus } from '../../../db/schema';
import type { RosterRow } from '../../../src/clubs/roster';
import {
  capacityChangeAllowed,
  expectedJoinOutcome,
  joinNeedsApproval,
  joinRefusal,
  placesLeft,
  rosterActions,
  type JoinFacts,
} from '../../../src/clubs/policy';
import { translator } from '../../../src/lib/i18n';
import { createTimeFormat } from '../../../src/lib/time';
import { ROSTER_CSV_COLUMNS, neutralizeFormula, rosterCsv } from '../../../views/coordinator/roster-csv';

const silver = { rank: 1 };
const gold = { rank: 2 };
const platinum = { rank: 3 };

/** A member who may join: right role, enabled, tier high enough, club open, not yet a member. */
const eligible: JoinFacts = { role: 'member', disabled: false, ownTier: gold, minTier: gold, archived: false, liveStatus: null };

describe('joinRefusal', () => {
  it('lets an eligible member join', () => {
    expect(joinRefusal(eligible)).toBeNull();
    expect(joinRefusal({ ...eligible, ownTier: platinum })).toBeNull();
    expect(joinRefusal({ ...eligible, minTier: null, ownTier: null })).toBeNull();
  });

  it('refuses staff of every kind: only members join clubs', () => {
    for (const role of ['coordinator', 'lounge_staff', 'admin'] as const) {
      expect(joinRefusal({ ...eligible, role }), role).toBe('not_member_role');
    }
  });

  it('refuses a disabled account', () => {
    expect(joinRefusal({ ...eligible, disabled: true })).toBe('disabled');
  });

  it('refuses a closed club', () => {
    expect(joinRefusal({ ...eligible, archived: true })).toBe('archived');
  });

  it('refuses a member who is already in, waiting or asking', () => {
    for (const liveStatus of ['pending', 'active', 'waitlisted'] as const) {
      expect(joinRefusal({ ...eligible, liveStatus }), liveStatus).toBe('already_member');
    }
  });

  it('refuses a tier below the minimum, and a member without a tier when there is one', () => {
    expect(joinRefusal({ ...eligible, ownTier: silver })).toBe('tier_too_low');
    expect(joinRefusal({ ...eligible, ownTier: null })).toBe('tier_too_low');
  });

  it('checks in order: role, disabled, archived, already a member, tier', () => {
    const everythingWrong: JoinFacts = { role: 'coordinator', disabled: true, archived: true, liveStatus: 'active', ownTier: silver, minTier: platinum };
    expect(joinRefusal(everythingWrong)).toBe('not_member_role');
    expect(joinRefusal({ ...everythingWrong, role: 'member' })).toBe('disabled');
    expect(joinRefusal({ ...everythingWrong, role: 'member', disabled: false })).toBe('archived');
    expect(joinRefusal({ ...everythingWrong, role: 'member', disabled: false, archived: false })).toBe('already_member');
    expect(joinRefusal({ ...everythingWrong, role: 'member', disabled: false, archived: false, liveStatus: null })).toBe('tier_too_low');
    expect(joinRefusal({ ...everythingWrong, role: 'member', disabled: false, archived: false, liveStatus: null, ownTier: platinum })).toBeNull();
  });
});

describe('joinNeedsApproval', () => {
  it('needs approval when the club asks for it or the member was removed before', () => {
    expect(joinNeedsApproval(false, false)).toBe(false);
    expect(joinNeedsApproval(true, false)).toBe(true);
    expect(joinNeedsApproval(false, true)).toBe(true);
    expect(joinNeedsApproval(true, true)).toBe(true);
  });
});

describe('expectedJoinOutcome', () => {
  it('is a request when approval is needed, whatever the places', () => {
    expect(expectedJoinOutcome(true, 0, 0, 10)).toEqual({ kind: 'pending' });
    expect(expectedJoinOutcome(true, 10, 3, 10)).toEqual({ kind: 'pending' });
  });

  it('is a place when one is free and nobody waits', () => {
    expect(expectedJoinOutcome(false, 0, 0, 1)).toEqual({ kind: 'active' });
    expect(expectedJoinOutcome(false, 9, 0, 10)).toEqual({ kind: 'active' });
  });

  it('is the end of the waitlist when the club is full', () => {
    expect(expectedJoinOutcome(false, 10, 0, 10)).toEqual({ kind: 'waitlisted', position: 1 });
    expect(expectedJoinOutcome(false, 10, 4, 10)).toEqual({ kind: 'waitlisted', position: 5 });
  });

  it('queues behind people already waiting even when a place is free (nobody jumps the queue)', () => {
    expect(expectedJoinOutcome(false, 8, 2, 10)).toEqual({ kind: 'waitlisted', position: 3 });
  });

  it('queues when capacity was lowered below the active members', () => {
    expect(expectedJoinOutcome(false, 12, 0, 10)).toEqual({ kind: 'waitlisted', position: 1 });
  });
});

describe('placesLeft', () => {
  it('is capacity minus active members', () => {
    expect(placesLeft(10, 0)).toBe(10);
    expect(placesLeft(10, 7)).toBe(3);
    expect(placesLeft(10, 10)).toBe(0);
  });

  it('is never negative', () => {
    expect(placesLeft(10, 12)).toBe(0);
  });
});

describe('capacityChangeAllowed', () => {
  it('allows any capacity at or above the active members', () => {
    expect(capacityChangeAllowed(5, 5)).toBe(true);
    expect(capacityChangeAllowed(6, 5)).toBe(true);
    expect(capacityChangeAllowed(1, 0)).toBe(true);
  });

  it('refuses a capacity below the active members', () => {
    expect(capacityChangeAllowed(4, 5)).toBe(false);
    expect(capacityChangeAllowed(0, 1)).toBe(false);
  });
});

describe('rosterActions', () => {
  it('offers the actions that make sense for each status', () => {
    const expected: Record<MembershipStatus, string[]> = {
      pending: ['approve', 'decline'],
      active: ['remove'],
      waitlisted: ['prioritize', 'remove'],
      left: [],
      removed: [],
      declined: [],
      closed: [],
    };
    for (const [status, actions] of Object.entries(expected)) {
      expect(rosterActions(status as MembershipStatus), status).toEqual(actions);
    }
  });
});

describe('neutralizeFormula', () => {
  it('prefixes values a spreadsheet would run as a formula with an apostrophe', () => {
    expect(neutralizeFormula('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(neutralizeFormula('+8613900000001')).toBe("'+8613900000001");
    expect(neutralizeFormula('-1')).toBe("'-1");
    expect(neutralizeFormula('@cmd')).toBe("'@cmd");
    expect(neutralizeFormula('\t=1')).toBe("'\t=1");
    expect(neutralizeFormula('\r=1')).toBe("'\r=1");
  });

  it('leaves everything else unchanged', () => {
    for (const value of ['张三', 'Zhang San', '13900000001', '', "'quoted", 'a=b', 'x-y', ' =1', '\n=1', '１＝１']) {
      expect(neutralizeFormula(value), JSON.stringify(value)).toBe(value);
    }
  });
});

describe('rosterCsv', () => {
  const zone = 'Asia/Shanghai';
  const requested = Date.UTC(2026, 10, 20, 2, 0); // 20 Nov 2026, 10:00 in Shanghai
  const joined = Date.UTC(2026, 10, 25, 16, 30); // 26 Nov 2026, 00:30 in Shanghai (still the 25th in UTC)
  const row = (o: Partial<RosterRow>): RosterRow => ({
    membershipId: 1,
    userId: 1,
    name: '张三',
    phone: '13900000001',
    tierCode: 'gold',
    tierNameZh: '金卡',
    tierNameEn: 'Gold',
    status: 'active',
    requestedAt: requested,
    activeSince: joined,
    reason: null,
    eventsRegistered: 3,
    eventsAttended: 2,
    eventsNoShow: 1,
    position: null,
    ...o,
  });
  const rows: RosterRow[] = [
    row({}),
    row({ membershipId: 2, userId: 2, name: '=HYPERLINK("http://x")', phone: '13900000002', tierCode: null, tierNameZh: null, tierNameEn: null, status: 'waitlisted', activeSince: null, position: 2 }),
    row({ membershipId: 3, userId: 3, name: '李, 四', phone: '13900000003', status: 'pending', activeSince: null }),
  ];
  const zh = { t: translator('zh'), locale: 'zh' as const, fmt: createTimeFormat('zh', zone) };
  const en = { t: translator('en'), locale: 'en' as const, fmt: createTimeFormat('en', zone) };

  it('starts with a byte-order mark and ends every record with CRLF', () => {
    const csv = rosterCsv(rows, ['name'], zh);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual(['姓名', '张三', '"\'=HYPERLINK(""http://x"")"', '"李, 四"', '']);
    expect(csv.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('has a Chinese header and Chinese cells in Chinese, dates in the programme’s zone', () => {
    const csv = rosterCsv(rows, [...ROSTER_CSV_COLUMNS], zh);
    expect(csv).toBe(
      '\uFEFF' +
        [
          '姓名,手机号,等级,状态,加入日期,申请日期,候补顺位,报名活动数,到场次数,缺席次数',
          '张三,13900000001,金卡,会员,2026年11月26日周四,2026年11月20日周五,,3,2,1',
          '"\'=HYPERLINK(""http://x"")",13900000002,,候补 #2,,2026年11月20日周五,2,3,2,1',
          '"李, 四",13900000003,金卡,待审核,,2026年11月20日周五,,3,2,1',
        ].join('\r\n') +
        '\r\n',
    );
  });

  it('has an English header and English cells in English', () => {
    const csv = rosterCsv(rows, ['name', 'tier', 'status', 'joined'], en);
    expect(csv).toBe(
      '\uFEFF' +
        [
          'Name,Tier,Status,Joined',
          '张三,Gold,Member,"Thu, 26 Nov 2026"',
          '"\'=HYPERLINK(""http://x"")",,Waitlist #2,',
          '"李, 四",Gold,Pending,',
        ].join('\r\n') +
        '\r\n',
    );
  });

  it('contains only the chosen columns, in the order chosen', () => {
    const csv = rosterCsv(rows, ['phone', 'name'], zh);
    expect(csv).toBe('\uFEFF手机号,姓名\r\n13900000001,张三\r\n13900000002,"\'=HYPERLINK(""http://x"")"\r\n13900000003,"李, 四"\r\n');
    expect(csv).not.toContain('金卡');
    expect(csv).not.toContain('2026');
  });

  it('is a header alone for an empty roster', () => {
    expect(rosterCsv([], ['name', 'status'], en)).toBe('\uFEFFName,Status\r\n');
  });

  it('neutralizes formula-like values in any column, a phone number included', () => {
    const csv = rosterCsv([row({ phone: '+8613900000001', name: '@SUM(1)' })], ['name', 'phone'], zh);
    expect(csv).toBe("\uFEFF姓名,手机号\r\n'@SUM(1),'+8613900000001\r\n");
  });
});
