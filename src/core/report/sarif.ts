import type * as Sarif from 'sarif';
import { z } from 'zod';
import type { Analysis } from '../analyze';
import { ruleDocsUrl } from '../rules/docs';
import type { Finding, Rule } from '../rules/types';
import type { Severity } from '../types';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * The parts of SARIF 2.1.0 this report uses, with the constraints of the
 * OASIS schema for them (required properties, enums, minimums). The report is
 * validated against it before it leaves, as the JSON report is.
 */
const Message = z.object({ text: z.string().min(1) });
const Region = z
  .object({ startLine: z.number().int().min(1), startColumn: z.number().int().min(1), endLine: z.number().int().min(1), endColumn: z.number().int().min(1) })
  .refine((r) => r.endLine > r.startLine || (r.endLine === r.startLine && r.endColumn >= r.startColumn), { message: 'region ends before it starts' });
const Location = z.object({
  id: z.number().int().min(-1).optional(),
  physicalLocation: z.object({ artifactLocation: z.object({ uri: z.string().min(1), uriBaseId: z.string().optional() }), region: Region }),
  message: Message.optional(),
});
export const SarifLogSchema = z.object({
  $schema: z.url(),
  version: z.literal('2.1.0'),
  runs: z
    .array(
      z.object({
        tool: z.object({
          driver: z.object({
            name: z.string().min(1),
            version: z.string(),
            informationUri: z.url(),
            rules: z.array(
              z.object({
                id: z.string().min(1),
                name: z.string().regex(/^[A-Z][A-Za-z]*$/),
                shortDescription: Message,
                fullDescription: Message,
                helpUri: z.url(),
                help: Message,
                defaultConfiguration: z.object({ level: z.enum(['none', 'note', 'warning', 'error']), enabled: z.boolean() }),
                properties: z.object({ tags: z.array(z.string()) }),
              }),
            ),
          }),
        }),
        originalUriBaseIds: z.record(z.string(), z.object({ uri: z.string().regex(/^[a-z][a-z0-9+.-]*:.*\/$/i) })).optional(),
        columnKind: z.enum(['utf16CodeUnits', 'unicodeCodePoints']),
        results: z.array(
          z.object({
            ruleId: z.string().min(1),
            ruleIndex: z.number().int().min(-1),
            level: z.enum(['none', 'note', 'warning', 'error']),
            message: Message,
            locations: z.array(Location).min(1),
            relatedLocations: z.array(Location).optional(),
            suppressions: z.array(z.object({ kind: z.enum(['inSource', 'external']), justification: z.string().optional() })).optional(),
          }),
        ),
      }),
    )
    .min(1),
});

export interface SarifFile {
  /** Path relative to `srcRoot`, with `/`, or an absolute URI (`file:///…`) for a file outside it. */
  path: string;
  analysis: Analysis;
}

/**
 * The findings of a check as one SARIF 2.1.0 log, for GitHub code scanning:
 * every rule with its metadata and docs page, findings as results, and
 * suppressed findings as results with an in-source suppression and its reason.
 * Relative paths (of the files and of related locations) are below
 * `%SRCROOT%`, which `srcRoot` (a folder's URI ending in `/`) names when given.
 */
export function sarifLog(files: SarifFile[], rules: readonly Rule[], toolVersion: string, informationUri: string, srcRoot?: string): Sarif.Log {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const location = (path: string, f: { range: Finding['range'] }, message?: string, id?: number): Sarif.Location => ({
    ...(id !== undefined ? { id } : {}),
    physicalLocation: {
      artifactLocation: /^[a-z][a-z0-9+.-]*:/i.test(path) ? { uri: path } : { uri: encodeURI(path), uriBaseId: '%SRCROOT%' },
      region: { startLine: f.range.start.line, startColumn: f.range.start.column, endLine: f.range.end.line, endColumn: f.range.end.column },
    },
    ...(message ? { message: { text: message } } : {}),
  });
  const result = (path: string, f: Finding, justification?: string | null): Sarif.Result => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId) ?? -1,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [location(path, f)],
    ...(f.related.length > 0 ? { relatedLocations: f.related.map((r, i) => location(r.path ?? path, r, r.message, i + 1)) } : {}),
    ...(justification !== undefined ? { suppressions: [{ kind: 'inSource', ...(justification ? { justification } : {}) }] } : {}),
  });
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'okr-lens',
            version: toolVersion,
            informationUri,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()),
              shortDescription: { text: r.description },
              fullDescription: { text: `${r.description} See ${ruleDocsUrl(r.id)}` },
              helpUri: ruleDocsUrl(r.id),
              help: { text: `${r.description} Bad and good examples: ${ruleDocsUrl(r.id)}` },
              defaultConfiguration: { level: LEVEL[r.defaultSeverity], enabled: true },
              properties: { tags: r.tags },
            })),
          },
        },
        ...(srcRoot ? { originalUriBaseIds: { '%SRCROOT%': { uri: srcRoot } } } : {}),
        columnKind: 'utf16CodeUnits',
        results: files.flatMap(({ path, analysis }) => [
          ...analysis.findings.map((f) => result(path, f)),
          ...analysis.suppressed.map((s) => result(path, s.finding, s.by.reason)),
        ]),
      },
    ],
  };
  SarifLogSchema.parse(log);
  return log;
}
