import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_CONFIG } from '../../src/core/config/config';
import { rules, workspaceCheck } from '../../src/core/index';
import { formatScore } from '../../src/core/score/rag';
import { previewMessage, rollupDelta } from '../../src/core/history/delta';
import { buildGraph, type WorkspaceGraph } from '../../src/core/workspace/graph';
import { escapeHtml, jsonForScript, treePageHtml } from '../../src/core/workspace/page';
import { HostMessageSchema, treeMessage, type TreeMessage, type TreeNode } from '../../src/core/workspace/protocol';
import { summarize } from '../../src/core/workspace/summary';
import { examplesDir, markdownFilesUnder, repoRoot } from './helpers';

const scriptPath = path.join(repoRoot, 'media', 'tree.js');
const stylePath = path.join(repoRoot, 'media', 'tree.css');

let examples: TreeMessage | null = null;

/** The tree message of the example workspace, as the CLI builds it (paths relative to the repository); a fresh copy each call. */
function examplesMessage(version = 1, canOpen = false): TreeMessage {
  examples ??= buildExamplesMessage();
  return { ...structuredClone(examples), version, canOpen };
}

const relative = (key: string): string => path.posix.relative(repoRoot.split(path.sep).join('/'), key);

/** The example workspace's graph; `edit` may change a document's text (by its path relative to examples/) first. */
function examplesGraph(edit: (rel: string, text: string) => string = (_rel, text) => text): WorkspaceGraph {
  const docs = markdownFilesUnder(examplesDir).map((file) =>
    summarize(
      file.split(path.sep).join('/'),
      edit(path.relative(examplesDir, file).split(path.sep).join('/'), fs.readFileSync(file, 'utf8')),
      DEFAULT_CONFIG,
      new Date('2026-11-23'),
    ),
  );
  return buildGraph(docs, { ragBands: DEFAULT_CONFIG.ragBands, check: workspaceCheck(DEFAULT_CONFIG, rules) });
}

function buildExamplesMessage(): TreeMessage {
  return treeMessage(examplesGraph(), 1, DEFAULT_CONFIG.ragBands, relative, false);
}

function node(partial: Partial<TreeNode> & Pick<TreeNode, 'id' | 'kind' | 'title'>): TreeNode {
  return {
    level: 'team',
    team: 'Team',
    owner: null,
    score: null,
    rolledUpScore: null,
    rag: null,
    explanation: '',
    path: 'team.okr.md',
    line: 1,
    children: [],
    ...partial,
  };
}

const HOSTILE = [
  '</script><script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '</style><style>body{display:none}</style>',
  '<!--<script>alert(2)//',
  '&lt;b&gt;bold&amp;\u2028\u2029',
];

/** Every piece of text in it is hostile: titles, owner, team, explanation, path. */
function hostileMessage(): TreeMessage {
  const krs = HOSTILE.map((title, i) =>
    node({
      id: `doc#o/kr-${i + 1}`,
      kind: 'keyResult',
      title,
      owner: HOSTILE[(i + 1) % HOSTILE.length]!,
      team: HOSTILE[1]!,
      score: 0.5,
      rolledUpScore: 0.5,
      rag: 'amber',
      explanation: HOSTILE[i]!,
      path: `teams/${HOSTILE[0]}.md`,
      line: 10 + i,
    }),
  );
  const objective = node({
    id: 'doc#o',
    kind: 'objective',
    title: HOSTILE[1]!,
    owner: HOSTILE[2]!,
    team: HOSTILE[1]!,
    score: 0.5,
    rolledUpScore: 0.5,
    rag: 'amber',
    explanation: HOSTILE[0]!,
    line: 3,
    children: krs,
  });
  const doc = node({
    id: 'doc',
    kind: 'document',
    title: HOSTILE[0]!,
    team: HOSTILE[1]!,
    owner: HOSTILE[3]!,
    score: 0.5,
    rolledUpScore: 0.5,
    rag: 'amber',
    children: [objective],
  });
  return {
    type: 'tree',
    version: 1,
    roots: [doc],
    teams: [{ team: HOSTILE[1]!, level: 'team', score: 0.5, rolledUpScore: 0.5, rag: 'amber' }],
    bands: DEFAULT_CONFIG.ragBands,
    canOpen: false,
  };
}

/** The JSON between `<script type="application/json" id="okr-lens-data">` and its `</script>`. */
function embeddedJson(html: string): string {
  const m = /<script type="application\/json" id="okr-lens-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, 'no #okr-lens-data element in the page');
  return m[1]!;
}

function walk(roots: readonly TreeNode[], visit: (n: TreeNode, level: number) => void, level = 1): void {
  for (const n of roots) {
    visit(n, level);
    walk(n.children, visit, level + 1);
  }
}

function byId(message: TreeMessage): Map<string, TreeNode> {
  const map = new Map<string, TreeNode>();
  walk(message.roots, (n) => map.set(n.id, n));
  return map;
}

