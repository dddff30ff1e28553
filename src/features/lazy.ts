import * as vscode from 'vscode';
import type { Analysis, LensConfig } from '../core/index';
import type * as Shared from './runtime';
import type { Preview, Services } from './services';

/** What the editor features need from core, and the host's services: runtime.ts, with `services` from runtime-node.ts or runtime-web.ts. */
export type Runtime = typeof Shared & {
  /** The services of the host the extension runs in, for the workspace with this storage folder (the summary cache); null without one. */
  services(storage: string | null): Services;
};

let load: (() => Runtime) | undefined;
let loaded: Runtime | undefined;

/** Sets how the runtime is loaded: the Node entry requires out/runtime.js on first use; the web entry has it in its own bundle. */
export function useRuntime(loader: () => Runtime): void {
  load = loader;
  loaded = undefined;
}

/** The runtime, loaded on first use. */
export function runtime(): Runtime {
  if (!load) throw new Error('OKR Lens: the runtime loader is not set');
  return (loaded ??= load());
}

/**
 * What features use of the engine. Activation creates this facade only; the
 * engine itself (and with it core) is created at its first use.
 */
export class LazyEngine implements vscode.Disposable {
  private real: Shared.Engine | undefined;
  private readonly emitter = new vscode.EventEmitter<vscode.TextDocument>();
  readonly onDidAnalyze = this.emitter.event;
  private readonly workspaceEmitter = new vscode.EventEmitter<void>();
  /** The workspace graph changed (a document was indexed, edited, renamed or deleted). */
  readonly onDidChangeWorkspace = this.workspaceEmitter.event;

  constructor(
    private readonly output: vscode.OutputChannel,
    /** A folder of the extension's own for this workspace (the summary cache); null without one. */
    private readonly storage: string | null = null,
  ) {}

  private get engine(): Shared.Engine {
    if (!this.real) {
      this.real = new (runtime().Engine)(this.output, this.emitter, runtime().services(this.storage));
      this.real.workspace.onDidChange(() => this.workspaceEmitter.fire());
    }
    return this.real;
  }

  /** The workspace index; loads the runtime. */
  get workspace(): Shared.Engine['workspace'] {
    return this.engine.workspace;
  }

  /** Whether the runtime (and with it the workspace index) exists yet. */
  get started(): boolean {
    return this.real !== undefined;
  }

  /** Debounce before an edit is analysed (setting `okrLens.debounceMs`). */
  get debounceMs(): number {
    const v = vscode.workspace.getConfiguration('okrLens').get<number>('debounceMs', 300);
    return Number.isFinite(v) && v >= 0 && v <= 5000 ? v : 300;
  }

  analysisOf(document: vscode.TextDocument): Analysis | null {
    return document.languageId === 'markdown' ? this.engine.analysisOf(document) : null;
  }

  config(document: vscode.TextDocument): LensConfig {
    return this.engine.config(document);
  }

  schedule(document: vscode.TextDocument): void {
    if (document.languageId === 'markdown') this.engine.schedule(document, this.debounceMs);
  }

  now(document: vscode.TextDocument, saved = false): void {
    if (document.languageId === 'markdown') this.engine.now(document, saved);
  }

  /** The analysis with workspace and history findings merged: what the diagnostics and the score report show. */
  reportOf(document: vscode.TextDocument): Analysis | null {
    return document.languageId === 'markdown' ? this.engine.reportOf(document) : null;
  }

  /** "Preview Rollup Before Commit" of this workspace; loads the runtime. */
  preview(): Preview {
    return this.engine.preview();
  }

  /** The quarterly document at the start of the week, from git (null on the web); loads the runtime. */
  weekStart(...args: Parameters<Services['weekStart']>): ReturnType<Services['weekStart']> {
    return this.engine.services.weekStart(...args);
  }

  /** What is off in the host the extension runs in (git in the browser), or null; loads the runtime. */
  get unavailable(): string | null {
    return this.engine.services.unavailable;
  }

  historyTrails(document: vscode.TextDocument): ReturnType<Shared.Engine['historyTrails']> {
    return document.languageId === 'markdown' ? this.engine.historyTrails(document) : null;
  }

  forget(document: vscode.TextDocument): void {
    this.real?.forget(document);
  }

  reloadConfig(): void {
    this.real?.reloadConfig();
  }

  dispose(): void {
    this.real?.dispose();
    this.emitter.dispose();
    this.workspaceEmitter.dispose();
  }
}
