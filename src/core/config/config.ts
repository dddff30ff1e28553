import { z } from 'zod';
import type { ConfidenceScale } from '../model/fields';
import type { Severity } from '../types';

/** Upper bounds (inclusive) of the Red, Amber and Green bands; above Green is Stretch. */
export interface RagBands {
  red: number;
  amber: number;
  green: number;
}

/** Everything configurable in core, with SPEC defaults. */
export interface LensConfig {
  ragBands: RagBands;
  /** A KR whose score trails the quarter's elapsed fraction by more than this is behind pace. */
  paceThreshold: number;
  fiscalYearStartMonth: number;
  confidenceScale: ConfidenceScale;
  /** Severity overrides by rule id; `off` disables a rule. */
  rules: Record<string, Severity | 'off'>;
  /** Option overrides by rule id, each already validated against the rule's schema. */
  ruleOptions: Record<string, Record<string, unknown>>;
  /** Globs of files that are OKR documents whatever their name or heading. */
  include: string[];
  /** Globs of files that are never OKR documents; wins over `include`. */
  exclude: string[];
  /** Documents larger than this many KiB are not analysed (a finding says so). */
  maxDocumentKB: number;
  /** Where the editor shows a key result's score, RAG and pace: an inlay hint at the end of its row, a code lens above it, or nowhere. */
  krScore: 'inlayHint' | 'codeLens' | 'off';
  /** Where a team's weekly update goes, relative to its quarterly document's folder: `{date}` is the week's Monday, `{team}` the team. */
  weeklyPath: string;
}

export const DEFAULT_CONFIG: LensConfig = {
  ragBands: { red: 0.3, amber: 0.6, green: 0.9 },
  paceThreshold: 0.25,
  fiscalYearStartMonth: 1,
  confidenceScale: '0-1',
  rules: {},
  ruleOptions: {},
  include: [],
  exclude: [],
  maxDocumentKB: 512,
  krScore: 'inlayHint',
  weeklyPath: 'weekly/{date}.okr.md',
};

const Band = z.number().min(0).max(1);

/** The schema of each top-level setting other than `rules`, shared by config files and VS Code settings. */
export const SETTING_SCHEMAS = {
  ragBands: z
    .object({ red: Band, amber: Band, green: Band })
    .strict()
    .refine((b) => b.red < b.amber && b.amber < b.green, { message: 'bands must rise: red < amber < green' })
    .describe('Upper bounds (0–1, inclusive) of the Red, Amber and Green bands; above Green is Stretch.'),
  paceThreshold: z.number().min(0).max(1).describe('A key result whose score trails the elapsed fraction of the quarter by more than this is "behind pace".'),
  fiscalYearStartMonth: z.number().int().min(1).max(12).describe('Month (1–12) in which the fiscal year starts; FY quarters in titles count from it.'),
  confidenceScale: z.enum(['0-1', '1-5']).describe('How confidence values are written: 0–1 (0.6) or 1–5 (3).'),
  include: z.array(z.string().min(1)).describe('Globs of Markdown files that are OKR documents whatever their name or heading.'),
  exclude: z.array(z.string().min(1)).describe('Globs of files that are never OKR documents (wins over include).'),
  maxDocumentKB: z
    .number()
    .int()
    .min(16)
    .max(16 * 1024)
    .describe(
      'Documents larger than this (in KiB) are not analysed; a finding says so. Analysing 512 KiB takes up to about 1.5 s on a slow machine (docs/RELIABILITY.md).',
    ),
  krScore: z
    .enum(['inlayHint', 'codeLens', 'off'])
    .describe(
      "Where the editor shows each key result's score, RAG and pace: an inlay hint at the end of its table row or bullet (default), a code lens above it, or nowhere. Objective and document scores stay lenses.",
    ),
  weeklyPath: z
    .string()
    .min(1)
    .refine((p) => !/^(?:[\\/]|[A-Za-z]:)/.test(p), { message: "must be relative to the quarterly document's folder" })
    .describe(
      "Where New Weekly Update and `okr-lens weekly` write a team's update, relative to its quarterly document's folder: `{date}` is the Monday of the week (YYYY-MM-DD), `{team}` the team's name in lower case.",
    ),
} as const;

export type SettingKey = keyof typeof SETTING_SCHEMAS;

/** Defaults overlaid with the layers given, later layers winning. */
export function resolveConfig(...layers: Array<Partial<LensConfig>>): LensConfig {
  const config: LensConfig = { ...DEFAULT_CONFIG, rules: {}, ruleOptions: {} };
  for (const layer of layers) {
    for (const key of Object.keys(SETTING_SCHEMAS) as SettingKey[]) {
      if (layer[key] !== undefined) (config as unknown as Record<string, unknown>)[key] = layer[key];
    }
    Object.assign(config.rules, layer.rules ?? {});
    for (const [id, options] of Object.entries(layer.ruleOptions ?? {})) config.ruleOptions[id] = { ...config.ruleOptions[id], ...options };
  }
  return config;
}
