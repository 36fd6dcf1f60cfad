import { useId } from 'react';
import { useGet } from '../lib';

export interface CycleRow {
  budgetYear: number;
  status: string;
}

/** The municipality's cycles and the chosen budget year (the newest by default). */
export function useYears(chosen: number | null): { years: number[]; year: number | null } {
  const cycles = useGet<{ cycles: CycleRow[] }>('/cycles');
  const years = cycles.state === 'done' ? cycles.data.cycles.map((c) => c.budgetYear) : [];
  return { years, year: chosen ?? years.at(-1) ?? null };
}

export function YearPicker({
  years,
  year,
  onChange,
}: {
  years: number[];
  year: number | null;
  onChange(y: number): void;
}) {
  const id = useId();
  if (years.length === 0) return null;
  return (
    <div className="field inline">
      <label htmlFor={id}>Budgetår</label>
      <select id={id} value={year ?? ''} onChange={(e) => onChange(Number(e.target.value))}>
        {years.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </select>
    </div>
  );
}
