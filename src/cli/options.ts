/** A command-line option, as `parseArgs` takes it and --help lists it. */
export interface OptionSpec {
  name: string;
  type: 'string' | 'boolean';
  short?: string;
  /** The value's placeholder in --help (`<ref>`). */
  arg?: string;
  /** How --help names it, when not `--name <arg>`. */
  label?: string;
  /** What it does, for --help; none for an option listed with another (`--no-color`). */
  help?: string;
  /** Given to a command that does not take it, it is a usage error that says what it goes with (otherwise it is ignored). */
  goesWith?: string;
}

/** The options of every command that reads OKR documents, listed first in --help. */
export const COMMON_OPTIONS: readonly OptionSpec[] = [
  { name: 'format', type: 'string', arg: '<f>', help: 'the output format (see Formats below); text by default' },
  {
    name: 'workspace',
    type: 'string',
    arg: '<dir>',
    help: "the folder whose OKR documents alignment links resolve against (default, for each file: the folder of its configuration file, else its git repository's root, else the folder named on the command line)",
  },
  { name: 'date', type: 'string', arg: '<day>', help: 'measure pace on this day (YYYY-MM-DD) instead of today' },
  {
    name: 'config',
    type: 'string',
    arg: '<file>',
    help: 'use this configuration file for every path instead of the .okr-lens.json / .okr-lens.jsonc nearest to each file',
  },
  { name: 'detect', type: 'boolean', help: 'apply OKR document detection and include/exclude globs to files named explicitly too (for pre-commit hooks)' },
  {
    name: 'cache',
    type: 'boolean',
    help: "keep the workspace's document summaries in .okr-lens-cache.json at the workspace root, so the next run parses only documents that changed (add it to .gitignore)",
  },
  { name: 'cache-location', type: 'string', arg: '<file>', help: 'the same, in this file' },
];

/** Options of the program itself, listed last in --help. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'color',
    type: 'boolean',
    label: '--color / --no-color',
    help: 'colour the text output or not (by default it is coloured on a terminal, unless NO_COLOR is set)',
  },
  { name: 'no-color', type: 'boolean' },
  { name: 'help', type: 'boolean', short: 'h', help: 'show this help' },
  { name: 'version', type: 'boolean', short: 'v', help: 'show the version' },
];
