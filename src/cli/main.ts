import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { homepage, version } from '../../package.json';
import * as fs from 'node:fs';
import { analyze, applyEdits, ChunkTrees, deltaLines, deltaMarkdown, fixAll, formatProblem, krTrails, reportWorkspace, rollupDelta, rules, WorkspaceIndex, type Analysis, type DocumentHistory, type Finding, type LensConfig } from '../core/index';
import { documentHistory, readGitHistory } from '../node/history';
import { rollupMarkdown, rollupReport, rollupReportJsonSchema, rollupTreeLines } from '../core/report/rollup';
import { treePageHtml } from '../core/workspace/page';
import { treeMessage, visibleIds } from '../core/workspace/protocol';
import { checkReport, checkReportJsonSchema, fileJson } from '../core/report/json';
import { inspectLines } from '../core/report/inspect';
import { markdownReport } from '../core/report/markdown';
import { sarifLog } from '../core/report/sarif';
import { ansiStyle, diagnosticLines, plainStyle, qualityLines, summaryLine, suppressionLines, totalsLine, type Style } from '../core/report/text';
import { isOkrText, readDocument, UsageError } from '../node/files';
import { gitRoot, loadWorkspace, workspaceGroups } from '../node/workspace';
import { readHistory } from '../node/git/lock';
import { VersionAnalyses, versionsOf } from '../node/git/trail';
import { documentsAtRef } from '../node/git/at-ref';
import { SummaryCache } from '../node/pool/summary-cache';
import { summarizeCached } from '../node/pool/summary-pool';
import { repositoryRoot, resolveRef } from '../node/git/git';

const USAGE = `Usage: okr-lens <command> [paths…] [options]

Commands:
  check [paths…]    lint and score OKR documents (files, or folders searched
                    for OKR documents); exit 0 clean, 1 errors found, 2 bad usage
  rollup [paths…]   print the alignment tree (company → team → individual)
                    with own and rolled-up scores and RAG
  history <file>    each KR's current value, confidence and score over the
                    document's commits (the check-in trail), from git
  inspect [paths…]  what was read: each objective and KR with its line,
                    values, owner, score and the layout reader that read it
                    (docs/formats)
  schema [check|rollup]
                    print the JSON Schema of \`check --format json\` (or of
                    \`rollup --format json\`)

Options:
  --format <f>      check: text (default), json, sarif or markdown
                    rollup: text (default), json, markdown or html (a
                    self-contained page with the same tree as the editor's)
  --workspace <dir> the folder whose OKR documents alignment links resolve
                    against (default, for each file: the folder of its
                    configuration file, else its git repository's root, else
                    the folder named on the command line)
  --date <day>      measure pace on this day (YYYY-MM-DD) instead of today
  --config <file>   use this configuration file for every path instead of
                    the .okr-lens.json / .okr-lens.jsonc nearest to each file
  --detect          apply OKR document detection and include/exclude globs to
                    files named explicitly too (for pre-commit hooks)
  --list-suppressions
                    check: list every okr-lens-disable comment and its reason
  --no-history      check: do not read git history (moving-goalposts is skipped)
  --since <ref>     rollup: how the working tree moves each score since a git
                    ref (old → new, RAG changes, confidence drops, new and
                    removed KRs); formats text, markdown, json
  --staged          rollup: compare what is staged (the index) instead of the
                    working tree; --since defaults to HEAD
  --fix             check: apply every fix that needs no choice (missing
                    columns and cells, sections) to the files, then report what
                    is left; files are replaced atomically, line endings kept
  --cache           keep the workspace's document summaries in
                    .okr-lens-cache.json at the workspace root, so the next run
                    parses only documents that changed (add it to .gitignore)
  --cache-location <file>
                    the same, in this file
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

/** Runs the command line and resolves with the exit code. Never rejects. */
export async function run(argv: string[], io: Io): Promise<number> {
  try {
    return await main(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`okr-lens: ${error.message}`);
      return 2;
    }
    io.err(`okr-lens: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 2;
  }
}

