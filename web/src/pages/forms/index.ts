import type { TaskKind } from '../../../../domain/task/kinds';
import type { FormKind } from './kind';
import { nulagesanalysForm } from './Nulagesanalys';
import { omvarldsanalysForm } from './Omvarldsanalys';
import { arsrapportForm, delarsrapportForm } from './Reports';
import { tillitsdialogForm } from './Tillitsdialog';
import { verksamhetsplanForm } from './Verksamhetsplan';

/** The secretary's form for each task kind. */
// biome-ignore lint/suspicious/noExplicitAny: each kind has its own draft type; TaskForm is generic over it.
export const TASK_FORMS: { readonly [K in TaskKind]: FormKind<any> } = {
  omvarldsanalys: omvarldsanalysForm,
  nulagesanalys: nulagesanalysForm,
  tillitsdialog: tillitsdialogForm,
  verksamhetsplan: verksamhetsplanForm,
  delarsrapport: delarsrapportForm,
  arsrapport: arsrapportForm,
};

export { TaskForm } from './TaskForm';
