import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { formValues, problemsOf, text, translateProblems } from '../../../src/lib/forms';
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

describe('text()', () => {
  const field = text(10);

  it('trims the value', () => {
    expect(field.parse('  张三  ')).toBe('张三');
    expect(field.parse('张三')).toBe('张三');
  });

  it('rejects an empty or blank value as required', () => {
    expect(errorsFor(z.strictObject({ name: field }), { name: '' })).toEqual({ name: { key: 'validation.required' } });
    expect(errorsFor(z.strictObject({ name: field }), { name: '   ' })).toEqual({ name: { key: 'validation.required' } });
    expect(errorsFor(z.strictObject({ name: field }), {})).toEqual({ name: { key: 'validation.required' } });
  });

  it('rejects control characters as invalid', () => {
    expect(field.safeParse('ab\u0007cd').success).toBe(false);
    expect(errorsFor(z.strictObject({ name: field }), { name: 'ab\u0007cd' })).toEqual({ name: { key: 'validation.invalid' } });
    expect(field.safeParse('ab\u0000').success).toBe(false);
    expect(field.safeParse('ab\u007f').success).toBe(false);
  });

  it('rejects tabs and line breaks inside a single-line value', () => {
    for (const value of ['a\nb', 'a\tb', 'a\rb', 'a\u0085b']) {
      expect(errorsFor(z.strictObject({ name: field }), { name: value }), JSON.stringify(value)).toEqual({ name: { key: 'validation.invalid' } });
    }
  });

  it('tells a value of the wrong kind (a repeated field, a file) from a missing one', () => {
    expect(errorsFor(z.strictObject({ name: field }), { name: ['a', 'b'] })).toEqual({ name: { key: 'validation.invalid' } });
    expect(errorsFor(z.strictObject({ name: field }), { name: 42 })).toEqual({ name: { key: 'validation.invalid' } });
    expect(errorsFor(z.strictObject({ name: field }), {})).toEqual({ name: { key: 'validation.required' } });
  });

  it('accepts up to the maximum and rejects one more', () => {
    expect(field.safeParse('abcdefghij').success).toBe(true);
    expect(field.safeParse('abcdefghijk').success).toBe(false);
  });

  it('reports a too-long value as tooLong with its maximum (not as required)', () => {
    expect(errorsFor(z.strictObject({ name: field }), { name: 'abcdefghijk' })).toEqual({
      name: { key: 'validation.tooLong', params: { max: 10 } },
    });
  });

  it('measures the maximum after trimming', () => {
    expect(field.parse('  abcdefghij  ')).toBe('abcdefghij');
  });
});

describe('formValues / translateProblems', () => {
  it('keeps only string values', () => {
    expect(formValues({ name: '张三', count: 3, list: ['a'], phone: '138' })).toEqual({ name: '张三', phone: '138' });
    expect(formValues(undefined)).toEqual({});
    expect(formValues(null)).toEqual({});
  });

  it('translates problems with their parameters', () => {
    expect(
      translateProblems(translator('en'), { name: { key: 'validation.tooLong', params: { max: 10 } }, _form: { key: 'validation.required' } }),
    ).toEqual({ name: 'At most 10 characters.', _form: 'This field is required.' });
    expect(translateProblems(translator('zh'), { name: { key: 'validation.tooLong', params: { max: 10 } } })).toEqual({ name: '最多 10 个字符。' });
  });
});
