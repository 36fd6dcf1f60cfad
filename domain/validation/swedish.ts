import { z } from 'zod';
import { fieldLabel, fieldWhere, inSentence, positionOf } from './labels';

/**
 * zod's messages in Swedish, naming the field: "Ange enhet", "Målvärde ska vara ett tal". Installed
 * once per process (server, worker, browser) by importing this module, which domain/primitives does,
 * so every schema of the domain speaks Swedish wherever it runs. zod's own Swedish locale is the
 * fallback for anything not covered here.
 */

type Issue = z.core.$ZodRawIssue;

const TYPE_SV: Readonly<Record<string, string>> = {
  string: 'en text',
  number: 'ett tal',
  int: 'ett heltal',
  boolean: 'ja eller nej',
  array: 'en lista',
  object: 'ett objekt med fält',
  record: 'ett objekt med fält',
  map: 'ett objekt med fält',
  date: 'ett datum',
  bigint: 'ett heltal',
  null: 'tomt (null)',
};

const count = (n: number | bigint, one: string, many: string) => `${n} ${Number(n) === 1 ? one : many}`;

function tooSmall(label: string, issue: Issue & { code: 'too_small' }): string {
  const min = issue.minimum;
  if (issue.origin === 'string')
    return Number(min) <= 1
      ? `Ange ${inSentence(label)}`
      : `${label} ska ha minst ${count(min, 'tecken', 'tecken')}`;
  if (issue.origin === 'array' || issue.origin === 'set') return `${label}: ange minst ${min}`;
  return `${label} ska vara ${issue.inclusive ? 'minst' : 'större än'} ${min}`;
}

function tooBig(label: string, issue: Issue & { code: 'too_big' }): string {
  const max = issue.maximum;
  if (issue.origin === 'string') return `${label} får ha högst ${count(max, 'tecken', 'tecken')}`;
  if (issue.origin === 'array' || issue.origin === 'set') return `${label}: högst ${max}`;
  return `${label} ska vara ${issue.inclusive ? 'högst' : 'mindre än'} ${max}`;
}

/** The Swedish message of an issue that its schema gives no message of its own. */
export function swedishError(issue: Issue): string | undefined {
  const label = fieldLabel(issue.path ?? []);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `Ange ${inSentence(label)}`;
      return `${label} ska vara ${TYPE_SV[issue.expected] ?? issue.expected}`;
    case 'too_small':
      return tooSmall(label, issue);
    case 'too_big':
      return tooBig(label, issue);
    case 'invalid_value':
      if (issue.input === undefined || issue.input === '') return `Välj ${inSentence(label)}`;
      return `${label} har ett okänt värde (tillåtna: ${issue.values.map(String).join(', ')})`;
    case 'invalid_format':
      if (issue.format === 'datetime')
        return `${label} ska vara en tidpunkt, t.ex. 2026-03-20T09:00:00+01:00`;
      if (issue.format === 'date') return `${label} ska skrivas ÅÅÅÅ-MM-DD`;
      return `${label} har fel format`;
    case 'unrecognized_keys':
      return `${issue.keys.length > 1 ? 'Okända fält' : 'Okänt fält'} i ${inSentence(label)}: ${issue.keys.join(', ')}`;
    case 'not_multiple_of':
      return `${label} ska vara en multipel av ${issue.divisor}`;
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'custom':
      return `${label} är ogiltigt`;
    default:
      return undefined;
  }
}

z.config(z.locales.sv());
z.config({ customError: swedishError });

/** An issue as the API answers it: its path, the field's Swedish name, and a message naming it. */
export interface SwedishIssue {
  path: string[];
  field: string;
  message: string;
}

/**
 * Names the field in a message that does not already: "Nämndmål 2, indikator 1: Ange enhet",
 * "Deltagare: En dialog har minst två deltagare". The path stays in `path` for programs.
 */
export function swedishIssue(path: readonly PropertyKey[], message: string): SwedishIssue {
  const keys = path.map(String);
  const label = fieldLabel(keys);
  const position = positionOf(keys);
  const named = keys.length === 0 || message.toLowerCase().includes(label.toLowerCase());
  const prefix = [position, named ? '' : label].filter(Boolean).join(': ');
  return { path: keys, field: fieldWhere(keys), message: prefix ? `${prefix}: ${message}` : message };
}

/** Text of a non-empty-text field that is empty: "Ange rubrik". */
export const emptyTextError = (issue: { path?: readonly PropertyKey[] }) =>
  `Ange ${inSentence(fieldLabel(issue.path ?? []))}`;
