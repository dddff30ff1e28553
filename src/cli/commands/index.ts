import type { Command } from '../command';
import { check } from './check';
import { history } from './history';
import { inspect } from './inspect';
import { rollup } from './rollup';
import { schema } from './schema';
import { weekly } from './weekly';

/** The commands of `okr-lens`, in the order --help lists them. */
export const commands: readonly Command[] = [check, rollup, history, weekly, inspect, schema];
