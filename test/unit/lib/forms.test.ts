import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { formValues, multiLineText, name, normalizeText, problemsOf, searchField, searchText, singleLineText, textLength, translateProblems } from '../../../src/lib/forms';
import { translator } from '../../../src/lib/i18n';

function errorsFor(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected the input to be invalid');
  return problemsOf(result.error, input);
}

describe('problemsOf', () => {
  it('reports an unknown field of a strict schema on the form as a whole', () => {
    const schema = z.strictObject({ name: z.string() });
    expect(errorsFor(schema, { name: 'x', sneaky: '1' })).toEqual({ _form: { key: 'validation.unexpectedField' } });
  });

  it('reports a string that is too long with its maximum', () => {
    const schema = z.strictObject({ name: z.string().max(10) });
    expect(errorsFor(schema, { name: 'abcdefghijk' })).toEqual({ name: { key: 'validation.tooLong', params: { max: 10 } } });
  });

  it('reports a string that is too short with its minimum, and an empty required one as required', () => {
    expect(errorsFor(z.strictObject({ code: z.string().min(4) }), { code: 'ab' })).toEqual({
      code: { key: 'validation.tooShort', params: { min: 4 } },
    });
    expect(errorsFor(z.strictObject({ code: z.string().min(1) }), { code: '' })).toEqual({ code: { key: 'validation.required' } });
  });

  it('reports numbers out of range as too large / too small', () => {
    const schema = z.strictObject({ guests: z.number().int().min(1).max(4) });
    expect(errorsFor(schema, { guests: 5 })).toEqual({ guests: { key: 'validation.tooLarge', params: { max: 4 } } });
    expect(errorsFor(schema, { guests: 0 })).toEqual({ guests: { key: 'validation.tooSmall', params: { min: 1 } } });
  });

  it('reports a missing field as required', () => {
    const schema = z.strictObject({ name: z.string(), phone: z.string() });
    expect(errorsFor(schema, { name: 'x' })).toEqual({ phone: { key: 'validation.required' } });
  });

  it('passes a custom message key through', () => {
    const schema = z.strictObject({ phone: z.string().regex(/^\d{11}$/, { error: 'validation.phone' }) });
    expect(errorsFor(schema, { phone: 'abc' })).toEqual({ phone: { key: 'validation.phone' } });
  });

  it('maps an unknown custom message to validation.invalid', () => {
    const schema = z.strictObject({ phone: z.string().regex(/^\d{11}$/, { error: 'not a dictionary key' }) });
    expect(errorsFor(schema, { phone: 'abc' })).toEqual({ phone: { key: 'validation.invalid' } });
  });

  it('keeps the first problem of each field and collects every field', () => {
    const schema = z.strictObject({
      name: z.string().min(1, { error: 'validation.required' }).max(3),
      phone: z.string().regex(/^\d+$/, { error: 'validation.phone' }),
    });
    expect(errorsFor(schema, { name: '', phone: 'x', extra: 'y' })).toEqual({
      name: { key: 'validation.required' },
      phone: { key: 'validation.phone' },
      _form: { key: 'validation.unexpectedField' },
    });
  });
});

