import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { configFileSchema } from '../core/config/read';
import { SETTING_SCHEMAS } from '../core/config/config';
import { rollupReportJsonSchema } from '../core/report/rollup';
import { checkReportJsonSchema } from '../core/report/json';
import { readers as allReaders, type Reader } from '../core/read/index';
import { rules as allRules } from '../core/rules/index';
import type { Rule } from '../core/rules/types';
import { QUALITY_DIMENSIONS } from '../core/score/quality';
import { registryFiles } from './registries';

/**
 * Everything generated from rule metadata and schemas: the metadata block of
 * each rule page, the rules index, the JSON schemas and the VS Code settings
 * in package.json. `npm run docs` writes them; a unit test fails when any is
 * stale, so CI catches drift.
 */

const START = '<!-- okr-lens:generated:start -->';
const END = '<!-- okr-lens:generated:end -->';

function dimensionLabel(rule: Rule): string {
  return QUALITY_DIMENSIONS.find((d) => d.id === rule.dimension)?.label ?? '—';
}

function optionRows(rule: Rule): string[] {
  const defaults = rule.options.parse({}) as Record<string, unknown>;
  return Object.entries(rule.options.shape as Record<string, z.ZodType>).map(
    ([key, schema]) => `| \`${key}\` | \`${JSON.stringify(defaults[key])}\` | ${schema.description ?? ''} |`,
  );
}

/** The metadata block at the top of a rule's docs page. */
export function rulePageBlock(rule: Rule): string {
  const rows = optionRows(rule);
  const example =
    rows.length > 0
      ? `{ "severity": "${rule.defaultSeverity}", "${Object.keys(rule.options.shape)[0]}": ${JSON.stringify((rule.options.parse({}) as Record<string, unknown>)[Object.keys(rule.options.shape)[0]!])} }`
      : `"${rule.defaultSeverity === 'error' ? 'warning' : 'off'}"`;
  return [
    START,
    `> ${rule.description}`,
    '',
    `Default severity: **${rule.defaultSeverity}** · Quality dimension: ${dimensionLabel(rule)} · Tags: ${rule.tags.join(', ')}`,
    '',
    '### Options',
    '',
    ...(rows.length > 0 ? ['| Option | Default | Meaning |', '|---|---|---|', ...rows] : ['None besides the severity.']),
    '',
    'In `.okr-lens.json` (or the `okrLens.rules` setting):',
    '',
    '```json',
    `{ "rules": { "${rule.id}": ${example} } }`,
    '```',
    '',
    `Silence one place: \`<!-- okr-lens-disable-next-line ${rule.id} -- why this is fine here -->\`.`,
    END,
  ].join('\n');
}

/** The generated part of `docs/rules/README.md`. */
export function rulesIndexBlock(rules: readonly Rule[]): string {
  return [
    START,
    '| Rule | Severity | Quality dimension | What it finds |',
    '|---|---|---|---|',
    ...rules.map((r) => `| [\`${r.id}\`](${r.id}.md) | ${r.defaultSeverity} | ${dimensionLabel(r)} | ${r.description.replace(/\|/g, '\\|')} |`),
    END,
  ].join('\n');
}

/** The generated block of a layout reader's page, docs/formats/<id>.md. */
export function formatPageBlock(reader: Reader): string {
  return [
    START,
    `> ${reader.summary}`,
    '',
    `Reader \`${reader.id}\`: \`okr-lens inspect\` shows \`[${reader.id}]\` after each objective or key result it read.`,
    END,
  ].join('\n');
}

/** The generated part of `docs/formats/README.md`: every reader, in the order blocks are offered to them. */
export function formatsIndexBlock(list: readonly Reader[]): string {
  return [
    START,
    '| Layout | Reader | What it reads |',
    '|---|---|---|',
    ...list.map((r) => `| [${r.title}](${r.id}.md) | \`${r.id}\` | ${r.summary.replace(/\|/g, '\\|')} |`),
    END,
  ].join('\n');
}

function splice(current: string, block: string, file: string): string {
  const a = current.indexOf(START);
  const b = current.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${file} has no ${START} … ${END} block`);
  return current.slice(0, a) + block + current.slice(b + END.length);
}

function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
  delete json['$schema'];
  return json;
}

/** `contributes.configuration` for package.json: every okrLens.* setting, from the same schemas as the config file. */
export function vscodeConfiguration(rules: readonly Rule[]): unknown {
  const properties: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(SETTING_SCHEMAS)) {
    properties[`okrLens.${key}`] = { ...toJsonSchema(schema), markdownDescription: schema.description };
  }
  const fileSchema = toJsonSchema(configFileSchema(rules)) as { properties: Record<string, unknown> };
  properties['okrLens.rules'] = {
    ...(fileSchema.properties['rules'] as Record<string, unknown>),
    markdownDescription:
      'Severity (`error`, `warning`, `info`, `off`) or `{ "severity", …options }` per rule id. A `.okr-lens.json` in the workspace wins over these settings. See [the rules](https://github.com/okr-lens/okr-lens/blob/main/docs/rules/README.md).',
  };
  properties['okrLens.debounceMs'] = {
    type: 'number',
    default: 300,
    minimum: 0,
    maximum: 5000,
    markdownDescription: 'Milliseconds to wait after an edit before the document is analysed again (diagnostics, lenses, status bar).',
  };
  properties['okrLens.codeLens.enabled'] = {
    type: 'boolean',
    default: true,
    markdownDescription: 'Show score lenses above the title, each objective and each key result.',
  };
  return { title: 'OKR Lens', properties };
}

/** A new rule's page, to be written: the generated block, then the sections docs.test.ts asks for. */
function newRulePage(rule: Rule): string {
  return `# ${rule.id}\n\n${START}\n${END}\n\n## Why it matters\n\n## Bad\n\n## Good\n`;
}

/** Every generated file with the content it should have, given the hand-written parts on disk. */
export function expectedFiles(root: string, rules: readonly Rule[] = allRules): Map<string, string> {
  const out = registryFiles(root);
  const read = (rel: string): string => fs.readFileSync(path.join(root, rel), 'utf8');
  for (const rule of rules) {
    const rel = `docs/rules/${rule.id}.md`;
    out.set(rel, splice(fs.existsSync(path.join(root, rel)) ? read(rel) : newRulePage(rule), rulePageBlock(rule), rel));
  }
  out.set('docs/rules/README.md', splice(read('docs/rules/README.md'), rulesIndexBlock(rules), 'docs/rules/README.md'));
  for (const reader of allReaders) {
    const rel = `docs/formats/${reader.id}.md`;
    out.set(rel, splice(read(rel), formatPageBlock(reader), rel));
  }
  out.set('docs/formats/README.md', splice(read('docs/formats/README.md'), formatsIndexBlock(allReaders), 'docs/formats/README.md'));
  const configSchema = { title: 'OKR Lens configuration (.okr-lens.json / .okr-lens.jsonc)', ...toJsonSchema(configFileSchema(rules)) };
  out.set('docs/schema/okr-lens-config.schema.json', `${JSON.stringify(configSchema, null, 2)}\n`);
  out.set('docs/schema/check-report.v1.schema.json', `${JSON.stringify(checkReportJsonSchema(), null, 2)}\n`);
  out.set('docs/schema/rollup-report.v1.schema.json', `${JSON.stringify(rollupReportJsonSchema(), null, 2)}\n`);
  const pkg = JSON.parse(read('package.json')) as { contributes: Record<string, unknown> };
  pkg.contributes['configuration'] = vscodeConfiguration(rules);
  out.set('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
  return out;
}
