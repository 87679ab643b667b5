/** Field name → message already in the page's language. */
export type FieldErrors = Partial<Record<string, string>>;

type InputType = 'text' | 'password' | 'tel' | 'email' | 'number' | 'date' | 'datetime-local' | 'search';

export interface FieldProps {
  name: string;
  label: string;
  type?: InputType;
  value?: string | number | null | undefined;
  error?: string | undefined;
  hint?: string;
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
  const describedBy = [p.hint ? `${id}-hint` : null, p.error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
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
        maxlength={p.maxlength}
        min={p.min}
        max={p.max}
        pattern={p.pattern}
        autofocus={p.autofocus}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
      {p.hint && <small id={`${id}-hint`}>{p.hint}</small>}
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

/** A message about the whole form (e.g. wrong credentials), announced when it appears. */
/** A labelled multi-line field (descriptions, terms) with its hint and error tied to it. */
export function TextArea({ name, label, value, error, hint, required }: { name: string; label: string; value?: string | undefined; error?: string | undefined; hint?: string; required?: boolean }) {
  const id = `f-${name}`;
  return (
    <label for={id}>
      {label}
      <textarea id={id} name={name} rows={3} maxlength={2000} required={required} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}>
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

export function FormError({ message }: { message?: string | null | undefined }) {
  if (!message) return null;
  return (
    <p class="form-error" role="alert">
      {message}
    </p>
  );
}
