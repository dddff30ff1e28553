import * as vscode from 'vscode';
import { documentSeries, teamReports, type Analysis, type KrTrail, type ProgressSeries, type WeeklyReport } from '../core/index';
import { treePageHtml } from '../core/workspace/page';
import { readWebviewMessage, type SelectMessage, type TreeMessage, type TreeOptions } from '../core/workspace/protocol';
import type { Preview } from './services';
import { keyOf, type WorkspaceTracker } from './workspace';

/** Where the tree's progress charts come from: the open documents' analyses and git trails. */
export interface ChartSource {
  analysisOf(document: vscode.TextDocument): Analysis | null;
  historyTrails(document: vscode.TextDocument): KrTrail[] | null;
  /** Fires when a document was analysed again (its trail read, an edit). */
  onDidAnalyze: vscode.Event<unknown>;
  /** What is off in this host (git in the browser), or null. */
  unavailable: string | null;
}

/**
 * The series of every objective and KR of the open OKR documents: from their
 * git trails where the host reads git (the trail is read when a document
 * opens), else the working copy alone, and from their team's weekly updates in
 * the workspace index (`weekly`, with the weeklyPath setting that places them).
 * Documents not open have no chart.
 */
function openDocumentCharts(source: ChartSource, weekly: { reports: readonly WeeklyReport[]; weeklyPath: string }): Pick<TreeOptions, 'progress' | 'history'> {
  const series = new Map<string, ProgressSeries>();
  const today = new Date();
  let tracked = 0;
  let updates = 0;
  for (const document of vscode.workspace.textDocuments) {
    if (document.languageId !== 'markdown') continue;
    const analysis = source.analysisOf(document);
    if (!analysis || analysis.document.kind !== 'okr') continue;
    const trails = source.historyTrails(document);
    if (trails) tracked++;
    const key = keyOf(document.uri);
    const reports = teamReports(weekly.reports, { key, team: analysis.document.team }, weekly.weeklyPath || undefined);
    updates += reports.length;
    for (const s of documentSeries(analysis, trails, today, reports)) series.set(`${key}\n${s.kind}\n${s.line}`, s.series);
  }
  const n = updates > 0 ? `${updates} weekly update${updates === 1 ? '' : 's'}` : null;
  const history = source.unavailable
    ? `history is off here (no git in this host): charts show the open documents' working copy${n ? ` and ${n}` : ''} only`
    : tracked === 0
      ? `open the document to chart it: charts come from the git history of the open documents${n ? ` and ${n}` : ''}`
      : `from the git history of the open documents${n ? `, ${n}` : ''} and their working copy; open a document to chart it`;
  return { progress: (n) => series.get(`${n.path}\n${n.kind}\n${n.line}`), history };
}

/** What the panel shows: the alignment tree, or the same tree with each node's change since HEAD. */
export type PanelMode = 'tree' | 'preview';

const TITLES: Record<PanelMode, string> = { tree: 'OKR Alignment Tree', preview: 'OKR Rollup Preview (since HEAD)' };

/**
 * The alignment tree webview ("OKR Lens: Show Alignment Tree"): one panel,
 * refreshed whenever the workspace graph changes. Its page loads only
 * media/tree.js and media/tree.css under a `default-src 'none'` CSP with a
 * fresh nonce; every message from it is validated, and it can only ask to open
 * a node the host's own graph has.
 */
export class AlignmentPanel implements vscode.Disposable {
  private static current: AlignmentPanel | undefined;
  /** What the panel posted last and what the webview said it rendered: read by the integration tests. */
  lastPosted: TreeMessage | null = null;
  lastRendered: { version: number; nodes: number; items: number } | null = null;
  /** The last progress chart the detail pane drew: the node, its series' labels and point count. */
  lastChart: { id: string; series: string[]; points: number } | null = null;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  /** A node to select once the next tree has been posted. */
  private selecting: string | null = null;
  private mode: PanelMode = 'tree';
  /** Bumped by every post; an asynchronous preview that finishes after a newer post is dropped. */
  private posts = 0;

