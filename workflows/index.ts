// Every workflow the worker registers (the bundler's entry point).
export { annualCycleWorkflow } from './annual-cycle';
export { humanTaskWorkflow } from './human-task';
export { phaseWorkflow } from './phase';
