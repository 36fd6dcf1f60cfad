import { koladaValues } from '../../kolada/projection';
import type { Projection } from '../types';
import { budget } from './budget';
import { cycleBoard } from './cycle-board';
import { deadlineCompliance } from './deadline-compliance';
import { decisionDeviations } from './decision-deviations';
import { dialogues } from './dialogues';
import { goals } from './goals';
import { organisation } from './organisation';
import { taskInbox } from './task-inbox';

export {
  budget,
  cycleBoard,
  deadlineCompliance,
  decisionDeviations,
  dialogues,
  goals,
  organisation,
  taskInbox,
};

/** Every read model, by name. */
export const PROJECTIONS: readonly Projection[] = [
  organisation,
  cycleBoard,
  taskInbox,
  deadlineCompliance,
  decisionDeviations,
  goals,
  budget,
  dialogues,
  koladaValues,
];