describe('webview: treePageHtml', () => {
  it('webview mode: a strict CSP with the nonce, the script and stylesheet from webview URIs, nothing inline', () => {
    const html = treePageHtml({
      title: 'OKR alignment',
      nonce: 'n0nce',
      webview: {
        cspSource: 'https://x.vscode-cdn.net',
        scriptUri: 'https://x.vscode-cdn.net/media/tree.js',
        styleUri: 'https://x.vscode-cdn.net/media/tree.css?a=1&b=2',
      },
    });
    assert.ok(
      html.includes(
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src https://x.vscode-cdn.net; script-src 'nonce-n0nce'; img-src https://x.vscode-cdn.net data:; font-src https://x.vscode-cdn.net;">`,
      ),
      html,
    );
    assert.ok(html.includes('<script nonce="n0nce" src="https://x.vscode-cdn.net/media/tree.js"></script>'));
    assert.ok(html.includes('<link rel="stylesheet" href="https://x.vscode-cdn.net/media/tree.css?a=1&#38;b=2">'));
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.ok(!html.includes('<style'));
    assert.ok(!html.includes('okr-lens-data'));
    assert.ok(html.includes('<noscript>'));
    assert.ok(html.includes('<title>OKR alignment</title>'));
  });

  it('static mode: the CSP allows only the nonce, and the embedded JSON has no raw < > & or line separators yet parses back to the same message', () => {
    const message = hostileMessage();
    const html = treePageHtml({
      title: 'a </title><script>alert(1)</script>',
      nonce: 'abc',
      inline: { script: 'console.log("</script>")', style: 'p::after{content:"</style>"}', data: message },
    });
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-abc'; script-src 'nonce-abc';">`), html);
    const json = embeddedJson(html);
    for (const c of ['<', '>', '&', '\u2028', '\u2029']) assert.ok(!json.includes(c), `raw ${JSON.stringify(c)} in the embedded JSON`);
    assert.ok(json.includes('\\u003c/script\\u003e'));
    assert.deepEqual(JSON.parse(json), message);
    assert.ok(HostMessageSchema.safeParse(JSON.parse(json)).success);
    // The title is text; the inlined code cannot close its element; only the two scripts exist.
    assert.ok(html.includes('<title>a &#60;/title&#62;&#60;script&#62;alert(1)&#60;/script&#62;</title>'));
    assert.ok(html.includes('console.log("<\\/script>")'));
    assert.ok(html.includes('p::after{content:"<\\/style>"}'));
    assert.equal(html.match(/<script/gi)?.length, 2);
    assert.equal(html.match(/<\/script/gi)?.length, 2);
    assert.equal(html.match(/<\/style/gi)?.length, 1);
    assert.ok(html.includes('<script nonce="abc">') && html.includes('<style nonce="abc">'));
  });

  it('escapes and encodes helpers as documented', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
    assert.equal(jsonForScript({ s: '</script>\u2028&' }), '{"s":"\\u003c/script\\u003e\\u2028\\u0026"}');
    assert.deepEqual(JSON.parse(jsonForScript({ s: '</script>\u2028&' })), { s: '</script>\u2028&' });
    assert.throws(() => treePageHtml({ title: 't', nonce: 'n' }), /exactly one/);
  });
});

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 10));
  }
}

interface RowInfo {
  id: string;
  level: number;
  expanded: string | null;
  selected: string | null;
  tabindex: string | null;
  score: string | null;
  rolledUp: string | null;
  rag: string | null;
  path: string | null;
  line: string | null;
  tooltip: string | null;
  title: string;
  owner: string;
  scores: string;
  ragLabel: string;
  descendants: string[];
}

interface Opened {
  page: Page;
  dialogs: string[];
  /** Page errors, console errors and CSP violations. */
  problems: string[];
  warnings: string[];
}