describe('normalizeText', () => {
  const NUL = '\u0000', BEL = '\u0007', ESC = '\u001b', DEL = '\u007f', CSI = '\u009b', RLO = '\u202e', PDF = '\u202c', LRI = '\u2066', PDI = '\u2069';

  it('removes C0 and C1 controls, DEL, the bidi embeddings, overrides, isolates and marks, and the BOM', () => {
    expect(normalizeText(`a${NUL}b${BEL}c${ESC}[31md${DEL}e${CSI}f`, 'line')).toBe('abc[31mdef');
    expect(normalizeText(`王${RLO}海燕${PDF}`, 'line')).toBe('王海燕');
    expect(normalizeText(`${LRI}Li${PDI} \u200eWei\u200f \u061cok\u202a\u202b\u202d`, 'line')).toBe('Li Wei ok');
    expect(normalizeText('\ufeffname\ufeff', 'line')).toBe('name');
    for (let code = 0; code <= 0x9f; code++) {
      if (code > 0x1f && code < 0x7f) continue;
      const ch = String.fromCharCode(code);
      const expected = code === 0x09 || code === 0x0a || code === 0x0d ? 'a b' : 'ab';
      expect(normalizeText(`a${ch}b`, 'line'), `U+${code.toString(16)}`).toBe(expected);
    }
  });

  it('keeps what is visible, joiners included (emoji sequences, scripts that need them)', () => {
    const family = '👨\u200d👩\u200d👧';
    expect(normalizeText(`好 ${family} <b>&amp;</b> O’Brien`, 'line')).toBe(`好 ${family} <b>&amp;</b> O’Brien`);
    expect(normalizeText('می\u200cخواهم', 'line')).toBe('می\u200cخواهم');
  });

  it('turns CRLF, lone CR, U+2028 and U+2029 into LF in multi-line text, and keeps blank lines inside it', () => {
    expect(normalizeText('one\r\ntwo\rthree\u2028four\u2029five\n\nsix', 'lines')).toBe('one\ntwo\nthree\nfour\nfive\n\nsix');
  });

  it('keeps no line break in a single line: each break, with the spaces around it, becomes one space', () => {
    expect(normalizeText('Wang\r\nHaiyan', 'line')).toBe('Wang Haiyan');
    expect(normalizeText('a  \n\n  b\rc', 'line')).toBe('a b c');
    expect(normalizeText('reason\r\n', 'line')).toBe('reason');
  });

  it('turns tabs into spaces', () => {
    expect(normalizeText('a\tb', 'line')).toBe('a b');
    expect(normalizeText('col\tcol\nx', 'lines')).toBe('col col\nx');
  });

  it('puts text in NFC (so é typed as e + accent is the one character it looks like) and trims it', () => {
    const decomposed = 'Jose\u0301';
    expect(normalizeText(` ${decomposed} `, 'line')).toBe('José');
    expect(normalizeText(decomposed, 'line')).toHaveLength(4);
    expect(normalizeText('\u3000\u00a0 名字 \n', 'line')).toBe('名字');
    expect(normalizeText('\n\n  first\nlast  \n\n', 'lines')).toBe('first\nlast');
  });

  it('removes a control that splits a letter from its accent before composing them', () => {
    expect(normalizeText(`e${NUL}\u0301`, 'line')).toBe('é');
  });

  it('leaves nothing of a value made only of invisible characters', () => {
    expect(normalizeText(`${NUL}${RLO}\r\n\t \u200e`, 'line')).toBe('');
    expect(normalizeText(`${NUL}${RLO}\r\n\t \u200e`, 'lines')).toBe('');
  });

  it('is idempotent', () => {
    const messy = ` a\r\n${RLO}b${NUL}\tc\u2028d e\u0301 `;
    for (const shape of ['line', 'lines'] as const) expect(normalizeText(normalizeText(messy, shape), shape)).toBe(normalizeText(messy, shape));
  });
});

describe('textLength', () => {
  it('counts characters as code points, not UTF-16 units', () => {
    expect(textLength('王海燕')).toBe(3);
    expect(textLength('😀😀')).toBe(2);
    expect('😀😀'.length).toBe(4);
    expect(textLength('')).toBe(0);
  });
});

describe('singleLineText()', () => {
  const field = singleLineText(10);
  const form = z.strictObject({ name: field });

  it('trims the value', () => {
    expect(field.parse('  张三  ')).toBe('张三');
    expect(field.parse('张三')).toBe('张三');
  });

  it('rejects an empty or blank value as required, and one of invisible characters only', () => {
    expect(errorsFor(form, { name: '' })).toEqual({ name: { key: 'validation.required' } });
    expect(errorsFor(form, { name: '   ' })).toEqual({ name: { key: 'validation.required' } });
    expect(errorsFor(form, { name: '\u0000\u202e\r\n' })).toEqual({ name: { key: 'validation.required' } });
    expect(errorsFor(form, {})).toEqual({ name: { key: 'validation.required' } });
  });

  it('removes control and bidi characters silently instead of refusing them', () => {
    expect(field.parse('ab\u0007cd')).toBe('abcd');
    expect(field.parse('ab\u0000')).toBe('ab');
    expect(field.parse('ab\u007f')).toBe('ab');
    expect(field.parse('\u202eabc')).toBe('abc');
  });

  it('keeps no tab or line break inside a single-line value', () => {
    for (const [value, expected] of [['a\nb', 'a b'], ['a\tb', 'a b'], ['a\rb', 'a b'], ['a\r\nb', 'a b'], ['a\u0085b', 'ab'], ['a\u2028b', 'a b']]) {
      expect(field.parse(value), JSON.stringify(value)).toBe(expected);
    }
  });

  it('tells a value of the wrong kind (a repeated field, a file) from a missing one', () => {
    expect(errorsFor(form, { name: ['a', 'b'] })).toEqual({ name: { key: 'validation.invalid' } });
    expect(errorsFor(form, { name: 42 })).toEqual({ name: { key: 'validation.invalid' } });
    expect(errorsFor(form, {})).toEqual({ name: { key: 'validation.required' } });
  });

  it('accepts up to the maximum and refuses one more with the limit and the count, never cutting', () => {
    expect(field.parse('abcdefghij')).toBe('abcdefghij');
    expect(errorsFor(form, { name: 'abcdefghijk' })).toEqual({ name: { key: 'text.tooLong', params: { max: 10, count: 11 } } });
    expect(errorsFor(form, { name: '字'.repeat(25) })).toEqual({ name: { key: 'text.tooLong', params: { max: 10, count: 25 } } });
  });

  it('measures after normalising: trimmed spaces, removed controls and composed accents do not count', () => {
    expect(field.parse('  abcdefghij  ')).toBe('abcdefghij');
    expect(field.parse('abcde\u0000\u202efghij')).toBe('abcdefghij');
    expect(field.parse('e\u0301'.repeat(10))).toBe('é'.repeat(10));
  });

  it('counts an emoji as one character', () => {
    expect(field.parse('😀'.repeat(10))).toBe('😀'.repeat(10));
    expect(errorsFor(form, { name: '😀'.repeat(11) })).toEqual({ name: { key: 'text.tooLong', params: { max: 10, count: 11 } } });
  });

  it('is optional when told: empty (or invisible only) is then the empty string', () => {
    const optional = z.strictObject({ reason: singleLineText(10, { optional: true }).optional() });
    expect(optional.parse({ reason: '' })).toEqual({ reason: '' });
    expect(optional.parse({ reason: ' \u0000 ' })).toEqual({ reason: '' });
    expect(optional.parse({})).toEqual({});
    expect(errorsFor(optional, { reason: 'x'.repeat(11) })).toEqual({ reason: { key: 'text.tooLong', params: { max: 10, count: 11 } } });
  });
});

