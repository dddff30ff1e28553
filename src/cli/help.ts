import type { Command } from './command';
import { TARGET_LABELS, type Target } from './format';
import { COMMON_OPTIONS, GLOBAL_OPTIONS, type OptionSpec } from './options';
import { formatsOf } from './output';

/** Where descriptions start, and the width they wrap at. */
const COLUMN = 20;
const WIDTH = 80;

/** `okr-lens --help`: built from the commands, their options and the output formats. */
export function usage(commands: readonly Command[]): string {
  const targets = [...new Set(commands.flatMap((c) => c.targets))];
  return [
    'Usage: okr-lens <command> [paths…] [options]',
    '',
    'Commands:',
    ...commands.flatMap((c) => entry(`  ${c.usage}`, c.summary)),
    '',
    'Options:',
    ...COMMON_OPTIONS.flatMap((o) => option(o)),
    ...commands.flatMap((c) => c.options.flatMap((o) => option(o, c))),
    ...GLOBAL_OPTIONS.flatMap((o) => option(o)),
    '',
    'Formats (--format <f>):',
    ...targets.flatMap(formatEntries),
    '',
    'Paths default to the current folder.',
  ].join('\n');
}

function option(spec: OptionSpec, command?: Command): string[] {
  if (spec.help === undefined) return [];
  const label = spec.label ?? `${spec.short ? `-${spec.short}, ` : ''}--${spec.name}${spec.arg ? ` ${spec.arg}` : ''}`;
  return entry(`  ${label}`, command ? `${command.name}: ${spec.help}` : spec.help);
}

function formatEntries(target: Target): string[] {
  return [`  ${TARGET_LABELS[target]}:`, ...formatsOf(target).flatMap((f, i) => entry(`    ${f.name}${i === 0 ? ' (default)' : ''}`, f.description))];
}

/** A label, then its text from COLUMN on (on the next line when the label leaves no room), wrapped at WIDTH. */
function entry(label: string, text: string): string[] {
  const lines = wrap(text, WIDTH - COLUMN);
  const indent = ' '.repeat(COLUMN);
  if (label.length < COLUMN) return [`${label.padEnd(COLUMN)}${lines[0] ?? ''}`.trimEnd(), ...lines.slice(1).map((l) => indent + l)];
  return [label, ...lines.map((l) => indent + l)];
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}
