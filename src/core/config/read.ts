import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import type { Rule } from '../rules/types';
import { DEFAULT_CONFIG, SETTING_SCHEMAS, type LensConfig, type SettingKey } from './config';

/** One thing wrong with a configuration, and what OKR Lens did instead. */
export interface ConfigProblem {
  /** The file, or `VS Code settings`. */
  source: string;
  /** The key as the user wrote it: `rules.too-many-krs.max`. */
  key: string;
  /** What is wrong, what is allowed, and the default used instead. */
  message: string;
}

export interface ConfigRead {
  layer: Partial<LensConfig>;
  problems: ConfigProblem[];
}

const SeverityOrOff = z.enum(['error', 'warning', 'info', 'off']);

/**
 * Reads the text of `.okr-lens.json` / `.okr-lens.jsonc` (comments and
 * trailing commas allowed). A syntax error makes the whole file fall back to
 * the defaults, with a problem naming the line and column.
 */
export function readConfigText(text: string, source: string, rules: readonly Rule[]): ConfigRead {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const e = errors[0]!;
    const before = text.slice(0, e.offset).split('\n');
    const where = `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
    return {
      layer: {},
      problems: [{ source, key: '(file)', message: `not valid JSON: ${printParseErrorCode(e.error)} at ${where}; using the defaults for every key` }],
    };
  }
  return readConfigValue(value, source, rules);
}

/**
 * Validates a configuration object key by key (the same keys in a config file
 * and in the `okrLens.*` VS Code settings). A bad value is reported with its
 * key and what is allowed, and that key falls back to its default; the rest
 * still applies. Never throws.
 */
export function readConfigValue(value: unknown, source: string, rules: readonly Rule[], keyPrefix = ''): ConfigRead {
  const problems: ConfigProblem[] = [];
  const layer: Partial<LensConfig> = {};
  const problem = (key: string, message: string): void => {
    problems.push({ source, key: `${keyPrefix}${key}`, message });
  };
  if (value === undefined || value === null) return { layer, problems };
  if (typeof value !== 'object' || Array.isArray(value)) {
    problem('(top level)', 'expected an object of settings; using the defaults for every key');
    return { layer, problems };
  }
  const known = new Set<string>([...Object.keys(SETTING_SCHEMAS), 'rules', '$schema']);
  for (const [key, v] of Object.entries(value)) {
    if (!known.has(key)) {
      problem(key, `unknown setting (allowed: ${[...known].filter((k) => k !== '$schema').join(', ')}); ignored`);
      continue;
    }
    if (key === '$schema') continue;
    if (key === 'rules') {
      readRules(v, rules, layer, problem);
      continue;
    }
    const schema = SETTING_SCHEMAS[key as SettingKey];
    const parsed = schema.safeParse(v);
    if (parsed.success) (layer as Record<string, unknown>)[key] = parsed.data;
    else
      problem(
        key,
        `${describeIssues(parsed.error)}; ${schema.description ?? ''} Using the default (${JSON.stringify(DEFAULT_CONFIG[key as SettingKey])}).`.replace(
          /;  Using/,
          '; using',
        ),
      );
  }
  return { layer, problems };
}

function readRules(value: unknown, rules: readonly Rule[], layer: Partial<LensConfig>, problem: (key: string, message: string) => void): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problem('rules', 'expected an object from rule id to a severity ("error", "warning", "info", "off") or { "severity": …, options }; using the defaults');
    return;
  }
  const byId = new Map(rules.map((r) => [r.id, r]));
  const severities: Record<string, z.infer<typeof SeverityOrOff>> = {};
  const options: Record<string, Record<string, unknown>> = {};
  for (const [id, entry] of Object.entries(value as Record<string, unknown>)) {
    const rule = byId.get(id);
    if (!rule) {
      const near = closest(id, [...byId.keys()]);
      problem(`rules.${id}`, `unknown rule id${near ? ` (did you mean "${near}"?)` : ''}; ignored`);
      continue;
    }
    const severity = (raw: unknown, key: string): void => {
      const s = SeverityOrOff.safeParse(raw);
      if (s.success) severities[id] = s.data;
      else problem(key, `${JSON.stringify(raw)} is not a severity (allowed: "error", "warning", "info", "off"); using the default ("${rule.defaultSeverity}")`);
    };
    if (typeof entry === 'string' || typeof entry === 'boolean' || typeof entry === 'number') {
      if (entry === false) severities[id] = 'off';
      else if (entry !== true) severity(entry, `rules.${id}`);
      continue;
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problem(
        `rules.${id}`,
        'expected a severity ("error", "warning", "info", "off") or an object { "severity": …, options }; using the defaults for this rule',
      );
      continue;
    }
    const shape = rule.options.shape as Record<string, z.ZodType>;
    const chosen: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(entry)) {
      if (key === 'severity') {
        severity(raw, `rules.${id}.severity`);
        continue;
      }
      const optionSchema = shape[key];
      if (!optionSchema) {
        const allowed = ['severity', ...Object.keys(shape)];
        problem(`rules.${id}.${key}`, `unknown option (allowed: ${allowed.join(', ')}); ignored`);
        continue;
      }
      const parsed = optionSchema.safeParse(raw);
      if (parsed.success) chosen[key] = parsed.data;
      else {
        const fallback = rule.options.safeParse({}).data?.[key];
        problem(
          `rules.${id}.${key}`,
          `${describeIssues(parsed.error)}; ${optionSchema.description ?? 'see the rule docs'} Using the default (${JSON.stringify(fallback)}).`,
        );
      }
    }
    if (Object.keys(chosen).length > 0) options[id] = chosen;
  }
  layer.rules = severities;
  layer.ruleOptions = options;
}

function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid value';
  const at = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  return `${issue.message}${at}`;
}

/** The known id nearest to a misspelt one, when it is close enough to suggest. */
export function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(word.length / 4)) + 1;
  for (const c of candidates) {
    const d = levenshtein(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** One line for a problem, as the CLI and the editor show it. */
export function formatProblem(p: ConfigProblem): string {
  return `${p.source}: ${p.key}: ${p.message}`;
}

/**
 * The configuration file's schema, built from the settings and from every
 * rule's metadata: published as `docs/schema/okr-lens-config.schema.json`.
 */
export function configFileSchema(rules: readonly Rule[]): z.ZodObject {
  const ruleEntries: Record<string, z.ZodType> = {};
  for (const rule of rules) {
    const optionShape = Object.fromEntries(Object.entries(rule.options.shape as Record<string, z.ZodType>).map(([k, s]) => [k, s.optional()]));
    ruleEntries[rule.id] = z
      .union([SeverityOrOff, z.boolean(), z.object({ severity: SeverityOrOff.optional(), ...optionShape }).strict()])
      .optional()
      .describe(`${rule.description} Default: ${rule.defaultSeverity}.`);
  }
  return z
    .object({
      $schema: z.string().optional(),
      ...Object.fromEntries(Object.entries(SETTING_SCHEMAS).map(([k, s]) => [k, s.optional()])),
      rules: z.object(ruleEntries).strict().optional().describe('Severity ("error", "warning", "info", "off") or { "severity", …options } per rule id.'),
    })
    .strict();
}