  static show(
    extensionUri: vscode.Uri,
    workspace: WorkspaceTracker,
    preview: Preview,
    output: vscode.OutputChannel,
    mode: PanelMode,
    charts: ChartSource,
    /** A node to select, its chart shown: the command's argument. */
    select?: string,
  ): AlignmentPanel {
    if (AlignmentPanel.current) {
      AlignmentPanel.current.selecting = select ?? null;
      AlignmentPanel.current.setMode(mode);
      AlignmentPanel.current.panel.reveal();
      return AlignmentPanel.current;
    }
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel('okrLens.alignmentTree', 'OKR Alignment Tree', vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [media],
    });
    AlignmentPanel.current = new AlignmentPanel(panel, media, workspace, preview, output, charts);
    AlignmentPanel.current.selecting = select ?? null;
    AlignmentPanel.current.setMode(mode);
    return AlignmentPanel.current;
  }

  static get instance(): AlignmentPanel | undefined {
    return AlignmentPanel.current;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    media: vscode.Uri,
    private readonly workspace: WorkspaceTracker,
    /** The rollup preview this panel shows in `preview` mode. */
    private readonly preview: Preview,
    private readonly output: vscode.OutputChannel,
    /** The open documents' analyses and trails, for the progress charts. */
    private readonly charts: ChartSource,
  ) {
    const webview = panel.webview;
    panel.iconPath = vscode.Uri.joinPath(media, 'tree-icon.svg');
    webview.html = treePageHtml({
      title: 'OKR Alignment Tree',
      nonce: nonce(),
      webview: {
        cspSource: webview.cspSource,
        scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'tree.js')).toString(),
        styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'tree.css')).toString(),
      },
    });
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      workspace.onDidChange(() => this.post()),
      // A document analysed again (an edit, its trail read from git): its chart changes. Edits also change the
      // workspace, which posts at once; this catches the trails, coalesced.
      charts.onDidAnalyze(() => this.postSoon()),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private async receive(raw: unknown): Promise<void> {
    const read = readWebviewMessage(raw);
    if (!read.ok) {
      this.output.appendLine(`Alignment tree: ${read.reason}`);
      return;
    }
    const message = read.message;
    if (message.type === 'ready') {
      this.ready = true;
      await this.workspace.ready();
      this.post();
    } else if (message.type === 'rendered') {
      this.lastRendered = { version: message.version, nodes: message.nodes, items: message.items };
    } else if (message.type === 'chart') {
      this.lastChart = { id: message.id, series: message.series, points: message.points };
    } else {
      await this.open(message.id);
    }
  }

  /** Opens the node's source line; ids the graph does not know are dropped. */
  private async open(id: string): Promise<void> {
    const node = this.workspace.node(id);
    const uri = node ? this.workspace.uriOf(node.path) : undefined;
    if (!node || !uri) {
      this.output.appendLine(`Alignment tree: no node ${id.slice(0, 200)} in the workspace graph; ignored.`);
      return;
    }
    const position = new vscode.Position(node.line - 1, 0);
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One, preserveFocus: false });
  }

  private soon: ReturnType<typeof setTimeout> | undefined;

  private postSoon(): void {
    if (this.soon !== undefined) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.post();
    }, 250);
  }

  private setMode(mode: PanelMode): void {
    this.mode = mode;
    this.panel.title = TITLES[mode];
    this.post();
  }

  /** The weekly updates the workspace index holds, for the charts. */
  private weeklyReports(): { reports: WeeklyReport[]; weeklyPath: string } {
    const index = this.workspace.index;
    const reports = index.keys().flatMap((key) => {
      const weekly = index.get(key)?.weekly;
      return weekly ? [weekly] : [];
    });
    return { reports, weeklyPath: this.workspace.config().weeklyPath };
  }

  private post(): void {
    if (!this.ready) return;
    const post = ++this.posts;
    if (this.mode === 'tree') {
      this.send(this.workspace.tree(openDocumentCharts(this.charts, this.weeklyReports())));
      return;
    }
    void this.preview.message().then(
      (result) => {
        if (post !== this.posts) return;
        if ('message' in result) {
          this.send(result.message);
          return;
        }
        // HEAD went away (a repository deleted, say): say why, and show the plain tree.
        this.output.appendLine(`Rollup preview: ${result.problem}`);
        void vscode.window.showWarningMessage(result.problem);
        this.setMode('tree');
      },
      (error: unknown) => {
        this.output.appendLine(`Rollup preview failed: ${error instanceof Error ? error.message : String(error)}`);
        if (post === this.posts) this.setMode('tree');
      },
    );
  }

  private send(message: TreeMessage): void {
    this.lastPosted = message;
    void this.panel.webview.postMessage(message);
    if (this.selecting !== null) {
      const select: SelectMessage = { type: 'select', id: this.selecting };
      this.selecting = null;
      void this.panel.webview.postMessage(select);
    }
  }

  dispose(): void {
    if (AlignmentPanel.current === this) AlignmentPanel.current = undefined;
    if (this.soon !== undefined) clearTimeout(this.soon);
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

function nonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