describe('webview: the alignment tree in headless Chromium', function () {
  this.timeout(20000);
  let browser: Browser;
  let script: string;
  let style: string;
  const pages: Page[] = [];

  before(async function () {
    this.timeout(30000);
    assert.ok(fs.existsSync(scriptPath), `${path.relative(repoRoot, scriptPath)} is missing: run \`npm run build:webview\` first (npm test does)`);
    script = fs.readFileSync(scriptPath, 'utf8');
    style = fs.readFileSync(stylePath, 'utf8');
    // Loaded at run time, not bundled into the test.
    const { chromium } = createRequire(__filename)('playwright-core') as typeof import('playwright-core');
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
  });

  after(async () => {
    await browser?.close();
  });

  afterEach(async () => {
    await Promise.all(pages.splice(0).map((p) => p.close()));
  });

  async function newPage(): Promise<Opened> {
    const page = await browser.newPage();
    pages.push(page);
    const opened: Opened = { page, dialogs: [], problems: [], warnings: [] };
    page.on('dialog', (d) => {
      opened.dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => opened.problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') opened.problems.push(`console error: ${m.text()}`);
      if (m.type() === 'warning') opened.warnings.push(m.text());
    });
    // Chromium logs each CSP violation as a console error; the event catches them too on pages loaded by URL.
    await page.exposeFunction('__cspViolation', (text: string) => opened.problems.push(`CSP violation: ${text}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { __cspViolation(t: string): void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    return opened;
  }

  /** The static page of a message; `raw` replaces the embedded JSON text as is. */
  async function openStatic(message: TreeMessage, raw?: string, title = 'OKR alignment'): Promise<Opened> {
    let html = treePageHtml({ title, nonce: 'test-nonce-1', inline: { script, style, data: message } });
    if (raw !== undefined) html = html.replace(embeddedJson(html), () => raw);
    const opened = await newPage();
    await opened.page.setContent(html);
    await opened.page.waitForSelector('[role="treeitem"], .status.error');
    return opened;
  }

  function rows(page: Page): Promise<RowInfo[]> {
    return page.$$eval('[role="treeitem"]', (items) =>
      items.map((e) => ({
        id: e.getAttribute('data-id')!,
        level: Number(e.getAttribute('aria-level')),
        expanded: e.getAttribute('aria-expanded'),
        selected: e.getAttribute('aria-selected'),
        tabindex: e.getAttribute('tabindex'),
        score: e.getAttribute('data-score'),
        rolledUp: e.getAttribute('data-rolled-up-score'),
        rag: e.getAttribute('data-rag'),
        path: e.getAttribute('data-path'),
        line: e.getAttribute('data-line'),
        tooltip: e.getAttribute('title'),
        title: e.querySelector(':scope > .row .title')?.textContent ?? '',
        owner: e.querySelector(':scope > .row .owner')?.textContent ?? '',
        scores: e.querySelector(':scope > .row .scores')?.textContent ?? '',
        ragLabel: e.querySelector(':scope > .row .rag')?.textContent ?? '',
        descendants: [...e.querySelectorAll('[role="treeitem"]')].map((d) => d.getAttribute('data-id')!),
      })),
    );
  }

  const activeId = (page: Page): Promise<string | null> => page.evaluate(() => document.activeElement?.getAttribute('data-id') ?? null);
  const countText = (page: Page): Promise<string> => page.$eval('.count', (e) => e.textContent ?? '');

  it('renders the example workspace: rows with their scores, RAG, source places and the default expansion', async () => {
    const message = examplesMessage();
    const nodes = byId(message);
    const { page, problems, dialogs } = await openStatic(message);
    const shown = await rows(page);

    // Default: documents open, and every node at levels 1–2; deeper ones (team objectives) closed.
    const expected: string[] = [];
    const expect = (list: readonly TreeNode[], level: number): void => {
      for (const n of list) {
        expected.push(n.id);
        if (n.kind === 'document' || level <= 2) expect(n.children, level + 1);
      }
    };
    expect(message.roots, 1);
    assert.deepEqual(
      shown.map((r) => r.id),
      expected,
    );
    for (const r of shown) {
      const n = nodes.get(r.id)!;
      assert.equal(r.score, n.score === null ? '' : formatScore(n.score), r.id);
      assert.equal(r.rolledUp, n.rolledUpScore === null ? '' : formatScore(n.rolledUpScore), r.id);
      assert.equal(r.rag, n.rag ?? 'none');
      assert.equal(r.ragLabel, { red: 'Red', amber: 'Amber', green: 'Green', stretch: 'Stretch', none: 'Not scored' }[n.rag ?? 'none']);
      assert.equal(r.path, n.path);
      assert.ok(!path.isAbsolute(r.path!), r.path!);
      assert.equal(r.line, String(n.line));
      assert.equal(r.tooltip, `${n.explanation}\n${n.path}:${n.line}`);
      assert.equal(r.title, n.title);
      assert.equal(r.expanded, n.children.length > 0 ? String(n.kind === 'document' || r.level <= 2) : null);
      // Two scores only where they differ; a KR row never shows `own 0.71 · rolled up 0.71`.
      if (n.score !== null && n.score === n.rolledUpScore) assert.equal(r.scores, formatScore(n.score), r.id);
      else assert.match(r.scores, /^(own (\d\.\d\d|not started) · rolled up (\d\.\d\d|not started)|not started|no score: .+)$/);
    }
    const onboard = shown.find((r) => r.title === 'Become the fastest way for a data team to onboard')!;
    assert.deepEqual(
      [onboard.level, onboard.scores, onboard.rag, onboard.path, onboard.line],
      [2, 'own 0.57 · rolled up 0.64', 'green', 'examples/company/q4-2026.okr.md', '12'],
    );
    assert.equal(shown.find((r) => r.title === 'Median time to first dashboard')?.scores, '0.75');
    assert.match(onboard.tooltip!, /^mean of 0\.66 \(Growth: .*\) = 0\.64\nexamples\/company\/q4-2026\.okr\.md:12$/);
    const growth = shown.find((r) => r.title.startsWith('Make self-serve onboarding'))!;
    assert.deepEqual([growth.level, growth.expanded, growth.path], [3, 'false', 'examples/teams/growth/q4-2026.okr.md']);
    assert.equal(shown.find((r) => r.title === 'Make renewals predictable')!.scores, 'not started');
    assert.equal(await page.$eval('.kind-objective .team-tag', (e) => e.textContent), 'Northwind Analytics');

    // ARIA: one tree, groups under expanded rows, one tab stop, nothing selected yet.
    assert.equal(await page.$eval('[role="tree"]', (e) => e.getAttribute('aria-label')), 'OKR alignment: company, team and individual objectives');
    assert.equal(
      await page.$$eval('[role="treeitem"][aria-expanded="true"] > [role="group"]', (g) => g.length),
      shown.filter((r) => r.expanded === 'true').length,
    );
    assert.deepEqual(
      shown.filter((r) => r.tabindex === '0').map((r) => r.id),
      [message.roots[0]!.id],
    );
    assert.ok(shown.every((r) => r.selected === 'false'));
    assert.equal(await countText(page), '16 of 16 objectives shown');
    assert.deepEqual(await page.$$eval('.legend li', (items) => items.map((i) => i.textContent)), [
      'Red ≤ 0.30',
      'Amber ≤ 0.60',
      'Green ≤ 0.90',
      'Stretch > 0.90',
      'Not scored',
    ]);
    assert.deepEqual(await page.$$eval('select.team-filter option', (o) => o.map((x) => x.textContent)), [
      'All teams',
      'Northwind Analytics — 0.56 Amber',
      'Sarah Chen (Growth) — 0.61 Green',
      'Growth — 0.64 Green',
      'Platform — 0.54 Amber',
      'Sales — 0.45 Amber',
    ]);
    assert.deepEqual([problems, dialogs], [[], []]);
  });

  it('shows hostile document text as literal text: no element, script or dialog comes of it', async () => {
    const message = hostileMessage();
    const { page, problems, dialogs } = await openStatic(message, undefined, HOSTILE[0]);
    const shown = await rows(page);
    assert.deepEqual(
      shown.map((r) => r.title),
      [HOSTILE[0], HOSTILE[1], ...HOSTILE],
    );
    assert.equal(await page.title(), HOSTILE[0]);
    assert.equal(await page.$eval('.page-title', (e) => e.textContent), HOSTILE[0]);
    assert.equal(shown[1]!.owner, `owner ${HOSTILE[2]}`);
    assert.equal(shown[1]!.tooltip, `${HOSTILE[0]}\nteam.okr.md:3`);
    assert.equal(shown[2]!.path, `teams/${HOSTILE[0]}.md`);
    assert.equal(await page.$eval('.kind-objective .team-tag', (e) => e.textContent), HOSTILE[1]);
    assert.equal(await page.$eval('select.team-filter option:nth-child(2)', (e) => e.textContent), `${HOSTILE[1]} — 0.50 Amber`);
    const counts = await page.evaluate(() => ({
      scripts: document.scripts.length,
      styles: document.querySelectorAll('style').length,
      elements: document.querySelectorAll('img, a, iframe, object, embed, svg, [onerror], [onclick], [src]:not(script)').length,
      hidden: getComputedStyle(document.body).display,
    }));
    assert.deepEqual(counts, { scripts: 2, styles: 1, elements: 0, hidden: 'block' });
    await page.click('[role="treeitem"][data-id="doc#o/kr-1"] > .row');
    assert.deepEqual([problems, dialogs, page.url()], [[], [], 'about:blank']);
  });

  it('narrows the rows by team, RAG and search, keeping the ancestors of what matches', async () => {
    const message = examplesMessage();
    const nodes = byId(message);
    const { page, problems } = await openStatic(message);
    const total = [...nodes.values()].filter((n) => n.kind === 'objective').length;

    /** Every row matches, or is an ancestor of a shown row that matches; every match is shown. */
    const check = async (label: string, match: (n: TreeNode) => boolean): Promise<RowInfo[]> => {
      const shown = await rows(page);
      const ids = new Set(shown.map((r) => r.id));
      for (const r of shown)
        assert.ok(match(nodes.get(r.id)!) || r.descendants.some((d) => match(nodes.get(d)!)), `${label}: ${r.title} neither matches nor leads to a match`);
      const wanted = [...nodes.values()].filter(match).map((n) => n.id);
      assert.ok(wanted.length > 0, label);
      for (const id of wanted) assert.ok(ids.has(id), `${label}: ${id} is not shown`);
      assert.ok(shown.length < nodes.size, `${label}: nothing was filtered`);
      assert.equal(await countText(page), `${shown.filter((r) => nodes.get(r.id)!.kind === 'objective').length} of ${total} objectives shown`);
      return shown;
    };

    await page.selectOption('select.team-filter', 'Platform');
    const platform = await check('team Platform', (n) => n.team === 'Platform');
    assert.ok(!platform.some((r) => nodes.get(r.id)!.team === 'Sales'));
    assert.ok(
      platform.some((r) => r.title === 'Earn trust at scale — reliability data teams can bet on'),
      'the company objective Platform supports stays as an ancestor',
    );

    await page.selectOption('select.team-filter', '');
    await page.click('button[data-rag="red"]');
    assert.equal(await page.$eval('button[data-rag="red"]', (b) => b.getAttribute('aria-pressed')), 'true');
    await check('RAG red', (n) => n.rag === 'red');
    await page.click('button[data-rag="stretch"]');
    await check('RAG red or stretch', (n) => n.rag === 'red' || n.rag === 'stretch');
    await page.click('button[data-rag="red"]');
    await page.click('button[data-rag="stretch"]');

    await page.fill('input.search', 'SARAH');
    const sarah = await check('search sarah', (n) => n.title.toLowerCase().includes('sarah') || (n.owner ?? '').toLowerCase().includes('sarah'));
    assert.ok(sarah.some((r) => r.title === 'Take the friction out of connecting a first data source'));
    await page.fill('input.search', 'referral');
    await check('search referral', (n) => n.title.toLowerCase().includes('referral'));

    // Filters combine; nothing left says so.
    await page.selectOption('select.team-filter', 'Sales');
    assert.deepEqual(await rows(page), []);
    assert.equal(await page.$eval('.empty', (e) => ((e as HTMLElement).hidden ? '' : e.textContent)), 'Nothing matches the filters.');
    assert.equal(await countText(page), `0 of ${total} objectives shown`);

    await page.selectOption('select.team-filter', '');
    await page.fill('input.search', '');
    assert.equal(await countText(page), `${total} of ${total} objectives shown`);
    assert.equal(await page.$eval('.empty', (e) => (e as HTMLElement).hidden), true);
    assert.deepEqual(problems, []);
  });

  it('moves through the tree with the keyboard: one tab stop, arrows, Home/End, Enter', async () => {
    const message = examplesMessage();
    const { page, problems } = await openStatic(message);
    await page.focus('input.search');
    await page.keyboard.press('Tab');
    const first = message.roots[0]!.id;
    assert.equal(await activeId(page), first);
    const selected = async (): Promise<string[]> => (await rows(page)).filter((r) => r.selected === 'true').map((r) => r.id);
    assert.deepEqual(await selected(), [first]);

    await page.keyboard.press('ArrowDown');
    let shown = await rows(page);
    assert.deepEqual(await selected(), [shown[1]!.id]);
    assert.equal(await activeId(page), shown[1]!.id);
    assert.deepEqual(
      shown.filter((r) => r.tabindex === '0').map((r) => r.id),
      [shown[1]!.id],
    );

    // Down to the first collapsed row, open it, step into it and back out.
    const closed = shown.findIndex((r) => r.expanded === 'false');
    for (let i = 1; i < closed; i++) await page.keyboard.press('ArrowDown');
    const parent = shown[closed]!;
    assert.equal(await activeId(page), parent.id);
    await page.keyboard.press('ArrowRight');
    shown = await rows(page);
    const opened = shown.find((r) => r.id === parent.id)!;
    assert.equal(opened.expanded, 'true');
    assert.ok(opened.descendants.length > 0);
    assert.equal(await activeId(page), parent.id);
    await page.keyboard.press('ArrowRight');
    assert.equal(await activeId(page), opened.descendants[0]);
    assert.deepEqual(await selected(), [opened.descendants[0]]);
    await page.keyboard.press('ArrowLeft');
    assert.equal(await activeId(page), parent.id);
    await page.keyboard.press('ArrowLeft');
    assert.equal((await rows(page)).find((r) => r.id === parent.id)!.expanded, 'false');
    assert.equal(await activeId(page), parent.id);
    await page.keyboard.press('ArrowLeft');
    assert.equal(await activeId(page), shown.filter((r) => r.descendants.includes(parent.id)).at(-1)!.id, 'Left on a closed row goes to its parent');

    await page.keyboard.press('End');
    shown = await rows(page);
    assert.equal(await activeId(page), shown.at(-1)!.id);
    await page.keyboard.press('Home');
    assert.equal(await activeId(page), first);
    // Static page: Enter (and a click) expand or collapse; nothing is opened.
    await page.keyboard.press('Enter');
    assert.equal((await rows(page))[0]!.expanded, 'false');
    assert.equal((await rows(page)).length, 1);
    await page.click('[role="treeitem"] > .row');
    assert.equal((await rows(page))[0]!.expanded, 'true');
    assert.equal(await activeId(page), first);
    assert.deepEqual([problems, page.url()], [[], 'about:blank']);
  });

  it('shows a rollup preview: each moved node\'s change, the header and team rollups, "Changes only", and removed nodes, all as text', async () => {
    // HEAD had the conversion KR at 13% and a KR with a hostile title; the working copy meets the target and drops that KR.
    const growth = 'teams/growth/q4-2026.okr.md';
    const before = examplesGraph((rel, text) => (rel === growth ? text.replace('| Signups from shared dashboards |', `| \`${HOSTILE[1]}\` signups |`) : text));
    const after = examplesGraph((rel, text) =>
      rel === growth
        ? text
            .replace('| Self-serve trial-to-paid conversion | 9% | 16% | 13% |', '| Self-serve trial-to-paid conversion | 9% | 16% | 16% |')
            .replace(/^\| Signups from shared dashboards .*\n/m, '')
        : text,
    );
    const message = previewMessage(
      treeMessage(after, 2, DEFAULT_CONFIG.ragBands, relative, false),
      rollupDelta(before, after),
      { since: 'HEAD', commit: '1a2b3c4', what: 'the working copy, unsaved edits included' },
      relative,
    );
    assert.ok(HostMessageSchema.safeParse(message).success);
    const { page, problems, dialogs } = await openStatic(message);
    assert.equal(
      await page.$eval('.compare-text', (e) => e.textContent),
      `Rollup since HEAD (1a2b3c4), the working copy, unsaved edits included: ${message.compare!.changes} changes`,
    );
    assert.deepEqual(
      await page.$$eval('.compare-document', (items) =>
        items.map((e) => [e.querySelector('.title')!.textContent, e.getAttribute('data-path'), e.querySelector('.delta')!.className]),
      ),
      [['Growth', `examples/${growth}`, 'delta delta-up']],
    );
    const deltas = async (): Promise<Array<[string, string | null, string]>> =>
      page.$$eval('[role="treeitem"][data-delta]', (items) =>
        items.map(
          (e) =>
            [e.querySelector(':scope > .row .title')!.textContent ?? '', e.getAttribute('data-delta'), e.querySelector(':scope > .row .delta')!.className] as [
              string,
              string | null,
              string,
            ],
        ),
      );
    const moved = await deltas();
    assert.deepEqual(
      moved.find(([title]) => title.startsWith('Make self-serve onboarding so fast')),
      ['Make self-serve onboarding so fast that new teams see value in their first session', 'own 0.66 → 0.80 (+0.14)', 'delta delta-up'],
    );
    assert.ok(
      moved.some(([title]) => title === 'Become the fastest way for a data team to onboard'),
      'the company objective it rolls up into moved too',
    );
    // "Changes only" leaves the moved nodes and the way to them.
    const all = (await rows(page)).length;
    await page.click('button.changed-toggle');
    assert.equal(await page.$eval('button.changed-toggle', (b) => b.getAttribute('aria-pressed')), 'true');
    const only = await rows(page);
    assert.ok(only.length < all && only.length > 0);
    // The filter opens the way to each change, so the KR itself is shown now.
    const shownDeltas = await deltas();
    assert.deepEqual(
      shownDeltas.find(([title]) => title === 'Self-serve trial-to-paid conversion'),
      ['Self-serve trial-to-paid conversion', '0.57 → 1.00 (+0.43) · Amber → Stretch', 'delta delta-up'],
    );
    for (const r of only)
      assert.ok(r.descendants.length > 0 || shownDeltas.some(([title]) => title === r.title), `${r.title} neither moved nor leads to a change`);
    // Removed since HEAD: listed as text, the hostile title too.
    assert.deepEqual(
      await page.$$eval('.removed-item', (items) => items.map((e) => [e.querySelector('.title')!.textContent, e.querySelector('.delta')!.textContent])),
      [[`Key result: ${HOSTILE[1]} signups`, 'removed (was 0.59)']],
    );
    assert.equal(await page.$eval('.removed-heading', (e) => e.textContent), 'Removed since HEAD');
    assert.equal(await page.evaluate(() => document.querySelectorAll('img, [onerror]').length), 0);
    // The plain tree has no preview parts.
    const plain = await openStatic(examplesMessage());
    assert.deepEqual(await plain.page.$$eval('.compare, .removed, button.changed-toggle', (els) => els.map((e) => (e as HTMLElement).hidden)), [
      true,
      true,
      true,
    ]);
    assert.deepEqual([problems, dialogs, plain.problems], [[], [], []]);
  });

  it('shows a readable error for malformed embedded data instead of crashing', async () => {
    const valid = hostileMessage();
    const broken = { ...valid, roots: [{ ...valid.roots[0]!, title: 42 }] };
    const invalid = await openStatic(valid, jsonForScript(broken));
    const text = await invalid.page.$eval('.status.error[role="alert"]', (e) => e.textContent ?? '');
    assert.match(text, /^OKR Lens could not show the alignment tree: the embedded data is not a valid tree message \(roots\.0\.title: .*string.*\)\.$/);
    assert.deepEqual(await rows(invalid.page), []);
    assert.deepEqual(invalid.problems, []);

    const notJson = await openStatic(valid, '{"type": "tree", ');
    assert.match(await notJson.page.$eval('.status.error', (e) => e.textContent ?? ''), /the embedded data is not JSON/);
    assert.deepEqual(notJson.problems, []);
  });

  it('charts the selected node: score, expected pace, confidence, value and target, with the points as a table; bars and a summary above the tree', async () => {
    const series = {
      start: '2026-10-01',
      end: '2026-12-31',
      due: null,
      target: 20,
      targetText: '20%',
      pace: '0.30 against 0.59 expected, −0.29',
      idle: 28,
      points: [
        { date: '2026-10-05', commit: 'aaaaaaa', score: 0.1, value: 11, text: '11%', confidence: 0.8 },
        { date: '2026-10-26', commit: 'bbbbbbb', score: 0.3, value: 13, text: '13%', confidence: 0.7 },
        { date: '2026-11-23', commit: null, score: 0.3, value: 13, text: '13%', confidence: 0.5 },
      ],
    };
    const behind = node({
      id: 'doc#o/kr-1',
      kind: 'keyResult',
      title: 'Trial-to-paid conversion',
      score: 0.3,
      rolledUpScore: 0.3,
      rag: 'red',
      line: 7,
      pace: { status: 'behind', ended: false, text: '0.30 against 0.59 expected, −0.29' },
      progress: series,
    });
    const fresh = node({ id: 'doc#o/kr-2', kind: 'keyResult', title: 'Referrals', line: 8 });
    const objective = node({
      id: 'doc#o',
      kind: 'objective',
      title: 'Convert',
      score: 0.3,
      rolledUpScore: 0.3,
      rag: 'red',
      line: 3,
      children: [behind, fresh],
      progress: { ...series, target: null, targetText: null, idle: null, points: series.points.map((p) => ({ ...p, value: null, text: null })) },
    });
    const doc = node({ id: 'doc', kind: 'document', title: 'Q4 2026 OKRs — Growth', score: 0.3, rolledUpScore: 0.3, rag: 'red', children: [objective] });
    const message: TreeMessage = {
      type: 'tree',
      version: 1,
      roots: [doc],
      teams: [],
      bands: DEFAULT_CONFIG.ragBands,
      canOpen: false,
      today: '2026-11-23',
      history: 'from the git history of 1 document and the working copy',
    };
    const { page, problems } = await openStatic(HostMessageSchema.parse(message));

    // The summary above the tree: each list names its KRs and why.
    assert.equal(
      await page.$eval('.progress-counts', (e) => e.textContent),
      'Behind pace: 1 · Stale: 1 · Not started: 1 (stale counts the 1 of 2 KRs with a history; more than 21 days)',
    );
    const lists = await page.$$eval('.progress-list', (ls) =>
      ls.map((l) => [l.getAttribute('data-group'), [...l.querySelectorAll('li')].map((li) => li.textContent)]),
    );
    assert.deepEqual(lists, [
      ['Behind pace', ['Trial-to-paid conversion0.30 against 0.59 expected, −0.29']],
      ['Stale', ['Trial-to-paid conversionno new value for 28 days']],
      ['Not started', ['Referralsno current value yet']],
    ]);
    // Bars: one per scored row, filled to the score; the KR row says its pace.
    const bars = await page.$$eval('.bar-fill', (fs) =>
      fs.map((f) => [
        f.closest('[role="treeitem"]')!.getAttribute('data-id'),
        (f as HTMLElement).style.getPropertyValue('--fill'),
        Math.round(f.getBoundingClientRect().width),
      ]),
    );
    assert.deepEqual(
      bars.map(([id, fill]) => [id, fill]),
      [
        ['doc', '0.3'],
        ['doc#o', '0.3'],
        ['doc#o/kr-1', '0.3'],
      ],
    );
    assert.ok(
      bars.every(([, , width]) => width === Math.round(64 * 0.3)),
      `bar widths ${JSON.stringify(bars)}`,
    );
    assert.equal(await page.$eval('[data-id="doc#o/kr-1"] > .row .pace', (e) => e.textContent), '0.30 against 0.59 expected, −0.29');
    assert.equal(await page.$eval('.detail', (e) => e.hasAttribute('hidden')), true, 'no detail before a selection');

    // Selecting the KR (from the summary's list) draws its chart.
    await page.click('.progress-list[data-group="Behind pace"] li');
    await page.waitForSelector('.detail .chart canvas');
    const chart = await page.$eval('.detail', (d) => ({
      heading: d.querySelector('.detail-heading')?.textContent,
      pace: d.querySelector('.detail-pace')?.textContent,
      series: d.querySelector('.chart')?.getAttribute('data-series'),
      points: d.querySelector('.chart')?.getAttribute('data-points'),
      legend: [...d.querySelectorAll('.u-legend .u-series .u-label')].map((l) => l.textContent),
      canvas: (() => {
        const c = d.querySelector('canvas')!;
        return { width: c.width, height: c.height, label: d.querySelector('[role="img"]')?.getAttribute('aria-label') };
      })(),
      table: [...d.querySelectorAll('.chart-table tr')].map((tr) => [...tr.children].map((c) => c.textContent)),
      source: d.querySelector('.detail-source')?.textContent,
    }));
    assert.equal(chart.heading, 'Trial-to-paid conversion');
    assert.equal(chart.pace, '0.30 against 0.59 expected, −0.29');
    assert.equal(chart.series, 'Score|Expected pace|Confidence|Value|Target 20%');
    assert.equal(chart.points, '3');
    assert.deepEqual(chart.legend, ['Time', 'Score', 'Expected pace', 'Confidence', 'Value', 'Target 20%']);
    assert.ok(chart.canvas.width > 200 && chart.canvas.height > 100, JSON.stringify(chart.canvas));
    assert.equal(chart.canvas.label, 'Trial-to-paid conversion: 3 points from 2026-10-05 to 2026-11-23; 0.30 against 0.59 expected, −0.29; target 20%.');
    assert.deepEqual(chart.table, [
      ['Date', 'Score', 'Value', 'Confidence', 'Version'],
      ['2026-10-05', '0.10', '11%', '0.80', 'aaaaaaa'],
      ['2026-10-26', '0.30', '13%', '0.70', 'bbbbbbb'],
      ['2026-11-23', '0.30', '13%', '0.50', 'working copy'],
    ]);
    assert.equal(chart.source, 'Progress from the git history of 1 document and the working copy.');
    // The canvas has been drawn on: some pixels are not transparent.
    const inked = await page.$eval('.detail canvas', (c) => {
      const ctx = (c as HTMLCanvasElement).getContext('2d')!;
      const px = ctx.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height).data;
      let n = 0;
      for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) n++;
      return n;
    });
    assert.ok(inked > 500, `only ${inked} pixels drawn`);

    // An objective charts score and confidence only; a KR without history says why there is no chart.
    await page.click('[data-id="doc#o/kr-2"] > .row .title');
    await page.waitForFunction(() => document.querySelector('.detail')?.getAttribute('data-id') === 'doc#o/kr-2');
    assert.equal(
      await page.$eval('.detail .detail-none', (e) => e.textContent),
      'No progress chart for this node (charts: from the git history of 1 document and the working copy).',
    );
    assert.equal(await page.$$eval('.detail canvas', (c) => c.length), 0);
    // (A click on a row in the static page also folds it: the objective last.)
    await page.click('[data-id="doc#o"] > .row .title');
    await page.waitForFunction(() => document.querySelector('.detail')?.getAttribute('data-id') === 'doc#o');
    assert.equal(await page.$eval('.detail .chart', (e) => e.getAttribute('data-series')), 'Score|Expected pace|Confidence');
    assert.deepEqual(problems, [], 'no CSP violation or error while charting');
  });

  describe('in a webview', () => {
    const origin = 'https://okr-lens.test';

    /** The webview-mode page, served from a fake webview origin, with a recording `acquireVsCodeApi`. */
    async function openWebview(state: unknown = undefined): Promise<Opened> {
      const opened = await newPage();
      const html = treePageHtml({
        title: 'OKR alignment',
        nonce: 'webview-nonce',
        webview: { cspSource: origin, scriptUri: `${origin}/media/tree.js`, styleUri: `${origin}/media/tree.css` },
      });
      await opened.page.route(`${origin}/**`, (route) => {
        const url = new URL(route.request().url());
        const body = url.pathname === '/media/tree.js' ? script : url.pathname === '/media/tree.css' ? style : html;
        const contentType = url.pathname.endsWith('.js') ? 'text/javascript' : url.pathname.endsWith('.css') ? 'text/css' : 'text/html';
        return route.fulfill({ status: 200, contentType, body });
      });
      await opened.page.addInitScript((saved) => {
        const w = window as unknown as { __posted: unknown[]; __state: unknown; acquireVsCodeApi(): unknown };
        w.__posted = [];
        w.__state = saved;
        w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => w.__posted.push(m), getState: () => w.__state, setState: (s: unknown) => (w.__state = s) });
      }, state);
      await opened.page.goto(`${origin}/`);
      await opened.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
      return opened;
    }

    /** Posts as the extension host does, and returns once the webview's own listener (registered first) has run. */
    const post = (page: Page, message: unknown): Promise<void> =>
      page.evaluate(
        (m) =>
          new Promise<void>((resolve) => {
            window.postMessage(m, '*');
            window.addEventListener('message', () => resolve(), { once: true });
          }),
        message,
      );
    const posted = (page: Page): Promise<unknown[]> => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
    /** Messages other than the `rendered` acknowledgements. */
    const requests = async (page: Page): Promise<unknown[]> => (await posted(page)).filter((m) => (m as { type: string }).type !== 'rendered');

    it('says ready, drops invalid and older messages, opens nodes, and keeps its state across a live refresh and a reload', async () => {
      const { page, problems, warnings } = await openWebview();
      assert.deepEqual(await posted(page), [{ type: 'ready' }]);

      await post(page, { type: 'tree', version: 'two', roots: [] });
      assert.deepEqual(await rows(page), []);
      await until(() => warnings.length > 0);
      assert.ok(
        warnings.some((w) => w.startsWith('OKR Lens: dropped an invalid message from the extension: version:')),
        warnings.join('\n'),
      );

      const v2 = examplesMessage(2, true);
      await post(page, v2);
      await page.waitForSelector('[role="treeitem"]');
      const before = await rows(page);
      await post(page, hostileMessage()); // version 1: older, ignored
      assert.deepEqual(await rows(page), before);

      // Enter and a click post `open` with the node's id.
      await page.locator('[role="treeitem"][tabindex="0"]').focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.click(`[role="treeitem"][data-id="${before[2]!.id}"] > .row`);
      assert.deepEqual((await requests(page)).slice(1), [
        { type: 'open', id: before[1]!.id },
        { type: 'open', id: before[2]!.id },
      ]);
      // Each tree it rendered was acknowledged with its version and the number of tree items in the DOM.
      assert.deepEqual(
        (await posted(page)).filter((m) => (m as { type: string }).type === 'rendered'),
        [{ type: 'rendered', version: 2, nodes: 64, items: before.length }],
      );

      // Expand a closed row with the keyboard, search, then refresh with new scores.
      const closed = before.find((r) => r.expanded === 'false')!;
      await page.click(`[role="treeitem"][data-id="${closed.id}"] > .row .chevron`);
      assert.equal((await rows(page)).find((r) => r.id === closed.id)!.expanded, 'true');
      await page.fill('input.search', 'e');
      await page.locator(`[role="treeitem"][data-id="${closed.id}"]`).focus();

      const v3 = examplesMessage(3, true);
      const changed = v3.roots[0]!.children[0]!;
      changed.score = 0.99;
      changed.rag = 'stretch';
      await post(page, v3);
      await page.waitForSelector(`[role="treeitem"][data-id="${changed.id}"][data-score="0.99"]`);
      const after = await rows(page);
      assert.equal(after.find((r) => r.id === closed.id)!.expanded, 'true', 'expansion kept');
      assert.deepEqual(
        after.filter((r) => r.selected === 'true').map((r) => r.id),
        [closed.id],
        'selection kept',
      );
      assert.equal(await activeId(page), closed.id, 'focus kept');
      assert.equal(await page.inputValue('input.search'), 'e');
      assert.equal(after.find((r) => r.id === changed.id)!.rag, 'stretch');

      // The state survives the panel being hidden and shown (a new page with the saved state).
      const saved = await page.evaluate(() => (window as unknown as { __state: unknown }).__state);
      assert.deepEqual([problems, warnings.length], [[], 1]);
      const again = await openWebview(saved);
      assert.equal(await again.page.inputValue('input.search'), 'e');
      await post(again.page, v3);
      await again.page.waitForSelector('[role="treeitem"]');
      const restored = await rows(again.page);
      assert.equal(restored.find((r) => r.id === closed.id)!.expanded, 'true');
      assert.equal(restored.find((r) => r.id === closed.id)!.selected, 'true');
      assert.deepEqual(again.problems, []);
    });
  });
});
