import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CheckReport } from '../core/report/json';
import type { RollupReport } from '../core/report/rollup';
import { run } from '../cli/run';
import { escapeData, input, workflowCommand, writeOutputs } from './commands';
import { expandPaths } from './paths';

/**
 * The GitHub Action (action.yml, bundled to dist/action/index.js): runs
 * `okr-lens check` and `okr-lens rollup` in this process, turns each finding
 * into an annotation, writes the reports to the job summary, sets the outputs
 * and fails the step as `fail-on` says.
 */

/** Where the action writes and what it is given: the runner's environment and the workspace (the working folder). */
export interface ActionIo {
  out(line: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const FAIL_ON = ['error', 'warning', 'never'] as const;
type FailOn = (typeof FAIL_ON)[number];

/** What a run of the command line printed, and its exit code. */
interface CliRun {
  code: number;
  out: string;
  err: string[];
}

/** Runs the action and resolves with the step's exit code. Never rejects. */
export async function runAction(io: ActionIo): Promise<number> {
  try {
    return await action(io);
  } catch (error) {
    io.out(`::error::${escapeData(`OKR Lens: internal error: ${error instanceof Error ? error.message : String(error)}`)}`);
    return 1;
  }
}

async function action(io: ActionIo): Promise<number> {
  const { env, cwd } = io;
  const bad = (message: string): number => {
    io.out(workflowCommand('error', [['title', 'OKR Lens']], message));
    return 1;
  };

  const failOn = (input(env, 'fail-on') || 'error').toLowerCase();
  if (!FAIL_ON.includes(failOn as FailOn)) return bad(`fail-on: '${failOn}' is not one of error, warning, never`);
  const rollupInput = input(env, 'rollup') || 'true';
  if (!/^(true|false)$/i.test(rollupInput)) return bad(`rollup: '${rollupInput}' is not true or false`);
  const withRollup = rollupInput.toLowerCase() === 'true';
  const config = input(env, 'config');
  if (config !== '' && !fs.statSync(path.resolve(cwd, config), { throwIfNoEntry: false })?.isFile()) {
    return bad(`config: the file '${config}' does not exist`);
  }
  const expanded = expandPaths(input(env, 'paths'), cwd);
  if (expanded.missing.length > 0) return bad(`paths: ${expanded.missing.map((p) => `'${p}'`).join(', ')} does not exist`);
  for (const glob of expanded.empty) io.out(workflowCommand('warning', [['title', 'OKR Lens']], `paths: '${glob}' matches no file`));
  if (expanded.paths.length === 0) return bad('paths: no file to check');

  const cli = async (args: string[]): Promise<CliRun> => {
    const out: string[] = [];
    const err: string[] = [];
    const argv = [...args, ...(config !== '' ? ['--config', config] : []), '--', ...expanded.paths];
    const code = await run(argv, { out: (l) => out.push(l), err: (l) => err.push(l), cwd, isTTY: false, env: { ...env, NO_COLOR: '1' } });
    return { code, out: out.join('\n'), err };
  };

  const checked = await cli(['check', '--format', 'json']);
  // The command line's own messages (a git history note, no OKR documents found) go to the log; when it
  // exited 2 the check did not run as asked (a bad configuration, an unreadable file): they are errors.
  for (const line of checked.err) io.out(checked.code === 2 ? workflowCommand('error', [['title', 'OKR Lens']], line) : line);
  if (checked.code === 2 && checked.out === '') return 1;
  const report = JSON.parse(checked.out) as CheckReport;

  for (const file of report.files) {
    for (const d of file.diagnostics) {
      const sameLine = d.line === d.endLine;
      io.out(
        workflowCommand(
          d.severity === 'info' ? 'notice' : d.severity,
          [
            ['file', file.path],
            ['line', d.line],
            ['col', sameLine ? d.column : undefined],
            ['endLine', d.endLine],
            ['endColumn', sameLine ? d.endColumn : undefined],
            ['title', d.ruleId],
          ],
          d.message,
        ),
      );
    }
  }

  const summary: string[] = [(await cli(['check', '--format', 'markdown'])).out];
  const rolled = await cli(['rollup', '--format', 'json']);
  // Only one workspace at a time rolls up as JSON: with paths in several, there is no one score.
  const score = rolled.out !== '' ? workspaceScore(JSON.parse(rolled.out) as RollupReport) : null;
  if (rolled.out === '') for (const line of rolled.err) io.out(`score: ${line}`);
  if (withRollup) summary.push((await cli(['rollup', '--format', 'markdown'])).out);

  const { errors, warnings, infos, files } = report.summary;
  io.out(
    `OKR Lens: ${files} document${files === 1 ? '' : 's'}, ${count(errors, 'error')}, ${count(warnings, 'warning')}, ${count(infos, 'info')}; score ${score ?? 'none'}`,
  );
  const summaryFile = env['GITHUB_STEP_SUMMARY'];
  if (summaryFile) fs.appendFileSync(summaryFile, `${summary.join('\n\n')}\n`, 'utf8');
  const outputFile = env['GITHUB_OUTPUT'];
  if (outputFile) {
    writeOutputs(outputFile, [
      ['errors', String(errors)],
      ['warnings', String(warnings)],
      ['score', score ?? ''],
    ]);
  }

  if (checked.code === 2) return 1;
  const failing = failOn === 'error' ? errors > 0 : failOn === 'warning' ? errors + warnings > 0 : false;
  if (!failing) return 0;
  io.out(
    workflowCommand(
      'error',
      [['title', 'OKR Lens']],
      `OKR Lens found ${count(errors, 'error')}${failOn === 'warning' ? ` and ${count(warnings, 'warning')}` : ''} (fail-on: ${failOn})`,
    ),
  );
  return 1;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/**
 * The workspace's score: the mean rolled-up score of the alignment tree's
 * roots (with one company document, its rolled-up score), to two decimals;
 * null when none has a score.
 */
export function workspaceScore(report: RollupReport): string | null {
  const scores = report.roots.map((id) => report.nodes.find((n) => n.id === id)?.rolledUpScore).filter((s): s is number => typeof s === 'number');
  if (scores.length === 0) return null;
  return (scores.reduce((a, b) => a + b, 0) / scores.length).toFixed(2);
}

void runAction({ out: (line) => process.stdout.write(`${line}\n`), env: process.env, cwd: process.cwd() }).then((code) => {
  process.exitCode = code;
});
