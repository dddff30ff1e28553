import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { dismissNotifications, launchChromium, openWorkbench, quickOpen, root, startServer } from '../../src/tools/vscode';

/**
 * End to end, as a person would: the offline VS Code server's page in headless
 * Chromium, driven with Playwright. Opens examples/ (plus a document whose
 * titles carry `<script>` and `<img onerror>` text), runs "OKR Lens: Show
 * Alignment Tree" from the command palette, reads the rendered tree and its
 * scores from the webview's DOM, clicks a node and checks that the editor
 * shows the right file and line. Then, with the workspace committed to git,
 * a check-in written to disk and "OKR Lens: Preview Rollup Before Commit",
 * reads each node's change since HEAD from the same webview. Takes a
 * screenshot of each (`npm run screenshot:tree` writes them to
 * docs/alignment-tree.png and docs/rollup-preview.png).
 */

const HOSTILE_TEAM = 'Red Team <script>alert(1)</script>';
const HOSTILE_OBJECTIVE = 'Win <img src=x onerror=alert(1)> hearts';
const HOSTILE_DOC = [
  '# Q4 2026 OKRs — Red Team \\<script>alert(1)\\</script>',
  '',
  '## Context',
  '',
  '- Biggest risk: nobody reads this',
  '',
  '## Objective 1: Win `<img src=x onerror=alert(1)>` hearts',
  'Supports: CO-2',
  '',
  '| KR | Baseline | Target | Current | Owner | Confidence |',
  '|----|----------|--------|---------|-------|------------|',
  '| Pen tests passed | 2 | 10 | 6 | \\<img src=y onerror=alert(2)> | 0.5 |',
  '| Findings fixed within 7 days | 40% | 90% | 70% | Eve | 0.5 |',
  '',
  "## What we're NOT doing this quarter",
  '',
  '- Bug bounties',
  '',
].join('\n');

interface Row {
  id: string;
  title: string;
  score: string | null;
  rolledUp: string | null;
  rag: string | null;
  path: string | null;
  line: string | null;
  level: string | null;
}

async function treeFrame(page: Page, timeoutMs: number): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (
        await frame
          .locator('#okr-lens-root [role="treeitem"]')
          .count()
          .catch(() => 0)
      )
        return frame;
    }
    if (Date.now() > deadline) throw new Error('no webview frame with a rendered alignment tree');
    await page.waitForTimeout(250);
  }
}

async function rows(frame: Frame): Promise<Row[]> {
  return frame.locator('#okr-lens-root [role="treeitem"]').evaluateAll((items) =>
    items.map((li) => ({
      id: li.getAttribute('data-id') ?? '',
      title: li.querySelector('.title')?.textContent ?? '',
      score: li.getAttribute('data-score'),
      rolledUp: li.getAttribute('data-rolled-up-score'),
      rag: li.getAttribute('data-rag'),
      path: li.getAttribute('data-path'),
      line: li.getAttribute('data-line'),
      level: li.getAttribute('aria-level'),
    })),
  );
}

async function command(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget input.input', { state: 'visible', timeout: 10_000 });
  await page.keyboard.type(title);
  await page.waitForTimeout(600);
  await page.keyboard.press('Enter');
}

/**
 * `hostile`: add the document with `<script>` titles (the docs screenshot shows examples/ only).
 * `vsix`: the packaged extension to install and test (the launcher's run); null loads it from this folder.
 */
