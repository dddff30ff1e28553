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
}

export const DEFAULT_CONFIG: LensConfig = {
  ragBands: { red: 0.3, amber: 0.6, green: 0.9 },
  paceThreshold: 0.25,
  fiscalYearStartMonth: 1,
  confidenceScale: '0-1',
  rules: {},
};

const Band = z.number().min(0).max(1);

/** The configuration file (`.okr-lens.json`), every key optional. */
export const ConfigFileSchema = z
  .object({
    $schema: z.string().optional(),
    ragBands: z
      .object({ red: Band, amber: Band, green: Band })
      .refine((b) => b.red < b.amber && b.amber < b.green, { message: 'bands must rise: red < amber < green' })
      .optional(),
    paceThreshold: z.number().min(0).max(1).optional(),
    fiscalYearStartMonth: z.number().int().min(1).max(12).optional(),
    confidenceScale: z.enum(['0-1', '1-5']).optional(),
    rules: z.record(z.string(), z.enum(['error', 'warning', 'info', 'off'])).optional(),
  })
  .strict();

export type ConfigFile = z.infer<typeof ConfigFileSchema>;

/** Defaults overlaid with what a configuration sets. */
export function resolveConfig(partial: Partial<LensConfig> | ConfigFile = {}): LensConfig {
  return {
    ragBands: partial.ragBands ?? DEFAULT_CONFIG.ragBands,
    paceThreshold: partial.paceThreshold ?? DEFAULT_CONFIG.paceThreshold,
    fiscalYearStartMonth: partial.fiscalYearStartMonth ?? DEFAULT_CONFIG.fiscalYearStartMonth,
    confidenceScale: partial.confidenceScale ?? DEFAULT_CONFIG.confidenceScale,
    rules: { ...DEFAULT_CONFIG.rules, ...(partial.rules ?? {}) },
  };
}
