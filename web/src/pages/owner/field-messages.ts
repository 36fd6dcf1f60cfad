/**
 * The message for a required field left empty, in Swedish as a person would write it: "Ange" or "Välj"
 * and the field's label as it reads inside a sentence. A field whose label is a question or starts
 * with a name has its own message (FieldSpec.requiredMessage) instead.
 */

/** Abbreviations (KF, KS, Dnr) and proper nouns keep their capital inside a sentence. */
const KEEPS_CAPITAL = /^(?:[A-ZÅÄÖ]{2,}|Dnr|Ale|Agenda)\b/;

/** A label as it reads after "Ange": its first letter lowercased unless the first word keeps its capital. */
export function midSentence(label: string): string {
  if (KEEPS_CAPITAL.test(label)) return label;
  const first = label.split(/\s/, 1)[0] ?? '';
  // A word with a capital past its first letter (e.g. "BUN:s") is a name or abbreviation.
  if (/[A-ZÅÄÖ]/.test(first.slice(1))) return label;
  return label.charAt(0).toLowerCase() + label.slice(1);
}

export interface RequiredField {
  label: string;
  kind?: string;
  requiredMessage?: string;
}

/** "Ange sammanträdesdatum", "Välj nämnd", or the field's own message. */
export function requiredMessage(field: RequiredField): string {
  if (field.requiredMessage) return field.requiredMessage;
  const choose = field.kind === 'select' || field.kind === 'radio' || field.kind === 'checkboxes';
  return `${choose ? 'Välj' : 'Ange'} ${midSentence(field.label)}`;
}
