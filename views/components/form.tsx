import type { Translate } from '../../src/lib/i18n';

/** Field name → message already in the page's language. */
export type FieldErrors = Partial<Record<string, string>>;

/**
 * A field's length limit, said beside it: `max` (from TEXT_LIMITS, the number the server refuses above) and the
 * sentence in the page's language. One-line inputs also get it as maxlength; text areas do not, because a browser
 * cuts a pasted text at maxlength without a word, out of sight at its end — there the server's refusal says it.
 */
export interface TextLimit {
  max: number;
  text: string;
}

export function textLimit(t: Translate, max: number): TextLimit {
  return { max, text: t('text.limit', { max }) };
}

/** The hint under a field: its own hint and its limit, in one element the field is described by. */
function hintText(hint: string | undefined, limit: TextLimit | undefined): string | undefined {
  return [hint, limit?.text].filter(Boolean).join(' · ') || undefined;
}

type InputType = 'text' | 'password' | 'tel' | 'email' | 'number' | 'date' | 'datetime-local' | 'search';

export interface FieldProps {
  name: string;
  label: string;
  type?: InputType;
  value?: string | number | null | undefined;
  error?: string | undefined;
  hint?: string;
  /** a free-text field's length limit: said in the hint, and the input's maxlength */
  limit?: TextLimit;
  autocomplete?: string;
  inputmode?: 'numeric' | 'tel' | 'text' | 'search';
  required?: boolean;
  minlength?: number;
  maxlength?: number;
  min?: number | string;
  max?: number | string;
  pattern?: string;
  autofocus?: boolean;
  id?: string;
}

/** A labelled input with its hint and error tied to it for screen readers. */
export function Field(p: FieldProps) {
  const id = p.id ?? `f-${p.name}`;
  const hint = hintText(p.hint, p.limit);
  const describedBy = [hint ? `${id}-hint` : null, p.error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <label for={id}>
      {p.label}
      <input
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.type === 'password' ? undefined : p.value ?? undefined}
        autocomplete={p.autocomplete}
        inputmode={p.inputmode}
        required={p.required}
        minlength={p.minlength}
        maxlength={p.maxlength ?? p.limit?.max}
        min={p.min}
        max={p.max}
        pattern={p.pattern}
        autofocus={p.autofocus}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
      {hint && <small id={`${id}-hint`}>{hint}</small>}
      {p.error && (
        <small id={`${id}-error`} class="field-error">
          {p.error}
        </small>
      )}
    </label>
  );
}

export function SelectField(p: {
  name: string;
  label: string;
  options: Array<{ value: string; label: string; lang?: string }>;
  value?: string | undefined;
  error?: string | undefined;
  required?: boolean;
}) {
  const id = `f-${p.name}`;
  return (
    <label for={id}>
      {p.label}
      <select id={id} name={p.name} required={p.required} aria-invalid={p.error ? 'true' : undefined} aria-describedby={p.error ? `${id}-error` : undefined}>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value} lang={o.lang}>
            {o.label}
          </option>
        ))}
      </select>
      {p.error && (
        <small id={`${id}-error`} class="field-error">
          {p.error}
        </small>
      )}
    </label>
  );
}

/** A labelled multi-line field (descriptions, terms, messages) with its hint, limit and error tied to it. */
export function TextArea(p: { name: string; label: string; value?: string | undefined; error?: string | undefined; hint?: string | undefined; limit: TextLimit; required?: boolean; rows?: number; id?: string }) {
  const { name, label, value, error, required } = p;
  const id = p.id ?? `f-${name}`;
  const hint = hintText(p.hint, p.limit);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <label for={id}>
      {label}
      <textarea id={id} name={name} rows={p.rows ?? 3} required={required} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy}>
        {value ?? ''}
      </textarea>
      {hint && <small id={`${id}-hint`}>{hint}</small>}
      {error && (
        <small id={`${id}-error`} class="field-error">
          {error}
        </small>
      )}
    </label>
  );
}

/** A message about the whole form (e.g. wrong credentials), announced when it appears. */
export function FormError({ message }: { message?: string | null | undefined }) {
  if (!message) return null;
  return (
    <p class="form-error" role="alert">
      {message}
    </p>
  );
}