export async function runEndToEnd(
  screenshot = path.join(root, 'out', 'test', 'integration', 'alignment-tree.png'),
  hostile = true,
  vsix: string | null = null,
): Promise<void> {
  const ws = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'okr-lens-e2e-')), 'examples');
  fs.cpSync(path.join(root, 'examples'), ws, { recursive: true });
  if (hostile) {
    fs.mkdirSync(path.join(ws, 'teams', 'red-team'), { recursive: true });
    fs.writeFileSync(path.join(ws, 'teams', 'red-team', 'q4-2026.okr.md'), HOSTILE_DOC);
  }
  // A repository whose HEAD is the workspace as it is, for the rollup preview.
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Maria',
    GIT_AUTHOR_EMAIL: 'maria@example.com',
    GIT_COMMITTER_NAME: 'Maria',
    GIT_COMMITTER_EMAIL: 'maria@example.com',
  };
  execFileSync('git', ['init', '-q'], { cwd: ws, env });
  execFileSync('git', ['add', '-A'], { cwd: ws, env });
  execFileSync('git', ['commit', '-q', '-m', 'Q4 plan'], { cwd: ws, env });
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'okr-lens-e2e-ud-'));
  const { port, server } = await startServer(userDataDir, {}, [], {}, vsix);
  const browser = await launchChromium();
  const dialogs: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await openWorkbench(page, port, ws, vsix ? null : root);
    // Open the company document (activates the extension), then the tree beside it.
    await quickOpen(page, 'company/q4-2026.okr.md');
    await command(page, 'OKR Lens: Show Alignment Tree');
    const frame = await treeFrame(page, 60_000);
    await frame
      .waitForSelector(`[role="treeitem"][data-path="${hostile ? 'teams/red-team' : 'teams/sales'}/q4-2026.okr.md"]`, { state: 'attached', timeout: 30_000 })
      .catch(async (error: unknown) => {
        await page.screenshot({ path: path.join(os.tmpdir(), 'okr-lens-e2e-failure.png') });
        throw new Error(
          `${error instanceof Error ? error.message : String(error)}\nrows: ${(await rows(frame)).map((r) => `${r.level} ${r.title} ${r.path}`).join('\n')}`,
        );
      });

    // The tree as rendered: company → team → individual, with own and rolled-up scores.
    const shown = await rows(frame);
    const byTitle = (t: string): Row => {
      const r = shown.find((x) => x.title === t);
      assert.ok(r, `no row "${t}" in ${shown.map((x) => x.title).join(' | ')}`);
      return r;
    };
    assert.equal(shown[0]!.title, 'Q4 2026 OKRs — Northwind Analytics');
    const co1 = byTitle('Become the fastest way for a data team to onboard');
    assert.deepEqual([co1.level, Number(co1.score).toFixed(2), Number(co1.rolledUp).toFixed(2), co1.rag], ['2', '0.57', '0.64', 'green']);
    const growth1 = byTitle('Make self-serve onboarding so fast that new teams see value in their first session');
    assert.deepEqual(
      [growth1.level, Number(growth1.score).toFixed(2), Number(growth1.rolledUp).toFixed(2), growth1.path],
      ['3', '0.66', '0.65', 'teams/growth/q4-2026.okr.md'],
    );
    const text = await frame.locator(`[role="treeitem"][data-id="${co1.id}"] > .row`).innerText();
    assert.match(text, /own 0\.57 · rolled up 0\.64/);

    if (hostile) {
      // Document text reaches the DOM as text: no element, no script, no dialog.
      const row = byTitle(HOSTILE_OBJECTIVE);
      assert.equal(row.path, 'teams/red-team/q4-2026.okr.md');
      assert.equal(await frame.locator('img').count(), 0, 'an <img> element was created from document text');
      assert.ok((await frame.locator('[role="tree"]').innerText()).includes(HOSTILE_OBJECTIVE));
      assert.ok(
        (await frame.locator('select option').allTextContents()).some((o) => o.includes(HOSTILE_TEAM)),
        'the hostile team name is a plain option',
      );
      assert.equal(await frame.locator('[role="tree"] script').count(), 0);
    }

    // Expand Sarah's level: an individual objective under the Growth one.
    await frame.locator(`[role="treeitem"][data-id="${growth1.id}"] > .row .chevron`).click();
    await frame.waitForSelector('[role="treeitem"][aria-level="4"]', { timeout: 10_000 });
    const sarah = (await rows(frame)).find((r) => r.title === 'Take the friction out of connecting a first data source');
    assert.ok(sarah, 'the individual objective under Growth');
    assert.equal(Number(sarah.score).toFixed(2), '0.65');

    // The screenshot: the workbench's own notifications dismissed, the side bar hidden to give the tree room.
    await dismissNotifications(page);
    await page.keyboard.press('Control+B');
    await page.waitForTimeout(800);
    fs.mkdirSync(path.dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot });

    // Click a node: the editor opens its file at its line.
    const target = byTitle('Make word-of-mouth a channel we can count on');
    await frame.locator(`[role="treeitem"][data-id="${target.id}"] > .row .title`).click();
    // The active editor is teams/growth/q4-2026.okr.md (its breadcrumbs), scrolled to the objective's heading.
    await page
      .waitForFunction(
        () => {
          const group = document.querySelector('.editor-group-container.active');
          const crumbs = group?.querySelector('.breadcrumbs-control')?.textContent ?? '';
          return (
            /teams.*growth.*q4-2026\.okr\.md/s.test(crumbs) &&
            Array.from(group?.querySelectorAll('.view-line') ?? []).some((l) =>
              (l.textContent ?? '').replace(/\u00a0/g, ' ').includes('Objective 3: Make word-of-mouth a channel'),
            )
          );
        },
        undefined,
        { timeout: 20_000 },
      )
      .catch(async (error: unknown) => {
        const crumbs = await page.locator('.editor-group-container.active .breadcrumbs-control').allInnerTexts();
        await page.screenshot({ path: path.join(os.tmpdir(), 'okr-lens-e2e-failure.png') });
        throw new Error(`${error instanceof Error ? error.message : String(error)}\nbreadcrumbs: ${crumbs.join(' / ')}`);
      });
    await page.waitForFunction(
      (line) => /Ln (\d+)/.exec(document.querySelector('[id="status.editor.selection"]')?.textContent ?? '')?.[1] === line,
      target.line,
      { timeout: 10_000 },
    );

    // A check-in that meets the conversion target, not committed: the preview shows what it moves.
    const growthFile = path.join(ws, 'teams', 'growth', 'q4-2026.okr.md');
    const before = fs.readFileSync(growthFile, 'utf8');
    assert.ok(before.includes('| 9% | 16% | 13% |'));
    fs.writeFileSync(growthFile, before.replace('| 9% | 16% | 13% |', '| 9% | 16% | 16% |'));
    await command(page, 'OKR Lens: Preview Rollup Before Commit');
    await frame.waitForSelector('#okr-lens-root .compare-text', { timeout: 30_000 });
    await frame.waitForSelector('[role="treeitem"][data-delta]', { state: 'attached', timeout: 30_000 });
    const header = await frame.locator('#okr-lens-root .compare-text').innerText();
    assert.match(header, /^Rollup since HEAD \([0-9a-f]{7}\), the working copy, unsaved edits included: \d+ changes$/);
    // "Changes only" opens the way to every change, the KR itself included.
    await frame.locator('button.changed-toggle').click();
    const kr = frame.locator('[role="treeitem"][data-delta][data-path="teams/growth/q4-2026.okr.md"][data-line="16"]');
    await kr.waitFor({ state: 'attached', timeout: 10_000 });
    assert.equal(await kr.getAttribute('data-delta'), '0.57 → 1.00 (+0.43) · Amber → Stretch');
    assert.match(await kr.locator(':scope > .row .delta').innerText(), /0\.57 → 1\.00 \(\+0\.43\) · Amber → Stretch/);
    assert.equal(
      await frame.locator('.compare-document[data-path="teams/growth/q4-2026.okr.md"] .delta.delta-up').count(),
      1,
      'the Growth team rollup moved up',
    );
    const previewShot = path.join(path.dirname(screenshot), 'rollup-preview.png');
    await dismissNotifications(page);
    await page.screenshot({ path: previewShot });

    assert.deepEqual(dialogs, [], 'no dialog was opened by document text');
    console.log(
      `e2e: ${shown.length} tree items rendered; clicking “${target.title}” opened ${target.path}:${target.line}; the rollup preview shows the check-in's KR at ${await kr.getAttribute('data-delta')}; screenshots: ${path.relative(root, screenshot)}, ${path.relative(root, previewShot)}`,
    );
  } finally {
    await browser.close();
    server.kill();
    await new Promise((resolve) => (server.exitCode === null ? server.once('exit', resolve) : resolve(null)));
    for (const dir of [path.dirname(ws), userDataDir]) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

// `node out/test/integration/e2e.js` runs it alone; the integration launcher imports it.
if (/e2e\.js$/.test(process.argv[1] ?? '')) {
  const at = process.argv.indexOf('--screenshot');
  runEndToEnd(at > 0 ? path.resolve(process.argv[at + 1]!) : undefined, at < 0).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
