import { z } from 'zod';
import type { Phase } from '../calendar/schema';
import { lazySchema } from '../lazy-schema';

/** Kinds of task (uppgift) an organ can be given. */
export const TASK_KINDS = [
  'omvarldsanalys',
  'nulagesanalys',
  'tillitsdialog',
  'verksamhetsplan',
  'delarsrapport',
  'arsrapport',
] as const;
export const TaskKind = lazySchema(() => z.enum(TASK_KINDS));
export type TaskKind = z.infer<typeof TaskKind>;

/** The Swedish name of each kind of task, as users see it (lower-case it inside a sentence). */
export const TASK_KIND_LABEL: { readonly [K in TaskKind]: string } = {
  omvarldsanalys: 'Omvärldsanalys',
  nulagesanalys: 'Nulägesanalys',
  tillitsdialog: 'Tillitsdialog',
  verksamhetsplan: 'Verksamhetsplan',
  delarsrapport: 'Delårsrapport',
  arsrapport: 'Årsrapport',
};

/** The phase each kind of task belongs to. */
export const TASK_KIND_PHASE: { readonly [K in TaskKind]: Phase } = {
  omvarldsanalys: 'omvarldsdag',
  nulagesanalys: 'nulagesanalys',
  tillitsdialog: 'tillitsdialog',
  verksamhetsplan: 'budget',
  delarsrapport: 'delarsbokslut',
  arsrapport: 'bokslut',
};
