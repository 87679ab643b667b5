import { describe, expect, it } from 'vitest';
import { checkRows, countOutcomes, decodeCsv, looksLikeCsv, parseImportCsv, planImport, previewDigest, resolveLanguage, resolveTier, type ExistingAccount } from '../../../src/admin/import-csv';

const TIERS = [
  { code: 'silver', nameZh: '银卡', nameEn: 'Silver' },
  { code: 'gold', nameZh: '金卡', nameEn: 'Gold' },
  { code: 'platinum', nameZh: '白金卡', nameEn: 'Platinum' },
  { code: 'diamond', nameZh: '钻石卡', nameEn: 'Diamond' },
];

const rowsOf = (text: string) => {
  const parsed = parseImportCsv(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problem));
  return parsed.value;
};

describe('reading the file', () => {
  it('takes UTF-8 with or without a byte-order mark, and nothing else', () => {
    expect(decodeCsv(new TextEncoder().encode('\uFEFFphone'))).toEqual({ ok: true, value: 'phone' });
    expect(decodeCsv(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ ok: true, value: 'a' });
    expect(decodeCsv(new Uint8Array([0xca, 0xd6, 0xbb, 0xfa]))).toEqual({ ok: false, problem: { code: 'notUtf8' } });
    expect(decodeCsv(new TextEncoder().encode('a,b\u0000c'))).toEqual({ ok: false, problem: { code: 'notCsv' } });
    expect(decodeCsv(new TextEncoder().encode(' \r\n\n'))).toEqual({ ok: false, problem: { code: 'empty' } });
  });

  it('knows a CSV upload by its type, or by its name when the browser is vague', () => {
    expect(looksLikeCsv('a.csv', 'text/csv')).toBe(true);
    expect(looksLikeCsv('a.CSV', 'application/vnd.ms-excel')).toBe(true);
    expect(looksLikeCsv('a.txt', '')).toBe(true);
    expect(looksLikeCsv('a.bin', 'text/plain; charset=utf-8')).toBe(true);
    expect(looksLikeCsv('a.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe(false);
    expect(looksLikeCsv('a.xls', 'application/vnd.ms-excel')).toBe(false);
    expect(looksLikeCsv('a.csv', 'image/png')).toBe(false);
  });

  it('reads headers in either language and any order, CRLF or LF or CR, quoted fields, blank lines', () => {
    expect(rowsOf('语言,等级,姓名,手机号\r\nen,gold,"Li, ""Wei""",13600000001\r\n\r\n , , , \r\nzh,金卡,张三,13600000002')).toEqual([
      { line: 2, phone: '13600000001', name: 'Li, "Wei"', tier: 'gold', language: 'en' },
      { line: 5, phone: '13600000002', name: '张三', tier: '金卡', language: 'zh' },
    ]);
    expect(rowsOf('Phone , NAME,Tier\r13600000001,甲,gold\r13600000002,乙,gold')).toEqual([
      { line: 2, phone: '13600000001', name: '甲', tier: 'gold', language: '' },
      { line: 3, phone: '13600000002', name: '乙', tier: 'gold', language: '' },
    ]);
  });

  it('refuses a file it cannot read whole, saying why', () => {
    const problem = (text: string) => {
      const parsed = parseImportCsv(text);
      return parsed.ok ? null : parsed.problem;
    };
    expect(problem('phone,name,tier\n13600000001,"甲,gold\n')).toEqual({ code: 'badCsv', line: 2 });
    expect(problem('phone,name,tier\n1,2\n')).toEqual({ code: 'badCsv', line: 2 });
    expect(problem('phone,name\n13600000001,甲')).toEqual({ code: 'missingColumn', column: 'tier' });
    expect(problem('phone,name,tier,vip\n13600000001,甲,gold,1')).toEqual({ code: 'unknownColumn', column: 'vip' });
    expect(problem('phone,手机号,name,tier\n1,1,甲,gold')).toEqual({ code: 'duplicateColumn', column: '手机号' });
    expect(problem('13600000001,甲,gold')).toEqual({ code: 'noHeader' });
    expect(problem('phone,name,tier\n\n')).toEqual({ code: 'noRows' });
    expect(problem(`phone,name,tier\n${'13600000001,甲,gold\n'.repeat(20_001)}`)).toEqual({ code: 'tooManyRows', count: 20_001 });
    expect(problem(`phone,name,tier\n${'13600000001,甲,gold\n'.repeat(20_000)}`)).toBeNull();
  });
});

describe('tiers and languages', () => {
  it('finds a tier by code or by either name, in any case', () => {
    expect(['gold', 'GOLD', 'Gold', '金卡', ' 金 卡 '].map((raw) => resolveTier(raw, TIERS))).toEqual(['gold', 'gold', 'gold', 'gold', 'gold']);
    expect(resolveTier('白金卡', TIERS)).toBe('platinum');
    expect(resolveTier('titanium', TIERS)).toBeNull();
    expect(resolveTier('', TIERS)).toBeNull();
  });

  it('reads languages by code or name; empty is "not given"', () => {
    expect(['zh', 'ZH-CN', '中文', '简体中文', 'Chinese'].map(resolveLanguage)).toEqual(['zh', 'zh', 'zh', 'zh', 'zh']);
    expect(['en', 'EN', 'English', '英文'].map(resolveLanguage)).toEqual(['en', 'en', 'en', 'en']);
    expect(resolveLanguage('  ')).toBeNull();
    expect(resolveLanguage('fr')).toBe('invalid');
  });
});

describe('checking rows', () => {
  it('finds every problem of a row, and repeats of a phone further down', () => {
    const checked = checkRows(
      rowsOf(
        [
          'phone,name,tier,language',
          '+86 136-0000-0001,甲,gold,',
          '13600000001,甲again,gold,',
          '1360000000,,,xx',
          '13600000002,<i>,titanium,zh',
          `13600000003,${'长'.repeat(41)},gold,en`,
          `13600000004,${'长'.repeat(40)},gold,en`,
        ].join('\n'),
      ),
      TIERS,
    );
    expect(checked.map((c) => [c.row.line, c.phone, c.problems.map((p) => p.code)])).toEqual([
      [2, '13600000001', []],
      [3, '13600000001', ['duplicate']],
      [4, null, ['phone', 'nameMissing', 'tierMissing', 'language']],
      [5, '13600000002', ['nameMarkup', 'tier']],
      [6, '13600000003', ['nameTooLong']],
      [7, '13600000004', []],
    ]);
    expect(checked[1]!.problems).toEqual([{ code: 'duplicate', line: 2 }]);
  });

  it('puts every cell through the normaliser typed names go through: controls and bidi marks removed, NFC, one line', () => {
    const rows = rowsOf(
      [
        '\u200ephone,name\u202c,tier,language',
        '13600000001,"\u202e王\u001b海燕\u0007",\u2066gold\u2069,\u200fen',
        '13600000002,"Wang\r\nHaiyan",金卡,',
        '13600000003,Jose\u0301,gold,',
        `13600000004,"\u202e${'长'.repeat(40)}\u202c",gold,`,
        `13600000005,\u0007\u001b,gold,`,
      ].join('\n'),
    );
    expect(rows.map((r) => [r.name, r.tier, r.language])).toEqual([
      ['王海燕', 'gold', 'en'],
      ['Wang Haiyan', '金卡', ''],
      ['José', 'gold', ''],
      ['长'.repeat(40), 'gold', ''],
      ['', 'gold', ''],
    ]);
    const checked = checkRows(rows, TIERS);
    expect(checked.map((c) => [c.name, c.tierCode, c.locale, c.problems.map((p) => p.code)])).toEqual([
      ['王海燕', 'gold', 'en', []],
      ['Wang Haiyan', 'gold', null, []],
      ['José', 'gold', null, []],
      ['长'.repeat(40), 'gold', null, []],
      ['', 'gold', null, ['nameMissing']],
    ]);
  });

  it('plans create, update (saying what changes), unchanged and error against the accounts as they are', () => {
    const checked = checkRows(
      rowsOf(['phone,name,tier,language', '13600000001,新人,gold,', '13600000002,改名,diamond,en', '13600000003,原样,silver,', '13600000004,员工,gold,zh', '13600000003,重复,silver,'].join('\n')),
      TIERS,
    );
    const existing = new Map<string, ExistingAccount>([
      ['13600000002', { id: 2, phone: '13600000002', name: '旧名', role: 'member', tierCode: 'silver', locale: 'zh' }],
      ['13600000003', { id: 3, phone: '13600000003', name: '原样', role: 'member', tierCode: 'silver', locale: 'en' }],
      ['13600000004', { id: 4, phone: '13600000004', name: '员工', role: 'lounge_staff', tierCode: null, locale: 'zh' }],
    ]);
    const outcomes = planImport(checked, existing);
    expect(outcomes).toEqual([
      { kind: 'create', line: 2, phone: '13600000001', name: '新人', tierCode: 'gold', locale: 'zh' },
      { kind: 'update', line: 3, phone: '13600000002', name: '改名', tierCode: 'diamond', locale: 'en', userId: 2, changes: { name: { from: '旧名', to: '改名' }, tier: { from: 'silver', to: 'diamond' }, locale: { from: 'zh', to: 'en' } } },
      { kind: 'unchanged', line: 4, phone: '13600000003', name: '原样', tierCode: 'silver', locale: 'en', userId: 3 },
      { kind: 'error', line: 5, row: checked[3]!.row, problems: [{ code: 'staff' }] },
      { kind: 'error', line: 6, row: checked[4]!.row, problems: [{ code: 'duplicate', line: 4 }] },
    ]);
    expect(countOutcomes(outcomes)).toEqual({ create: 1, update: 1, unchanged: 1, error: 2 });
  });

  it('gives another digest when the file or the accounts differ, the same otherwise', () => {
    const text = 'phone,name,tier\n13600000001,甲,gold';
    const checked = checkRows(rowsOf(text), TIERS);
    const none = planImport(checked, new Map());
    const taken = planImport(checked, new Map([['13600000001', { id: 9, phone: '13600000001', name: '甲', role: 'member' as const, tierCode: 'silver', locale: 'zh' as const }]]));
    expect(previewDigest(text, none)).toBe(previewDigest(text, planImport(checked, new Map())));
    expect(previewDigest(text, none)).not.toBe(previewDigest(text, taken));
    expect(previewDigest(`${text}\n`, none)).not.toBe(previewDigest(text, none));
    expect(previewDigest(text, none)).toMatch(/^[0-9a-f]{64}$/);
  });
});
