import type { Format, FormatOf, Target } from './format';
import { formats } from './formats/index';

/** The formats of an output, in their order (the default first). */
export function formatsOf<T extends Target>(target: T): Array<FormatOf<T>> {
  // `serves` tells which member of the union a format is.
  const of = formats.filter((f: Format) => f.serves === target) as unknown as Array<FormatOf<T>>;
  return of.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
}

/** The format of an output that `--format` names, if it has one. */
export function formatOf<T extends Target>(target: T, name: string): FormatOf<T> | undefined {
  return formatsOf(target).find((f) => f.name === name);
}

/** The names `--format` takes for these outputs, each once, in order. */
export function formatNames(targets: readonly Target[]): string[] {
  return [...new Set(targets.flatMap((t) => formatsOf(t).map((f) => f.name)))];
}

/** `a, b and c` (or `or`). */
export function listed(names: readonly string[], last: 'and' | 'or'): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} ${last} ${names[names.length - 1]}`;
}
