/** The layout's "as of" control: every page then shows the state at the end of that day. */
import { type FormEvent, useId, useState } from 'react';
import { formatDate } from '../../format';
import { isIsoDate } from '../owner/form-kit';

const KEY = 'arshjul.asOf';

export function loadAsOf(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function saveAsOf(date: string | null): void {
  if (date) sessionStorage.setItem(KEY, date);
  else sessionStorage.removeItem(KEY);
}

export function AsOfControl({
  asOf,
  onChange,
}: {
  asOf: string | null;
  onChange(date: string | null): void;
}) {
  const id = useId().replace(/:/g, '');
  const [text, setText] = useState(asOf ?? '');
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const value = text.trim();
    if (!isIsoDate(value)) {
      setError('Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-03-20');
      document.getElementById(`${id}-date`)?.focus();
      return;
    }
    setError(null);
    onChange(value);
  }

  return (
    <div className={`asof${asOf ? ' asof-on' : ''}`}>
      <form onSubmit={submit} noValidate className="asof-form" aria-label="Läget per datum">
        <div className="field">
          <label htmlFor={`${id}-date`}>Visa läget per datum</label>
          <p id={`${id}-hint`} className="hint">
            ÅÅÅÅ-MM-DD. Sidorna visar då läget vid dagens slut och inget kan ändras.
          </p>
          {error && (
            <p id={`${id}-err`} className="field-error">
              <span className="visually-hidden">Fel: </span>
              {error}
            </p>
          )}
          <input
            id={`${id}-date`}
            type="text"
            inputMode="numeric"
            pattern="\d{4}-\d{2}-\d{2}"
            autoComplete="off"
            className="input-date"
            value={text}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-hint ${id}-err` : `${id}-hint`}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit">Visa läget</button>
          {asOf && (
            <button
              type="button"
              onClick={() => {
                setText('');
                onChange(null);
              }}
            >
              Visa läget nu
            </button>
          )}
        </div>
      </form>
      {asOf && (
        <p className="asof-notice" role="status">
          Du ser läget per {formatDate(asOf)}.
        </p>
      )}
    </div>
  );
}