describe('multiLineText()', () => {
  const field = multiLineText(10);
  const form = z.strictObject({ body: field });

  it('keeps line breaks as LF, and counts a CRLF break once (as the browser counts it)', () => {
    expect(field.parse('one\r\ntwo\rsi')).toBe('one\ntwo\nsi');
    expect(field.parse('12345\r\n1234')).toBe('12345\n1234');
    expect(errorsFor(form, { body: '12345\r\n12345' })).toEqual({ body: { key: 'text.tooLong', params: { max: 10, count: 11 } } });
  });

  it('removes every other control character and the bidi controls', () => {
    expect(field.parse('a\u0000b\u001bc\u0007\n\u202ed')).toBe('abc\nd');
  });

  it('is required unless told otherwise', () => {
    expect(errorsFor(form, { body: '\r\n \r\n' })).toEqual({ body: { key: 'validation.required' } });
    expect(multiLineText(10, { optional: true }).parse('\r\n')).toBe('');
  });
});

describe('name()', () => {
  it('is a single line with no angle brackets', () => {
    const form = z.strictObject({ name: name(10) });
    expect(form.parse({ name: ' 王\r\n海燕\u202e ' })).toEqual({ name: '王 海燕' });
    expect(errorsFor(form, { name: '<b>x</b>' })).toEqual({ name: { key: 'validation.noMarkup' } });
    expect(errorsFor(form, { name: 'x'.repeat(11) })).toEqual({ name: { key: 'text.tooLong', params: { max: 10, count: 11 } } });
  });
});

describe('search text', () => {
  it('is normalised as a single line and never cut', () => {
    expect(searchText(' 王\u202e海 ')).toBe('王海');
    expect(searchText(null)).toBe('');
    expect(searchText('x'.repeat(500))).toHaveLength(500);
    expect(searchField().parse('a\r\nb\u0000')).toBe('a b');
  });
});

describe('formValues / translateProblems', () => {
  it('keeps only string values', () => {
    expect(formValues({ name: '张三', count: 3, list: ['a'], phone: '138' })).toEqual({ name: '张三', phone: '138' });
    expect(formValues(undefined)).toEqual({});
    expect(formValues(null)).toEqual({});
  });

  it('gives the values back normalised (line breaks kept) but never shortened', () => {
    expect(formValues({ body: ` ${'字'.repeat(5000)}\r\n\u0000second\u202e ` })).toEqual({ body: `${'字'.repeat(5000)}\nsecond` });
  });

  it('translates problems with their parameters', () => {
    expect(
      translateProblems(translator('en'), { name: { key: 'validation.tooLong', params: { max: 10 } }, _form: { key: 'validation.required' } }),
    ).toEqual({ name: 'At most 10 characters.', _form: 'This field is required.' });
    expect(translateProblems(translator('zh'), { name: { key: 'validation.tooLong', params: { max: 10 } } })).toEqual({ name: '最多 10 个字符。' });
    expect(translateProblems(translator('zh'), { body: { key: 'text.tooLong', params: { max: 4000, count: 4001 } } })).toEqual({ body: '最多 4000 个字符，现在有 4001 个。' });
    expect(translateProblems(translator('en'), { body: { key: 'text.tooLong', params: { max: 4000, count: 4001 } } })).toEqual({ body: 'At most 4000 characters; this has 4001.' });
  });
});