async function main(argv: string[], io: Io): Promise<number> {
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
        workspace: { type: 'string' },
        'list-suppressions': { type: 'boolean' },
        fix: { type: 'boolean' },
        'no-history': { type: 'boolean' },
        since: { type: 'string' },
        staged: { type: 'boolean' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
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
    const which = paths[0] ?? 'check';
    if (which !== 'check' && which !== 'rollup') throw new UsageError(`unknown schema '${which}' (expected check or rollup)`);
    io.out(JSON.stringify(which === 'check' ? checkReportJsonSchema() : rollupReportJsonSchema(), null, 2));
    return 0;
  }
  if (command !== 'check' && command !== 'rollup' && command !== 'history' && command !== 'inspect') throw new UsageError(`unknown command '${command}' (expected check, rollup, history, inspect or schema)`);

  const format = values.format ?? 'text';
  const formats = command === 'check' ? ['text', 'json', 'sarif', 'markdown'] : command === 'history' || command === 'inspect' ? ['text'] : ['text', 'json', 'markdown', 'html'];
  if (!formats.includes(format)) throw new UsageError(`unknown format '${format}' for ${command} (expected ${formats.join(', ')})`);
  if (values['list-suppressions'] && (command !== 'check' || format !== 'text')) throw new UsageError('--list-suppressions goes with check and the text format');
  if (values.fix && command !== 'check') throw new UsageError('--fix goes with check');
  const today = parseDate(values.date);
  const targets = (paths.length > 0 ? paths : ['.']).map((p) => path.resolve(io.cwd, p));
  const groups = workspaceGroups(targets, {
    config: values.config !== undefined ? path.resolve(io.cwd, values.config) : null,
    workspace: values.workspace !== undefined ? path.resolve(io.cwd, values.workspace) : null,
    detectExplicit: values.detect === true,
    shown: (f) => display(io.cwd, f),
  });
  const problems = groups.problems;
  for (const problem of problems) io.err(`okr-lens: config: ${formatProblem(problem)}`);
  // A bad key falls back to its default and the check still runs, but the run fails (SPEC §6: exit 2 for bad config).
  let unreadable = 0;
  const exitFor = (errors: number): number => (problems.length > 0 || unreadable > 0 ? 2 : errors > 0 ? 1 : 0);
  const useColor = format === 'text' && (values.color === true || (!values['no-color'] && io.isTTY && !io.env['NO_COLOR']));
  const style: Style = useColor ? ansiStyle : plainStyle;
  if (groups.list.length > 1 && command === 'rollup' && (format === 'json' || format === 'html')) {
    throw new UsageError(`the paths lie in ${groups.list.length} workspaces (${groups.list.map((g) => display(io.cwd, g.root) || '.').join(', ')}): roll up one at a time for the ${format} format`);
  }
  if (command === 'history' && groups.list.reduce((n, g) => n + g.files.length, 0) !== 1) throw new UsageError('history takes one OKR document');

  // Each workspace is checked on its own, with its own configuration; the reports list every file checked.
  const analysed: Array<{ file: string; shown: string; analysis: Analysis }> = [];
  let documents = 0;
  let printed = 0;
  // Each checked document's parse trees serve its committed versions too (history below), which mostly share its
  // chunks. They are kept until then, so only for the first 2 million characters of documents (a tree takes about
  // 34 bytes a character); the committed versions of the others still share chunks with each other.
  let keepChars = command === 'history' || (command === 'check' && !values['no-history']) ? 2_000_000 : 0;
  for (const group of groups.list) {
    const { config, base } = group.loaded;
    const { root, files } = group;
    // A file that cannot be read (permissions, binary content) is reported and skipped; the others are still checked.
    const read = files.flatMap((file): Array<{ file: string; shown: string; text: string }> => {
      const shown = display(io.cwd, file);
      const text = readText(file);
      if (typeof text !== 'string') {
        io.err(`okr-lens: skipped ${shown}: ${text.problem}`);
        unreadable++;
        return [];
      }
      if (values.fix) {
        const fixed = fixFile(file, text, config, today);
        if (typeof fixed === 'string') {
          io.err(`okr-lens: could not write ${shown}: ${fixed}; it was left as it was`);
          unreadable++;
        } else if (fixed.count > 0) {
          io.err(`okr-lens: fixed ${fixed.count} problem${fixed.count === 1 ? '' : 's'} in ${shown}`);
          return [{ file, shown, text: fixed.text }];
        }
      }
      return [{ file, shown, text }];
    });
    documents += read.length;
    // check and history analyse each document in full; rollup needs only the workspace summaries (parsed on all cores).
    // The git history of the first few documents (a pre-commit hook checks one or two) is read while they are parsed.
    const histories = new Map(command === 'check' && !values['no-history'] ? read.slice(0, 4).map((r) => [r.file, readHistory(r.file)] as const) : []);
    const single = command === 'rollup' ? [] : read.map((r) => {
      const chunkTrees = keepChars > 0 ? new ChunkTrees() : undefined;
      keepChars -= r.text.length;
      return { file: r.file, shown: r.shown, chunkTrees, analysis: analyze(r.text, { config, today, chunkTrees }) };
    });

    if (command === 'inspect') {
      for (const { shown, analysis } of single) {
        if (printed++ > 0) io.out('');
        for (const line of inspectLines(shown, analysis)) io.out(line);
      }
      continue;
    }

    // What git knows of each document (its lock, its check-in trail), for the history rules.
    const gitHistories = new Map<string, DocumentHistory>();
    if (command === 'check' && !values['no-history']) {
      for (const entry of single) {
        const chunkTrees = entry.chunkTrees;
        entry.chunkTrees = undefined; // released with this document's history
        if (entry.analysis.document.kind !== 'okr' || entry.analysis.document.objectives.length === 0) continue;
        const analyses = new VersionAnalyses(config, today, chunkTrees).know(entry.analysis.lines.text, entry.analysis);
        const git = await readGitHistory(entry.file, entry.analysis, config, today, { history: histories.get(entry.file), analyses });
        for (const note of git.notes) io.err(`okr-lens: history: ${entry.shown}: ${note}`);
        gitHistories.set(entry.file, documentHistory(git, entry.analysis, today));
      }
    }

    if (command === 'history') {
      const { file, shown, analysis } = single[0]!;
      const found = await versionsOf(file, analysis, config, today, undefined, new VersionAnalyses(config, today, single[0]!.chunkTrees).know(analysis.lines.text, analysis));
      if ('none' in found) throw new UsageError(`history of ${shown}: ${found.none}`);
      const trails = krTrails(found.versions);
      io.out(`${analysis.document.title ?? shown}: ${found.versions.filter((v) => v.commit).length} commit${found.versions.length === 1 ? '' : 's'}${found.versions.some((v) => !v.commit) ? ' and the working copy' : ''}`);
      for (const { kr, points } of trails) {
        io.out('');
        io.out(`${kr.id ? `${kr.id} ` : ''}${kr.text}`);
        for (const p of points) {
          const value = p.current ?? '—';
          io.out(`  ${p.date.slice(0, 10)}  ${p.commit ? p.commit.slice(0, 7) : 'working'}  current ${value.padEnd(10)}  confidence ${p.confidence === null ? '—' : String(p.confidence)}  score ${p.score === null ? '—' : p.score.toFixed(2)}`);
        }
      }
      return exitFor(0);
    }

    // The workspace: the checked documents, every other OKR document under the workspace root, and the files links point to.
    const index = new WorkspaceIndex(config, () => today);
    const keyOf = (file: string): string => file.split(path.sep).join('/');
    for (const { file, analysis } of single) index.setAnalysis(keyOf(file), analysis);
    const cache = values.cache || values['cache-location'] !== undefined ? SummaryCache.load(path.resolve(io.cwd, values['cache-location'] ?? path.join(root, '.okr-lens-cache.json')), config) : null;
    const loaded = await loadWorkspace(index, root, { base, include: config.include, exclude: config.exclude, detectExplicit: false }, keyOf, {
      config,
      today,
      cache,
      texts: command === 'rollup' ? read.map((r) => ({ key: keyOf(r.file), text: r.text })) : [],
    });
    for (const problem of loaded) io.err(`okr-lens: ${problem}`);
    const cacheProblem = cache?.save();
    if (cacheProblem) io.err(`okr-lens: could not write the cache ${display(io.cwd, cache!.file)}: ${cacheProblem}`);
    const shownKey = (key: string): string => display(io.cwd, key.split('/').join(path.sep));
    const relatedShown = (f: Finding): Finding => withRelatedPaths(f, shownKey);

    if (command === 'rollup' && (values.since !== undefined || values.staged)) {
      if (format === 'html') throw new UsageError('--since goes with the text, markdown and json formats');
      const since = values.since ?? 'HEAD';
      const what = values.staged ? 'staged changes' : 'working tree';
      let repo: string;
      try {
        repo = await repositoryRoot(root);
        await resolveRef(repo, since);
      } catch (error) {
        throw new UsageError(`--since ${since}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const before = new WorkspaceIndex(config, () => today);
      const after = values.staged ? new WorkspaceIndex(config, () => today) : index;
      const selection = { base, include: config.include, exclude: config.exclude, detectExplicit: false };
      const at = await documentsAtRef(repo, since, index.keys(), {
        staged: values.staged === true,
        toFile: (key) => key.split('/').join(path.sep),
        toKey: keyOf,
        isOkr: (file, text) => isOkrText(file, selection, () => text.slice(0, 65_536)),
      });
      // Most documents are unchanged since the ref: with --cache their summaries come from it; the rest are parsed on all cores.
      const texts = (map: Map<string, string>): Array<{ key: string; text: string }> => [...map].map(([key, text]) => ({ key, text }));
      for (const summary of await summarizeCached(texts(at.before), config, today, cache)) before.set(summary);
      if (at.staged) for (const summary of await summarizeCached(texts(at.staged), config, today, cache)) after.set(summary);
      // Documents deleted since the ref count where they lay under the paths asked about.
      const asked = (paths.length > 0 ? paths : ['.']).map((p) => path.resolve(io.cwd, p));
      const under = (key: string): boolean =>
        asked.some((p) => {
          const rel = path.relative(p, key.split('/').join(path.sep));
          return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
        });
      const gone = new Set([...at.before.keys()].filter((key) => !after.has(key) && under(key)));
      const rows = rollupDelta(before.graph(), after.graph()).filter((r) => read.some((a) => keyOf(a.file) === r.path) || gone.has(r.path) || r.level === 'company' || r.kind === 'document');
      if (printed++ > 0) io.out('');
      if (format === 'json') io.out(JSON.stringify({ version: 1, since, compared: values.staged ? 'index' : 'working-tree', rows: rows.map((r) => ({ ...r, id: shownKey(r.path) + r.id.slice(r.path.length), path: shownKey(r.path) })) }, null, 2));
      else if (format === 'markdown') io.out(deltaMarkdown(rows, since, what, shownKey).trimEnd());
      else for (const line of deltaLines(rows, since, what, shownKey)) io.out(line);
      continue;
    }

    if (command === 'rollup') {
      const graph = index.graph();
      const shown = visibleIds(graph, new Set(read.map((a) => keyOf(a.file))));
      if (format === 'json') {
        io.out(JSON.stringify(rollupReport(graph, shown, shownKey, version, today.toISOString().slice(0, 10)), null, 2));
        continue;
      }
      const message = treeMessage(graph, index.version, config.ragBands, shownKey, false, shown);
      if (printed++ > 0) io.out('');
      if (format === 'markdown') io.out(rollupMarkdown(message).trimEnd());
      else if (format === 'html') io.out(htmlPage(message));
      else for (const line of rollupTreeLines(message, style)) io.out(line);
      continue;
    }

    const result = reportWorkspace(index, single.map((a) => ({ key: keyOf(a.file), analysis: a.analysis, history: gitHistories.get(a.file) ?? null })), { config, today });
    result.documents.forEach(({ report }, i) => {
      const a = single[i]!;
      analysed.push({ file: a.file, shown: a.shown, analysis: { ...report, findings: report.findings.map(relatedShown), suppressed: report.suppressed.map((s) => ({ ...s, finding: relatedShown(s.finding) })) } });
    });
  }
  if (documents === 0) io.err('okr-lens: no OKR documents found (SPEC §1: *okr*.md, front matter `okr: true`, or an H1 naming OKRs)');
  if (command !== 'check') return exitFor(0);

  const errors = analysed.reduce((n, a) => n + a.analysis.findings.filter((f) => f.severity === 'error').length, 0);
  if (values['list-suppressions']) {
    const lines = analysed.flatMap(({ shown, analysis }) => suppressionLines(shown, analysis));
    for (const line of lines) io.out(line);
    io.out(`${lines.length} suppression${lines.length === 1 ? '' : 's'} in ${analysed.length} document${analysed.length === 1 ? '' : 's'}`);
    return exitFor(errors);
  }
  if (format === 'sarif') {
    // %SRCROOT% is the workspace's repository (or the workspace root outside git), as code scanning expects; a file outside it gets its own file URI.
    const srcRoot = groups.list[0] ? (gitRoot(groups.list[0].root) ?? groups.list[0].root) : io.cwd;
    const uri = (shown: string): string => {
      const file = path.resolve(io.cwd, shown);
      const rel = path.relative(srcRoot, file);
      return rel.startsWith('..') || path.isAbsolute(rel) ? pathToFileURL(file).href : rel.split(path.sep).join('/');
    };
    const files = analysed.map((a) => ({
      path: uri(a.shown),
      analysis: { ...a.analysis, findings: a.analysis.findings.map((f) => withRelatedPaths(f, uri)), suppressed: a.analysis.suppressed.map((s) => ({ ...s, finding: withRelatedPaths(s.finding, uri) })) },
    }));
    io.out(JSON.stringify(sarifLog(files, rules, version, homepage, `${pathToFileURL(srcRoot).href.replace(/\/?$/, '/')}`), null, 2));
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

/** A finding whose related locations in other files are named by `name` (an index key as shown, a SARIF URI). */
function withRelatedPaths(f: Finding, name: (path: string) => string): Finding {
  return f.related.some((r) => r.path) ? { ...f, related: f.related.map((r) => (r.path ? { ...r, path: name(r.path) } : r)) } : f;
}

/** The self-contained page: the webview's script and stylesheet inlined (media/, next to out/ in the package). */
function htmlPage(message: ReturnType<typeof treeMessage>): string {
  const media = path.join(__dirname, '..', 'media');
  const read = (name: string): string => {
    try {
      return fs.readFileSync(path.join(media, name), 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${path.join(media, name)} for the HTML page (run npm run build): ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const nonce = Buffer.from(Array.from({ length: 16 }, () => Math.floor(Math.random() * 256))).toString('base64');
  return treePageHtml({ title: 'OKR rollup', nonce, inline: { script: read('tree.js'), style: read('tree.css'), data: message } });
}

/**
 * Applies fix-all to a file: the new text goes to a temporary file in the same
 * folder (same mode), which then replaces the original in one rename, so a
 * crash never leaves half a file. The fixes insert the document's own line
 * endings; the final newline is kept as it was. Returns the error message if
 * the file could not be written.
 */
function fixFile(file: string, text: string, config: LensConfig, today: Date): { text: string; count: number } | string {
  const all = fixAll(text, { config, today });
  if (!all) return { text, count: 0 };
  let next = applyEdits(text, [all.edit]);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (/\r?\n$/.test(text) && !/\r?\n$/.test(next)) next += eol;
  if (!/\r?\n$/.test(text)) next = next.replace(/\r?\n$/, '');
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.okr-lens-${process.pid}-${Date.now()}.tmp`);
  try {
    const { mode } = fs.statSync(file);
    fs.writeFileSync(tmp, next, { mode, flag: 'wx' });
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    return error instanceof Error ? error.message : String(error);
  }
  return { text: next, count: all.fixed };
}

/** A document's text, or why it cannot be checked: unreadable, or binary (NUL bytes). Invalid UTF-8 reads as U+FFFD. */
function readText(file: string): string | { problem: string } {
  let text: string;
  try {
    text = readDocument(file);
  } catch (error) {
    return { problem: error instanceof Error ? error.message.replace(/^cannot read '[^']*': /, 'cannot read it: ') : String(error) };
  }
  if (text.includes('\u0000')) return { problem: 'it is a binary file (it contains NUL bytes), not Markdown' };
  return text;
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
  // `okr-lens rollup | head`: a closed pipe ends the output, not in a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  void run(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    cwd: process.cwd(),
    isTTY: process.stdout.isTTY === true,
    env: process.env,
  }).then((code) => {
    process.exitCode = code;
  });
}
