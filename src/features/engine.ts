import * as vscode from 'vscode';
import {
  formatProblem,
  IncrementalAnalyzer,
  isOkrDocument,
  LIMIT_RULE_ID,
  reportDocument,
  type Analysis,
  type ConfigProblem,
  type KrTrail,
  type LensConfig,
} from '../core/index';
import { configFor } from './config';
import type { History, Preview, Services } from './services';
import { isWorkspaceDocument, okrFileTest, WorkspaceTracker } from './workspace';

interface DocumentState {
  analyzer: IncrementalAnalyzer;
  version: number;
  /** Null when this version is not an OKR document. */
  analysis: Analysis | null;
}

/**
 * The one cached analysis of each open OKR document version. Every feature
 * reads it from here; nothing re-parses on its own. Edits are analysed after a
 * debounce (only what changed is re-parsed), and `onDidAnalyze` tells features
 * to refresh.
 */
export class Engine implements vscode.Disposable {
  private readonly states = new Map<string, DocumentState>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly configs = new Map<string, { config: LensConfig; problems: ConfigProblem[] }>();
  private readonly reported = new Set<string>();
  private readonly reports = new WeakMap<Analysis, { graph: object; history: object | null; config: LensConfig; report: Analysis }>();
  /** Every OKR document of the workspace, for alignment (links, rollups, the tree). */
  readonly workspace: WorkspaceTracker;
  /** Each open document's locked targets and check-in trail from git, for moving-goalposts and stale-kr. */
  private readonly history: History;
  private previewOf: Preview | undefined;
  constructor(
    private readonly output: vscode.OutputChannel,
    /** Fired after a document is analysed; owned by the caller (the extension's LazyEngine). */
    private readonly emitter: vscode.EventEmitter<vscode.TextDocument>,
    /** What the host offers (Node or a web worker). */
    readonly services: Services,
  ) {
    this.workspace = new WorkspaceTracker(
      output,
      okrFileTest((uri) => this.configAt(uri)),
      services,
    );
    this.history = services.history({
      output,
      ready: (document) => this.emitter.fire(document),
      configOf: (document) => this.config(document),
      analysisOf: (document) => this.analysisOf(document),
    });
    if (services.unavailable) output.appendLine(services.unavailable);
    // The cold index starts after the first analysis has been published.
    setTimeout(() => void this.workspace.ready(), 0);
  }

  private configAt(uri: vscode.Uri): LensConfig {
    return this.config({ uri } as vscode.TextDocument);
  }

  config(document: vscode.TextDocument): LensConfig {
    // One configuration per folder on disk (the nearest .okr-lens.json applies); settings only elsewhere.
    const key = document.uri.scheme === 'file' ? vscode.Uri.joinPath(document.uri, '..').toString() : document.uri.scheme;
    let entry = this.configs.get(key);
    if (!entry) {
      entry = configFor(document.uri, this.services);
      this.configs.set(key, entry);
      for (const problem of entry.problems) {
        const line = formatProblem(problem);
        if (this.reported.has(line)) continue;
        this.reported.add(line);
        this.output.appendLine(`Configuration: ${line}`);
        void vscode.window.showWarningMessage(`OKR Lens configuration: ${line}`);
      }
    }
    return entry.config;
  }

  /** Forget cached configuration (a settings or config-file change) and re-analyse open documents. */
  reloadConfig(): void {
    this.configs.clear();
    this.reported.clear();
    for (const state of this.states.values()) state.version = -1;
    this.workspace.reloadConfig();
    for (const doc of vscode.workspace.textDocuments) if (this.isOkrDocument(doc)) this.emitter.fire(doc);
  }

