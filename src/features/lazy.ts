import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Analysis, LensConfig } from '../core/index';
import type * as Runtime from './runtime';

let loaded: typeof Runtime | undefined;

/** The runtime bundle (out/runtime.js), required on first use. */
export function runtime(): typeof Runtime {
  // A computed path: esbuild leaves this require to Node, so the runtime stays a bundle of its own.
  const file = path.join(__dirname, 'runtime.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at run time on purpose, see above
  return (loaded ??= require(file) as typeof Runtime);
}

/**
 * What features use of the engine. Activation creates this facade only; the
 * engine itself (and with it core) is created at its first use.
 */
export class LazyEngine implements vscode.Disposable {
  private real: Runtime.Engine | undefined;
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

  private get engine(): Runtime.Engine {
    if (!this.real) {
      this.real = new (runtime().Engine)(this.output, this.emitter, this.storage);
      this.real.workspace.onDidChange(() => this.workspaceEmitter.fire());
    }
    return this.real;
  }

  /** The workspace index; loads the runtime. */
  get workspace(): Runtime.Engine['workspace'] {
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

  historyTrails(document: vscode.TextDocument): ReturnType<Runtime.Engine['historyTrails']> {
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
