import * as fs from 'node:fs';
import * as path from 'node:path';
import { readConfigText, resolveConfig, rules, type ConfigProblem, type LensConfig } from '../core/index';
import { describe, UsageError } from './files';

/** Names a configuration file may have, in the order they are looked for in each folder. */
export const CONFIG_FILES = ['.okr-lens.json', '.okr-lens.jsonc'];

/** The nearest `.okr-lens.json` or `.okr-lens.jsonc` from a folder upwards, or null. */
export function findConfig(from: string): string | null {
  let dir = path.resolve(from);
  for (;;) {
    for (const name of CONFIG_FILES) {
      const candidate = path.join(dir, name);
      if (fs.existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export interface LoadedConfig {
  config: LensConfig;
  /** Only what the file sets (validated), for layering over other settings. */
  layer: Partial<LensConfig>;
  /** Each bad key, already replaced by its default in `config`. */
  problems: ConfigProblem[];
  /** The folder `include` / `exclude` globs are relative to. */
  base: string;
}

/**
 * Reads and validates a configuration file key by key. A file that cannot be
 * read is a usage error; a bad key is a problem and falls back to its default.
 */
export function loadConfig(file: string | null, cwd: string, shown: (file: string) => string): LoadedConfig {
  if (file === null) return { config: resolveConfig(), layer: {}, problems: [], base: cwd };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read config '${file}': ${describe(error)}`);
  }
  const { layer, problems } = readConfigText(text, shown(file), rules);
  return { config: resolveConfig(layer), layer, problems, base: path.dirname(file) };
}
