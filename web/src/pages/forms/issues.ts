import { positionOf } from '../../../../domain/validation/labels';

/** A validation issue shown in the form: by its field, and in the error summary linking to it. */
export interface FormError {
  /** The id of the element the message belongs to (the summary links to it). */
  field: string;
  message: string;
  /** What the summary calls the field: its visible label, with its position in a list. */
  where: string;
}

export interface PathIssue {
  path: readonly PropertyKey[];
  message: string;
}

/** The id of a field for a path of the content: `form1-organGoals-0-title`. Money fields: `…Ore`. */
export const fieldId = (formId: string, path: readonly PropertyKey[]) =>
  [formId, ...path.map((k) => String(k).replace(/Sek$/, 'Ore'))].join('-');

function visibleLabel(element: HTMLElement): string {
  const own = document.querySelector(`label[for="${element.id}"]`)?.textContent;
  const legend = element.tagName === 'FIELDSET' ? element.querySelector('legend')?.textContent : null;
  return (own ?? legend ?? '').replace(/\s*\*$/, '').trim();
}

/**
 * Places each issue at the nearest field its path leads to (an issue about `risks.2` sits by the risks
 * field), once per field and message; issues no field takes go to the summary alone.
 */
export function placeIssues(formId: string, issues: readonly PathIssue[]): FormError[] {
  const seen = new Set<string>();
  const placed: FormError[] = [];
  for (const issue of issues) {
    let element: HTMLElement | null = null;
    for (let n = issue.path.length; n >= 0 && !element; n--) {
      element = document.getElementById(fieldId(formId, issue.path.slice(0, n)));
    }
    const field = element?.id ?? `${formId}--summary`;
    const key = `${field}|${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const label = element ? visibleLabel(element) : '';
    const position = positionOf(issue.path);
    placed.push({ field, message: issue.message, where: [position, label].filter(Boolean).join(' – ') });
  }
  return placed;
}
