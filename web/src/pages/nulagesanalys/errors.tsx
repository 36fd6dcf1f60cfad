/** Where the nulägesanalys form shows a validation issue: by its field, and in the summary. */

export interface FormError {
  field: string;
  message: string;
  where: string;
}

export function FieldError({ field, errors }: { field: string; errors: FormError[] }) {
  const list = errors.filter((e) => e.field === field);
  return list.length ? (
    <p id={`${field}-err`} className="field-error">
      {list.map((e) => e.message).join(' ')}
    </p>
  ) : null;
}

/** Field ids per issue path, so each message sits by its field and the summary links to it. */
export function fieldOf(path: (string | number)[], factorIds: string[], formId: string): string {
  const [part, sub, index, leaf] = path.map(String);
  if (part === 'verksamhetsbeskrivning') return `${formId}-vb`;
  if (part === 'omvarldsanalys') {
    const factor = index !== undefined ? factorIds[Number(index)] : undefined;
    return factor ? `${formId}-f-${factor}-risks` : `${formId}-omv`;
  }
  if (part === 'nulagesanalys' && sub === 'goalFulfilment') return `${formId}-goals`;
  if (part === 'nulagesanalys' && sub === 'proposedOrganGoals' && index !== undefined) {
    return leaf === 'councilGoalIds' ? `${formId}-p${index}-links` : `${formId}-p${index}-title`;
  }
  return `${formId}-summary`;
}

/** Which part of the form an issue is about, for the summary (e.g. the omvärldsfaktor's title). */
export function whereOf(path: string[], factorTitles: readonly string[]): string {
  const [part, sub, index] = path;
  if (part === 'verksamhetsbeskrivning') return 'Verksamhetsbeskrivning';
  if (part === 'omvarldsanalys' && sub === 'factors' && index !== undefined)
    return factorTitles[Number(index)] ?? 'Omvärldsanalys';
  if (part === 'omvarldsanalys') return 'Omvärldsanalys';
  if (sub === 'goalFulfilment') return 'Måluppfyllelse';
  if (sub === 'proposedOrganGoals' && index !== undefined) return `Nämndmål ${Number(index) + 1}`;
  return 'Nulägesanalys';
}
