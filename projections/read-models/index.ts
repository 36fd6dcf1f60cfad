import type { Projection } from '../types';
import { budget } from './budget';
import { cycleBoard } from './cycle-board';
import { deadlineCompliance } from './deadline-compliance';
import { dialogues } from './dialogues';
import { goals } from './goals';
import { organisation } from './organisation';
import { taskInbox } from './task-inbox';

export { budget, cycleBoard, deadlineCompliance, dialogues, goals, organisation, taskInbox };

/** Every read model, by name. */
export const PROJECTIONS: readonly Projection[] = [
  organisation,
  cycleBoard,
  taskInbox,
  deadlineCompliance,
  goals,
  budget,
  dialogues,
];
