// `node --import tsx --import ./test/support/loaded-modules.mjs …`: records the modules the process loads.
import { register } from 'node:module';

register('./loaded-modules-hooks.mjs', import.meta.url);
