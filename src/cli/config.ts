import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigFileSchema, resolveConfig, rules, type LensConfig } from '../core/index';
import { describe, UsageError } from './files';

export const CONFIG_FILE = '.okr-lens.json';

/** The nearest `.okr-lens.json` from a folder upwards, or null. */
export function findConfig(from: string): string | null {
  let dir = path.resolve(from);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * Reads and validates a configuration file. Any problem is a UsageError whose
 * one-line message names the file, the key and what is allowed.
 */
export function loadConfig(file: string | null): LensConfig {
  if (file === null) return resolveConfig();
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read config '${file}': ${describe(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`bad config '${file}': not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = ConfigFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path.join('.') || '(top level)';
    throw new UsageError(`bad config '${file}': ${key}: ${issue.message}`);
  }
  const known = new Set(rules.map((r) => r.id));
  for (const id of Object.keys(parsed.data.rules ?? {})) {
    if (!known.has(id)) throw new UsageError(`bad config '${file}': rules.${id}: unknown rule id (known: ${[...known].join(', ')})`);
  }
  return resolveConfig(parsed.data);
}
