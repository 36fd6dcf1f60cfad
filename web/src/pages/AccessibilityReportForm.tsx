import { type FormEvent, useEffect, useId, useState } from 'react';
import { ApiProblem, api } from '../api';
import { messageOf } from '../lib';

type Field = 'municipality' | 'page' | 'description' | 'contact';
const FIELD_OF: Record<string, Field> = { page: 'page', description: 'description', contact: 'contact' };

export interface PublicMunicipality {
  municipalityId: string;
  name: string;
}

/** The municipalities a visitor may report to (public, no sign-in). */
export function usePublicMunicipalities(): PublicMunicipality[] | null {
  const [list, setList] = useState<PublicMunicipality[] | null>(null);
  useEffect(() => {
    api<{ municipalities: PublicMunicipality[] }>('GET', '/accessibility/municipalities').then(
      (r) => setList(r.municipalities),
      () => setList([]),
    );
  }, []);
  return list;
}

/**
 * The form that records a reported shortcoming in a municipality's service (no sign-in needed). In a
 * municipality's context the report goes to it; otherwise the visitor says which municipality.
 */
export function AccessibilityReportForm({
  labelledBy,
  municipalityId,
  municipalities,
}: {
  labelledBy: string;
  municipalityId: string | null;
  municipalities: PublicMunicipality[] | null;
}) {
  const id = useId();
  const [chosen, setChosen] = useState('');
  const target = municipalityId ?? chosen;
  const [page, setPage] = useState('');
  const [description, setDescription] = useState('');
  const [contact, setContact] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    if (!target) {
      setErrors({ municipality: 'Välj vilken kommuns tjänst bristen gäller.' });
      document.getElementById(`${id}-municipality`)?.focus();
      return;
    }
    if (!description.trim()) {
      setErrors({ description: 'Beskriv bristen.' });
      document.getElementById(`${id}-description`)?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const result = await api<{ reportId: number }>(
        'POST',
        `/municipalities/${encodeURIComponent(target)}/accessibility/reports`,
        { body: { page, description, contact } },
      );
      setSent(result.reportId);
      setPage('');
      setDescription('');
      setContact('');
    } catch (e) {
      const found: Partial<Record<Field, string>> = {};
      if (e instanceof ApiProblem) {
        for (const issue of e.issues) {
          const field = FIELD_OF[issue.path[0] ?? ''];
          if (field) found[field] = issue.message;
        }
      }
      setErrors(found);
      setFailure(Object.keys(found).length ? null : messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  const described = (field: Field, hint?: string) =>
    [hint, errors[field] ? `${id}-${field}-err` : undefined].filter(Boolean).join(' ') || undefined;
  const fieldError = (field: Field) =>
    errors[field] && (
      <p id={`${id}-${field}-err`} className="field-error">
        {errors[field]}
      </p>
    );

  return (
    <form onSubmit={submit} noValidate aria-labelledby={labelledBy} className="report-form">
      {sent !== null && (
        <p role="status" className="notice">
          Tack! Din anmälan är registrerad med nummer {sent}.
        </p>
      )}
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
      {municipalityId === null && (
        <div className="field">
          <label htmlFor={`${id}-municipality`}>Kommun *</label>
          <select
            id={`${id}-municipality`}
            value={chosen}
            onChange={(e) => setChosen(e.target.value)}
            aria-invalid={errors.municipality ? true : undefined}
            aria-describedby={described('municipality')}
          >
            <option value="">Välj …</option>
            {(municipalities ?? []).map((x) => (
              <option key={x.municipalityId} value={x.municipalityId}>
                {x.name}
              </option>
            ))}
          </select>
          {fieldError('municipality')}
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-page`}>Sida eller funktion där bristen finns (frivilligt)</label>
        <input
          id={`${id}-page`}
          value={page}
          onChange={(e) => setPage(e.target.value)}
          maxLength={500}
          aria-invalid={errors.page ? true : undefined}
          aria-describedby={described('page')}
        />
        {fieldError('page')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>Beskriv bristen *</label>
        <textarea
          id={`${id}-description`}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          rows={5}
          maxLength={5000}
          required
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={described('description')}
        />
        {fieldError('description')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-contact`}>Din e-postadress, om du vill ha svar (frivilligt)</label>
        <input
          id={`${id}-contact`}
          type="email"
          autoComplete="email"
          value={contact}
          onChange={(e) => setContact(e.target.value)}
          aria-invalid={errors.contact ? true : undefined}
          aria-describedby={described('contact')}
        />
        {fieldError('contact')}
      </div>
      <button type="submit" className="primary" disabled={busy}>
        Skicka anmälan
      </button>
    </form>
  );
}
