import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { homepage, version } from '../../package.json';
import { analyze, formatProblem, rules, type Analysis, type LensConfig } from '../core/index';
import { checkReport, checkReportJsonSchema, fileJson } from '../core/report/json';
import { markdownReport } from '../core/report/markdown';
import { sarifLog } from '../core/report/sarif';
import { ansiStyle, diagnosticLines, plainStyle, qualityLines, rollupTree, summaryLine, suppressionLines, totalsLine, type Style } from '../core/report/text';
import { findConfig, loadConfig } from './config';
import { collectDocuments, readDocument, UsageError } from './files';

const USAGE = `Usage: okr-lens <command> [paths…] [options]

Commands:
  check [paths…]    lint and score OKR documents (files, or folders searched
                    for OKR documents); exit 0 clean, 1 errors found, 2 bad usage
  rollup [paths…]   print each document's objectives and key results as a tree
                    with scores and RAG
  schema            print the JSON Schema of \`check --format json\`

Options:
  --format <f>      check: text (default), json, sarif or markdown
  --date <day>      measure pace on this day (YYYY-MM-DD) instead of today
  --config <file>   use this configuration file instead of the nearest
                    .okr-lens.json / .okr-lens.jsonc
  --detect          apply OKR document detection and include/exclude globs to
                    files named explicitly too (for pre-commit hooks)
  --list-suppressions
                    check: list every okr-lens-disable comment and its reason
  --color / --no-color
  -h, --help        show this help
  -v, --version     show the version

Paths default to the current folder.`;

interface Io {
  out(line: string): void;
  err(line: string): void;
  cwd: string;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

/** Runs the command line and returns the exit code. Never throws. */
export function run(argv: string[], io: Io): number {
  try {
    return main(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`okr-lens: ${error.message}`);
      return 2;
    }
    io.err(`okr-lens: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 2;
  }
}

function main(argv: string[], io: Io): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        date: { type: 'string' },
        config: { type: 'string' },
        detect: { type: 'boolean' },
        'list-suppressions': { type: 'boolean' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message.split('\n')[0] : String(error)} (see okr-lens --help)`);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.out(version);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (values.help || command === undefined || command === 'help') {
    io.out(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  if (command === 'schema') {
    io.out(JSON.stringify(checkReportJsonSchema(), null, 2));
    return 0;
  }
  if (command !== 'check' && command !== 'rollup') throw new UsageError(`unknown command '${command}' (expected check, rollup or schema)`);

  const format = values.format ?? 'text';
  const formats = command === 'check' ? ['text', 'json', 'sarif', 'markdown'] : ['text'];
  if (!formats.includes(format)) throw new UsageError(`unknown format '${format}' for ${command} (expected ${formats.join(', ')})`);
  if (values['list-suppressions'] && (command !== 'check' || format !== 'text')) throw new UsageError('--list-suppressions goes with check and the text format');
  const today = parseDate(values.date);
  const configFile = values.config !== undefined ? path.resolve(io.cwd, values.config) : findConfig(io.cwd);
  const { config, problems, base } = loadConfig(configFile, io.cwd, (f) => display(io.cwd, f));
  for (const problem of problems) io.err(`okr-lens: config: ${formatProblem(problem)}`);
  // A bad key falls back to its default and the check still runs, but the run fails (SPEC §6: exit 2 for bad config).
  const exitFor = (errors: number): number => (problems.length > 0 ? 2 : errors > 0 ? 1 : 0);
  const useColor = format === 'text' && (values.color === true || (!values['no-color'] && io.isTTY && !io.env['NO_COLOR']));
  const style: Style = useColor ? ansiStyle : plainStyle;

  const files = collectDocuments(
    (paths.length > 0 ? paths : ['.']).map((p) => path.resolve(io.cwd, p)),
    { base, include: config.include, exclude: config.exclude, detectExplicit: values.detect === true },
  );
  const analysed = files.map((file) => ({ file, shown: display(io.cwd, file), analysis: analyzeFile(file, config, today) }));
  if (analysed.length === 0) io.err('okr-lens: no OKR documents found (SPEC §1: *okr*.md, front matter `okr: true`, or an H1 naming OKRs)');

  if (command === 'rollup') {
    analysed.forEach(({ shown, analysis }, i) => {
      if (i > 0) io.out('');
      for (const line of rollupTree(shown, analysis, style)) io.out(line);
    });
    return exitFor(0);
  }

  const errors = analysed.reduce((n, a) => n + a.analysis.findings.filter((f) => f.severity === 'error').length, 0);
  if (values['list-suppressions']) {
    const lines = analysed.flatMap(({ shown, analysis }) => suppressionLines(shown, analysis));
    for (const line of lines) io.out(line);
    io.out(`${lines.length} suppression${lines.length === 1 ? '' : 's'} in ${analysed.length} document${analysed.length === 1 ? '' : 's'}`);
    return exitFor(errors);
  }
  if (format === 'sarif') {
    io.out(JSON.stringify(sarifLog(analysed.map((a) => ({ path: a.shown, analysis: a.analysis })), rules, version, homepage), null, 2));
    return exitFor(errors);
  }
  if (format === 'markdown') {
    io.out(markdownReport(analysed.map((a) => ({ path: a.shown, analysis: a.analysis }))).trimEnd());
    return exitFor(errors);
  }
  if (format === 'json') {
    const report = checkReport(
      analysed.map((a) => fileJson(a.shown, a.analysis)),
      version,
      today.toISOString().slice(0, 10),
    );
    io.out(JSON.stringify(report, null, 2));
    return exitFor(errors);
  }
  for (const { shown, analysis } of analysed) {
    for (const line of diagnosticLines(shown, analysis, style)) io.out(line);
    io.out(summaryLine(shown, analysis, style));
    for (const line of qualityLines(analysis, style)) io.out(line);
  }
  const suppressed = analysed.reduce((n, a) => n + a.analysis.suppressed.length, 0);
  io.out(`\n${totalsLine(analysed.length, analysed.flatMap((a) => a.analysis.findings))}${suppressed > 0 ? ` (${suppressed} suppressed; see --list-suppressions)` : ''}`);
  return exitFor(errors);
}

function analyzeFile(file: string, config: LensConfig, today: Date): Analysis {
  return analyze(readDocument(file), { config, today });
}

function parseDate(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`bad --date '${value}' (expected YYYY-MM-DD)`);
  }
  return date;
}

/** A path as the user sees it: relative to the working folder, with `/`. */
function display(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return (rel === '' ? path.basename(file) : rel).split(path.sep).join('/');
}

if (require.main === module) {
  const code = run(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    cwd: process.cwd(),
    isTTY: process.stdout.isTTY === true,
    env: process.env,
  });
  process.exitCode = code;
}
