import { describe, expect, it } from 'vitest';
import { describeAccounts, refusalLine } from '../../../src/auth/demo-passwords';
import { DEMO_ACCOUNTS, DEMO_FILLERS, DEMO_PHONES } from '../../../db/seed-data';
import { HISTORY_MEMBER_TIERS } from '../../../db/seed-history-data';

describe('DEMO_PHONES', () => {
  it('lists the demo accounts, the fillers and the 96 history members 13900000100–13900000195, each once', () => {
    expect(DEMO_PHONES.slice(0, DEMO_ACCOUNTS.length)).toEqual(DEMO_ACCOUNTS.map((a) => a.phone));
    expect(DEMO_PHONES).toEqual(expect.arrayContaining(DEMO_FILLERS.map((f) => f.phone)));
    const history = DEMO_PHONES.filter((p) => p >= '13900000100');
    expect(history).toHaveLength(HISTORY_MEMBER_TIERS.reduce((n, [, c]) => n + c, 0));
    expect(history[0]).toBe('13900000100');
    expect(history.at(-1)).toBe('13900000195');
    expect(new Set(DEMO_PHONES).size).toBe(DEMO_PHONES.length);
  });

  it('never holds a phone the large benchmark seed generates (members 1391…–1399…, staff 136… and 137…)', () => {
    for (const p of DEMO_PHONES) expect(p < '13910000000' && !p.startsWith('136') && !p.startsWith('137')).toBe(true);
  });
});

describe('the refusal line', () => {
  const member = (phone: string) => ({ phone, role: 'member' as const });

  it('names the phones by role, staff first, with runs of consecutive phones as ranges', () => {
    const accounts = [
      member('13900000001'), member('13900000002'), member('13900000003'), member('13900000004'),
      { phone: '13800000000', role: 'admin' as const },
      member('13900000011'), member('13900000012'),
      { phone: '13800000002', role: 'lounge_staff' as const },
      member('13900000100'),
      { phone: '13800000001', role: 'coordinator' as const },
    ];
    expect(describeAccounts(accounts)).toBe(
      'admin 13800000000; coordinator 13800000001; lounge_staff 13800000002; member 13900000001–13900000004, 13900000011, 13900000012, 13900000100',
    );
  });

  it('is one line that says what to do and never shows the password', () => {
    const line = refusalLine([{ phone: '13800000000', role: 'admin' }]);
    expect(line).toMatch(/^Refusing to start: NODE_ENV=production and 1 account still signs in with the demo password the README publishes: admin 13800000000\. /);
    expect(line).toContain('ALLOW_DEMO_PASSWORDS=true');
    expect(line).toContain('new password');
    expect(line).not.toContain('\n');
    expect(line).not.toContain('demo-pass');
    expect(refusalLine([member('13900000001'), member('13900000002')])).toContain('2 accounts still sign in');
  });
});
