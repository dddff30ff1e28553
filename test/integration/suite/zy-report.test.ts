import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CheckReport } from '../../../src/core/report/json';
import type { OkrLensApi } from '../../../src/extension';
import { examples, wrap } from '../../rule-examples';
import { activated, diagnosticLines, indexSettled, lensTitles, revertAndClose, SEVERITY, until } from './helpers';
import { repoRoot } from './node-helpers';

/**
 * One report, two hosts: for every OKR document of the workspace (the
 * examples, committed to git by the history suite, and every rule page's Bad
 * and Good examples written next to them), the editor's diagnostics and
 * quality lenses say what `okr-lens check --format json` says for the same
 * files: the same findings (rule, severity, place, message) and the same
 * quality of each objective and of the document.
 */
describe('one report: the editor and okr-lens check agree', function () {
  this.timeout(600_000);
  let api: OkrLensApi;
  let root: string;
  const folder = 'rule-examples';

  before(async () => {
    api = await activated();
    root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const repo = repoRoot();
    const rulesDir = path.join(repo, 'docs', 'rules');
    let written = 0;
    for (const page of fs.readdirSync(rulesDir).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
      const text = fs.readFileSync(path.join(rulesDir, page), 'utf8');
      for (const section of ['Bad', 'Good'] as const) {
        examples(text, section).forEach((example, i) => {
          // A document's locked and current versions need a history of their own: the unit tests check those.
          if (example.some((f) => f.file === 'locked' || f.file === 'now')) return;
          const dir = path.join(root, folder, page.slice(0, -3), `${section.toLowerCase()}-${i + 1}`);
          for (const f of example) {
            const file = path.join(dir, ...(f.file ?? 'doc.okr.md').split('/'));
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, f.file === null ? wrap(f.text) : `${f.text}\n`);
            written++;
          }
        });
      }
    }
    assert.ok(written > 60, `${written} example files`);
    await until(
      () => api.engine.workspace.index.keys().filter((k) => k.includes(`/${folder}/`)).length > 0,
      'the rule examples in the workspace index',
      60_000,
    );
    await indexSettled(api, 2000);
  });

  after(async () => {
    await revertAndClose();
    fs.rmSync(path.join(root, folder), { recursive: true, force: true });
    await until(() => !api.engine.workspace.index.keys().some((k) => k.includes(`/${folder}/`)), 'the rule examples to leave the index', 60_000);
  });

  it('gives the same findings and quality for every document', async () => {
    const cli = path.join(repoRoot(), 'out', 'cli.js');
    const run = spawnSync(process.execPath, [cli, 'check', '.', '--format', 'json'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      maxBuffer: 256 * 1024 * 1024,
    });
    assert.ok(run.stdout.startsWith('{'), `okr-lens check printed no report (exit ${run.status}): ${run.stderr}`);
    const report = JSON.parse(run.stdout) as CheckReport;
    const okr = report.files.filter((f) => f.kind === 'okr');
    assert.ok(okr.length > 60 && okr.some((f) => !f.path.startsWith(folder)), `${okr.length} OKR documents checked`);
    const mismatches: string[] = [];
    let findings = 0;
    for (const file of report.files) {
      const uri = vscode.Uri.file(path.join(root, ...file.path.split('/')));
      const expected = file.diagnostics.map((d) => `${d.line}:${d.column} ${d.ruleId} ${SEVERITY[d.severity]} ${d.message}`).sort();
      findings += expected.length;
      const seen = (): string[] => diagnosticLines(uri);
      await vscode.workspace.openTextDocument(uri);
      // Diagnostics arrive after the analysis, and the git-aware ones after git has been read.
      // Once they differ somewhere, a short wait per document is enough to list where else.
      const wait = mismatches.length === 0 ? 20_000 : 1_000;
      const same = await until(() => JSON.stringify(seen()) === JSON.stringify(expected), `${file.path}`, wait).catch(() => false);
      if (!same) mismatches.push(`${file.path}: findings differ\n  okr-lens check: ${expected.join('\n    ')}\n  editor: ${seen().join('\n    ')}`);
      if (mismatches.length >= 8) break;
      if (file.kind !== 'okr') continue;
      const lenses = await lensTitles(uri);
      for (const objective of file.objectives) {
        const lens = lenses.find((l) => l.line === objective.line && l.title.startsWith('Objective '));
        const editor = lens ? /quality (\d+)\/100/.exec(lens.title)?.[1] : undefined;
        if (editor !== String(objective.quality.score))
          mismatches.push(`${file.path}:${objective.line}: quality ${objective.quality.score} from okr-lens check, lens “${lens?.title}”`);
      }
      const title = lenses.find((l) => /score .* · health: /.test(l.title));
      const lensQuality = title ? (/ · quality (\d+)\/100$/.exec(title.title)?.[1] ?? null) : null;
      const cliQuality = file.quality.score !== null && file.quality.lost.length > 0 ? String(file.quality.score) : null;
      if (title && lensQuality !== cliQuality) mismatches.push(`${file.path}: document quality ${cliQuality} from okr-lens check, lens “${title.title}”`);
    }
    assert.deepEqual(mismatches, []);
    assert.ok(findings > 50, `${findings} findings compared`);
  });
});
