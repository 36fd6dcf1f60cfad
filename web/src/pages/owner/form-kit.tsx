/**
 * Small forms the GOV.UK/Digg way: one question per field with label and hint, an error summary at the
 * top that links to each field, and field errors tied to the input with aria-describedby.
 */
import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react';
import { ApiProblem } from '../../api';
import { formatDate } from '../../format';
import { messageOf } from '../../lib';
import { requiredMessage } from './field-messages';

export type FieldKind = 'text' | 'textarea' | 'date' | 'select' | 'number' | 'money' | 'radio' | 'checkboxes';

export interface FieldSpec {
  name: string;
  label: string;
  hint?: string;
  kind?: FieldKind;
  options?: { value: string; label: string }[];
  optional?: boolean;
  /** The message when a required field is left empty, where "Ange"/"Välj" and the label read badly. */
  requiredMessage?: string;
  /** Where the field sits in the API body (the issues' path joined by '.'), when not its name. */
  apiPath?: string[];
}

export type Values = Record<string, string>;
export interface FieldError {
  name: string;
  message: string;
}
export type Built = { ok: true; body: unknown } | { ok: false; errors: FieldError[] };

export const DATE_HINT = 'Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-20.';
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar day written ÅÅÅÅ-MM-DD. */
export function isIsoDate(text: string): boolean {
  if (!DATE_RE.test(text)) return false;
  const d = new Date(`${text}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** The checks every field kind needs before the server sees it: required, date, number. */
function basicErrors(fields: FieldSpec[], values: Values): FieldError[] {
  const out: FieldError[] = [];
  for (const f of fields) {
    const v = (values[f.name] ?? '').trim();
    if (!v) {
      if (!f.optional) out.push({ name: f.name, message: requiredMessage(f) });
      continue;
    }
    if (f.kind === 'date' && !isIsoDate(v))
      out.push({ name: f.name, message: `${f.label}: skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-03-20` });
    if (f.kind === 'number' && !/^\d+$/.test(v))
      out.push({ name: f.name, message: `${f.label}: ange ett heltal, t.ex. 12` });
  }
  return out;
}

interface QuickFormProps {
  title: string;
  intro?: ReactNode;
  fields: FieldSpec[];
  initial?: Values;
  submitLabel: string;
  /** Builds the API body from the values (after the basic checks), or names the fields in error. */
  build(values: Values): Built;
  send(body: unknown): Promise<unknown>;
  /** Called after the server accepted; returns the confirmation to show. */
  done(values: Values, result: unknown): string;
  /** Keep the values after success (e.g. a form for the next of many). */
  keep?: boolean;
  headingLevel?: 2 | 3;
}

export function QuickForm(props: QuickFormProps) {
  const { fields, title } = props;
  const formId = useId().replace(/:/g, '');
  const [values, setValues] = useState<Values>(props.initial ?? {});
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [serverMessage, setServerMessage] = useState<string | null>(null);
  const [confirmation, setConfirmation] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const idOf = (name: string) => `${formId}-${name}`;

  const fail = (list: FieldError[], message: string | null) => {
    setErrors(list);
    setServerMessage(message);
    setConfirmation(null);
    requestAnimationFrame(() => summaryRef.current?.focus());
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const basic = basicErrors(fields, values);
    if (basic.length) return fail(basic, null);
    const built = props.build(values);
    if (!built.ok) return fail(built.errors, null);
    setConfirmation(null); // the last confirmation is not this submission's
    setBusy(true);
    try {
      const result = await props.send(built.body);
      setErrors([]);
      setServerMessage(null);
      setConfirmation(props.done(values, result));
      if (!props.keep) setValues(props.initial ?? {});
    } catch (e) {
      const issues = e instanceof ApiProblem ? e.issues : [];
      const mapped = issues.map((i) => ({ name: fieldOfIssue(fields, i.path), message: i.message }));
      fail(mapped.filter((x) => x.name !== null) as FieldError[], messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  const H = props.headingLevel === 3 ? 'h3' : 'h2';
  const shown = errors.length > 0 || serverMessage !== null;
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${formId}--heading`} className="quick-form">
      <H id={`${formId}--heading`}>{title}</H>
      {props.intro}
      <div
        ref={summaryRef}
        tabIndex={-1}
        className={shown ? 'error-summary' : 'visually-hidden'}
        role="alert"
      >
        {shown && (
          <>
            <h3>{serverMessage ?? 'Formuläret behöver rättas'}</h3>
            <ul>
              {errors.map((e) => (
                <li key={`${e.name}|${e.message}`}>
                  <a
                    href={`#${idOf(e.name)}`}
                    onClick={(ev) => {
                      ev.preventDefault();
                      document.getElementById(idOf(e.name))?.focus();
                    }}
                  >
                    {e.message}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      {fields.map((f) => (
        <Field
          key={f.name}
          spec={f}
          id={idOf(f.name)}
          value={values[f.name] ?? ''}
          errors={errors.filter((e) => e.name === f.name).map((e) => e.message)}
          onChange={(v) => setValues((old) => ({ ...old, [f.name]: v }))}
        />
      ))}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {props.submitLabel}
        </button>
        {confirmation && (
          <p className="ok" role="status">
            {confirmation}
          </p>
        )}
      </div>
    </form>
  );
}

/** The field an API issue is about: by its apiPath, else by the path's last named segment. */
function fieldOfIssue(fields: FieldSpec[], path: string[]): string | null {
  const joined = path.join('.');
  const exact = fields.find((f) => (f.apiPath ?? [f.name]).join('.') === joined);
  if (exact) return exact.name;
  const names = [...path].reverse().map(String);
  for (const n of names) {
    const hit = fields.find((f) => f.name === n || f.apiPath?.at(-1) === n);
    if (hit) return hit.name;
  }
  return null;
}

interface FieldProps {
  spec: FieldSpec;
  id: string;
  value: string;
  errors: string[];
  onChange(value: string): void;
}

/** One question: label, hint, the error(s), the input. */
export function Field({ spec, id, value, errors, onChange }: FieldProps) {
  const kind = spec.kind ?? 'text';
  const hint = kind === 'date' ? (spec.hint ?? DATE_HINT) : spec.hint;
  const describedBy = [hint ? `${id}-hint` : null, errors.length ? `${id}-err` : null]
    .filter(Boolean)
    .join(' ');
  const aria = {
    'aria-describedby': describedBy || undefined,
    'aria-invalid': errors.length ? true : undefined,
  } as const;
  const label = `${spec.label}${spec.optional ? ' (frivilligt)' : ''}`;
  const hintEl = hint && (
    <p id={`${id}-hint`} className="hint">
      {hint}
    </p>
  );
  const errorEl = errors.length > 0 && (
    <p id={`${id}-err`} className="field-error">
      {errors.map((e) => (
        <span key={e}>
          <span className="visually-hidden">Fel: </span>
          {e}{' '}
        </span>
      ))}
    </p>
  );

  if (kind === 'radio' || kind === 'checkboxes') {
    const chosen = value ? value.split(',') : [];
    return (
      <fieldset className="field" id={id} tabIndex={-1} {...aria}>
        <legend>{label}</legend>
        {hintEl}
        {errorEl}
        {spec.options?.map((o) => (
          <label key={o.value} className={kind === 'radio' ? 'radio' : 'check'}>
            <input
              type={kind === 'radio' ? 'radio' : 'checkbox'}
              name={id}
              value={o.value}
              checked={chosen.includes(o.value)}
              onChange={(e) => {
                if (kind === 'radio') return onChange(o.value);
                const next = e.target.checked ? [...chosen, o.value] : chosen.filter((c) => c !== o.value);
                onChange(next.join(','));
              }}
            />
            {o.label}
          </label>
        ))}
      </fieldset>
    );
  }
  return (
    <div className={`field${errors.length ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hintEl}
      {errorEl}
      {kind === 'textarea' ? (
        <textarea id={id} rows={3} value={value} onChange={(e) => onChange(e.target.value)} {...aria} />
      ) : kind === 'select' ? (
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)} {...aria}>
          <option value="">Välj …</option>
          {spec.options?.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          type="text"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          className={kind === 'date' ? 'input-date' : kind === 'number' ? 'input-number' : undefined}
          {...(kind === 'date'
            ? { inputMode: 'numeric', pattern: '\\d{4}-\\d{2}-\\d{2}', autoComplete: 'off' }
            : {})}
          {...(kind === 'number' ? { inputMode: 'numeric', pattern: '\\d*' } : {})}
          {...(kind === 'money' ? { inputMode: 'decimal' } : {})}
          {...aria}
        />
      )}
      {kind === 'date' && isIsoDate(value) && (
        <p className="small muted" aria-hidden="true">
          {formatDate(value)}
        </p>
      )}
    </div>
  );
}