  /** SPEC §1 detection, with `include` / `exclude` globs relative to the workspace folder. */
  isOkrDocument(document: vscode.TextDocument): boolean {
    if (document.languageId !== 'markdown' || !isWorkspaceDocument(document.uri)) return false;
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    const relative = folder ? document.uri.path.slice(folder.uri.path.length).replace(/^\/+/, '') : null;
    return isOkrDocument({ path: document.uri.path, relative, markdown: true }, this.config(document), () => document.getText(new vscode.Range(0, 0, 400, 0)));
  }

  /** The analysis of the document's current version, computed now if needed; null for non-OKR documents. */
  analysisOf(document: vscode.TextDocument): Analysis | null {
    const key = document.uri.toString();
    let state = this.states.get(key);
    if (state && state.version === document.version) return state.analysis;
    if (!state) {
      state = { analyzer: new IncrementalAnalyzer(), version: -1, analysis: null };
      this.states.set(key, state);
    }
    state.analysis = this.isOkrDocument(document) ? state.analyzer.analyze(document.getText(), { config: this.config(document), today: new Date() }) : null;
    state.version = document.version;
    this.workspace.analysed(document, state.analysis);
    this.noticeLimit(document, state.analysis);
    return state.analysis;
  }

  private readonly limitNoticed = new Set<string>();

  /** A document past an input limit gets a visible notice once (and a diagnostic on its first line). */
  private noticeLimit(document: vscode.TextDocument, analysis: Analysis | null): void {
    const key = document.uri.toString();
    const hit = analysis?.findings.find((f) => f.ruleId === LIMIT_RULE_ID);
    if (!hit) {
      this.limitNoticed.delete(key);
      return;
    }
    if (this.limitNoticed.has(key)) return;
    this.limitNoticed.add(key);
    this.output.appendLine(`${vscode.workspace.asRelativePath(document.uri)}: ${hit.message}`);
    void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(document.uri)}: ${hit.message}`);
  }

  /** Analyse after the debounce, then tell the features. */
  schedule(document: vscode.TextDocument, debounceMs: number): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (document.isClosed) return;
        this.analysisOf(document);
        this.emitter.fire(document);
      }, debounceMs),
    );
  }

  /** Analyse now (open, save) and tell the features. */
  now(document: vscode.TextDocument, saved = false): void {
    if (saved) this.history.saved(document);
    clearTimeout(this.timers.get(document.uri.toString()));
    this.analysisOf(document);
    this.emitter.fire(document);
  }

  forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.states.delete(key);
    // Reopened, it reads its history again (commits may have been made meanwhile).
    this.history.forget(document);
    this.workspace.closed(document);
  }

  /**
   * The document's full report, as the command line gives it: its own
   * findings, the workspace's (alignment, dependencies) and the history's
   * (moving-goalposts, stale-kr), with the quality scored on all of them. The
   * diagnostics, lenses, hovers, quick fixes and the score report all read
   * this, made once per version, workspace graph, read of git and configuration.
   */
  reportOf(document: vscode.TextDocument): Analysis | null {
    const analysis = this.analysisOf(document);
    if (!analysis) return null;
    const config = this.config(document);
    const graph = this.workspace.index.graph();
    const history = this.history.input(document, analysis);
    const cached = this.reports.get(analysis);
    if (cached && cached.graph === graph && cached.history === history && cached.config === config) return cached.report;
    const report = reportDocument(analysis, {
      config,
      today: new Date(),
      workspace: { index: this.workspace.index, key: this.workspace.keyOf(document) },
      history,
    });
    this.reports.set(analysis, { graph, history, config, report });
    return report;
  }

  /** "Preview Rollup Before Commit" of this workspace: one, so the command and the panel share the documents read at HEAD. */
  preview(): Preview {
    return (this.previewOf ??= this.services.preview(this.workspace));
  }

  /** Each KR's check-in trail from git (the hover's sparkline); null until read, or without history. */
  historyTrails(document: vscode.TextDocument): KrTrail[] | null {
    const analysis = this.analysisOf(document);
    return analysis ? this.history.trails(document, analysis) : null;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.workspace.dispose();
    this.history.dispose();
  }
}
