import type { Context, Env } from 'hono';
import { zValidator } from '@hono/zod-validator';
import { z } from 'zod';
import { isMessageKey, type MessageKey, type MessageParams, type Translate } from './i18n';
import { normalizeText, textLength, type TextShape } from './text';

export { normalizeText, searchText, textLength, type TextShape } from './text';

/** A validation problem as a dictionary key (with parameters), translated only when rendered. */
export interface Problem {
  key: MessageKey;
  params?: MessageParams;
}

export interface InvalidForm {
  /** field name → problem; "_form" for problems with the form as a whole */
  errors: Record<string, Problem>;
  /** what the person typed, to put back into the form */
  values: Record<string, string>;
}

function problemOf(issue: z.core.$ZodIssue, data: unknown): Problem {
  if (isMessageKey(issue.message)) {
    const params = issue.code === 'custom' ? (issue.params as MessageParams | undefined) : undefined;
    return params ? { key: issue.message, params } : { key: issue.message };
  }
  switch (issue.code) {
    case 'too_big':
      return issue.origin === 'string' ? { key: 'validation.tooLong', params: { max: Number(issue.maximum) } } : { key: 'validation.tooLarge', params: { max: Number(issue.maximum) } };
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) <= 1
        ? { key: 'validation.required' }
        : issue.origin === 'string'
          ? { key: 'validation.tooShort', params: { min: Number(issue.minimum) } }
          : { key: 'validation.tooSmall', params: { min: Number(issue.minimum) } };
    case 'unrecognized_keys':
      return { key: 'validation.unexpectedField' };
    case 'invalid_type': {
      // zod 4 leaves the input out of issues, so look at the submitted data: absent means "required"
      const field = issue.path[0];
      const given = field !== undefined && data && typeof data === 'object' ? (data as Record<PropertyKey, unknown>)[field] : data;
      return given === undefined ? { key: 'validation.required' } : { key: 'validation.invalid' };
    }
    default:
      return { key: 'validation.invalid' };
  }
}

/** `data` is what was submitted; it tells a missing field from one of the wrong kind. */
export function problemsOf(error: z.core.$ZodError, data?: unknown): Record<string, Problem> {
  const errors: Record<string, Problem> = {};
  for (const issue of error.issues) {
    const field = issue.code === 'unrecognized_keys' || issue.path.length === 0 ? '_form' : String(issue.path[0]);
    errors[field] ??= problemOf(issue, data);
  }
  return errors;
}

/**
 * Keeps only plain strings (never files, never repeated fields) for re-displaying a form, normalised as the fields
 * are (normalizeText, line breaks kept) but never shortened: what comes back is all that was typed, without the
 * invisible controls that would otherwise be written into the page.
 */
export function formValues(data: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (data && typeof data === 'object') {
    for (const [k, v] of Object.entries(data as Record<string, unknown>)) if (typeof v === 'string') out[k] = normalizeText(v, 'lines');
  }
  return out;
}

/**
 * Validates a urlencoded or multipart form with a strict zod schema. On failure the route's own
 * `onInvalid` re-renders its form with messages and the input kept; the handler never runs.
 */
export function validForm<T extends z.ZodType, E extends Env>(
  schema: T,
  onInvalid: (c: Context<E>, invalid: InvalidForm) => Response | Promise<Response>,
) {
  return zValidator('form', schema, async (result, c) => {
    if (!result.success) return onInvalid(c as unknown as Context<E>, { errors: problemsOf(result.error, result.data), values: formValues(result.data) });
  });
}

/** Translates problems for a view. */
export function translateProblems(t: Translate, errors: Record<string, Problem>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([k, p]) => [k, t(p.key, p.params)]));
}

/**
 * Free text: normalised (normalizeText), then required unless `optional` (an empty value is then ''), then at most
 * `max` characters — measured after normalising, so a textarea's CRLF line breaks count once, as the browser counts
 * them. Too long is refused with the limit and the count ("text.tooLong"), never cut.
 */
function freeText(shape: TextShape, max: number, optional: boolean) {
  // No schema-level error message: in zod 4 it would replace the message of every check below.
  const base = z.string().overwrite((v) => normalizeText(v, shape));
  return (optional ? base : base.min(1, { error: 'validation.required' })).check((ctx) => {
    if (ctx.value.length <= max) return;
    const count = textLength(ctx.value);
    if (count > max) ctx.issues.push({ code: 'custom', message: 'text.tooLong', params: { max, count }, input: ctx.value });
  });
}

/** A single-line text field (a name, a title, a reason): required unless `optional`, at most `max` characters, no line breaks. */
export function singleLineText(max: number, opts: { optional?: boolean } = {}) {
  return freeText('line', max, opts.optional ?? false);
}

/** Multi-line text (descriptions, messages, notices): line breaks kept as LF; required unless `optional`. */
export function multiLineText(max: number, opts: { optional?: boolean } = {}) {
  return freeText('lines', max, opts.optional ?? false);
}

/** A search box's text in a form schema (see searchText); optional. */
export function searchField() {
  return z
    .string()
    .overwrite((v) => normalizeText(v, 'line'))
    .optional();
}

/** A single-line name shown across the site: like singleLineText(), and no angle brackets (no markup in names). */
export function name(max: number) {
  return singleLineText(max).refine((v) => !/[<>]/.test(v), { error: 'validation.noMarkup' });
}

/** A whole number typed into a form field. */
export function wholeNumber(min: number, max: number) {
  return z
    .string()
    .trim()
    .min(1, { error: 'validation.required' })
    .regex(/^-?\d+$/, { error: 'validation.wholeNumber' })
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/** An HTML checkbox: present ("on") means true, absent means false. */
export const checkbox = z
  .literal('on')
  .optional()
  .transform((v) => v === 'on');
