import { createContext, type ReactNode, useContext } from 'react';
import { type FormError, fieldId } from './issues';

/**
 * The form's fields, one question each (GOV.UK/Digg): a visible label, a hint, the field's own error
 * text linked by aria-describedby, and aria-invalid while it has one. Ids follow the content's paths,
 * so a validation issue finds its field.
 */
export interface FieldsContext {
  formId: string;
  errors: FormError[];
}

export const FieldsCtx = createContext<FieldsContext>({ formId: 'form', errors: [] });

type Path = (string | number)[];

function useField(path: Path, hint?: string) {
  const { formId, errors } = useContext(FieldsCtx);
  const id = fieldId(formId, path);
  const messages = errors.filter((e) => e.field === id).map((e) => e.message);
  const describedBy = [hint ? `${id}-hint` : null, messages.length ? `${id}-err` : null].filter(Boolean);
  return {
    id,
    messages,
    aria: {
      'aria-invalid': messages.length ? (true as const) : undefined,
      'aria-describedby': describedBy.length ? describedBy.join(' ') : undefined,
    },
  };
}

function Hint({ id, hint }: { id: string; hint?: string }) {
  return hint ? (
    <p id={`${id}-hint`} className="hint">
      {hint}
    </p>
  ) : null;
}

function ErrorText({ id, messages }: { id: string; messages: string[] }) {
  return messages.length ? (
    <p id={`${id}-err`} className="field-error">
      <span className="visually-hidden">Fel: </span>
      {messages.join(' ')}
    </p>
  ) : null;
}

interface TextProps {
  path: Path;
  label: string;
  hint?: string;
  value: string;
  onChange(value: string): void;
  rows?: number;
  inputMode?: 'text' | 'numeric' | 'decimal';
  width?: 'short' | 'medium';
  autoComplete?: string;
}

/** A text field, or a textarea when `rows` is given. */
export function TextField({
  path,
  label,
  hint,
  value,
  onChange,
  rows,
  inputMode,
  width,
  autoComplete,
}: TextProps) {
  const { id, messages, aria } = useField(path, hint);
  return (
    <div className={`field${messages.length ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <Hint id={id} hint={hint} />
      <ErrorText id={id} messages={messages} />
      {rows ? (
        <textarea id={id} rows={rows} value={value} onChange={(e) => onChange(e.target.value)} {...aria} />
      ) : (
        <input
          id={id}
          type="text"
          className={width ? `width-${width}` : undefined}
          inputMode={inputMode}
          autoComplete={autoComplete ?? 'off'}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          {...aria}
        />
      )}
    </div>
  );
}

/** A date typed as ÅÅÅÅ-MM-DD (the way the domain writes dates, whatever the browser's locale). */
export function DateField(props: Omit<TextProps, 'rows' | 'inputMode' | 'width'>) {
  return (
    <TextField
      {...props}
      hint={props.hint ?? 'Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2027-03-31.'}
      width="short"
    />
  );
}

/** An amount in kronor, typed as "1 234 567,89". */
export function MoneyField(props: Omit<TextProps, 'rows' | 'inputMode' | 'width'>) {
  return (
    <TextField
      {...props}
      hint={props.hint ?? 'I kronor, t.ex. 1 234 567,89.'}
      inputMode="decimal"
      width="medium"
    />
  );
}

export function SelectField({
  path,
  label,
  hint,
  value,
  onChange,
  options,
  placeholder = 'Välj …',
}: {
  path: Path;
  label: string;
  hint?: string;
  value: string;
  onChange(value: string): void;
  options: { value: string; label: string }[];
  placeholder?: string;
}) {
  const { id, messages, aria } = useField(path, hint);
  return (
    <div className={`field${messages.length ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <Hint id={id} hint={hint} />
      <ErrorText id={id} messages={messages} />
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} {...aria}>
        <option value="">{placeholder}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A group of fields (or choices) with a legend; issues about the whole group sit under the legend. */
export function Group({
  path,
  legend,
  hint,
  children,
  className,
}: {
  path: Path;
  legend: ReactNode;
  hint?: string;
  children: ReactNode;
  className?: string;
}) {
  const { id, messages, aria } = useField(path, hint);
  return (
    <fieldset
      id={id}
      tabIndex={-1}
      className={[className, messages.length ? 'field-invalid' : ''].filter(Boolean).join(' ') || undefined}
      aria-describedby={aria['aria-describedby']}
    >
      <legend>{legend}</legend>
      <Hint id={id} hint={hint} />
      <ErrorText id={id} messages={messages} />
      {children}
    </fieldset>
  );
}

/** Checkboxes for choosing several (riktningsmål, Agenda 2030-mål). */
export function Checkboxes<T extends string | number>({
  path,
  legend,
  hint,
  options,
  selected,
  onChange,
  columns,
}: {
  path: Path;
  legend: string;
  hint?: string;
  options: { value: T; label: string }[];
  selected: readonly T[];
  onChange(next: T[]): void;
  columns?: boolean;
}) {
  return (
    <Group path={path} legend={legend} hint={hint}>
      <div className={columns ? 'check-columns' : undefined}>
        {options.map((o) => (
          <label key={String(o.value)} className="check">
            <input
              type="checkbox"
              checked={selected.includes(o.value)}
              onChange={(e) =>
                onChange(e.target.checked ? [...selected, o.value] : selected.filter((x) => x !== o.value))
              }
            />
            {o.label}
          </label>
        ))}
      </div>
    </Group>
  );
}

/** Radios for choosing one (the dialogue's kind, a proposal's type). */
export function Radios({
  path,
  legend,
  hint,
  options,
  value,
  onChange,
}: {
  path: Path;
  legend: string;
  hint?: string;
  options: { value: string; label: string }[];
  value: string;
  onChange(value: string): void;
}) {
  const { formId } = useContext(FieldsCtx);
  const name = fieldId(formId, path);
  return (
    <Group path={path} legend={legend} hint={hint}>
      {options.map((o) => (
        <label key={o.value} className="radio">
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
          />
          {o.label}
        </label>
      ))}
    </Group>
  );
}
