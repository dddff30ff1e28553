import type * as vscode from 'vscode';
import type { Analysis, OkrDocument, ConfigProblem, DocumentHistory, KrTrail, LensConfig } from '../core/index';
import type { DocSummary } from '../core/workspace/summary';
import type { TreeMessage } from '../core/workspace/protocol';
import type { WorkspaceTracker } from './workspace';

/**
 * What the editor features need from the machine they run on. The extension
 * runs in two hosts: VS Code's Node extension host (desktop, remote, Codespaces)
 * and the browser's web worker (vscode.dev, github.dev). Everything that needs
 * Node (the file system beyond VS Code's API, worker threads and a host
 * process, git) is behind this interface; `services-node.ts` implements it with
 * Node, `services-web.ts` with what a web worker has. The features themselves
 * import neither.
 */
export interface Services {
  /** What is off in this host and why, for the output channel and the score report; null when everything works. */
  readonly unavailable: string | null;
  /**
   * The nearest `.okr-lens.json(c)` above a document on this machine's disk, read and validated;
   * null where no configuration file is read (documents not on disk, the web). Throws when a file
   * exists but cannot be read.
   */
  configFile(uri: vscode.Uri): { layer: Partial<LensConfig>; problems: ConfigProblem[] } | null;
  /** Reads `file:` URIs on this machine's disk faster than `workspace.fs`; null where there is no such disk (the web). */
  readonly disk: Disk | null;
  /** Summaries for the cold index of the workspace. */
  summaries(config: LensConfig, today: Date, options: SummaryOptions): Summaries;
  /** The git-aware checks of open documents (moving-goalposts, stale-kr, check-in trails). */
  history(deps: HistoryDeps): History;
  /** "Preview Rollup Before Commit" for the workspace. */
  preview(workspace: WorkspaceTracker): Preview;
  /** A quarterly document as git had it at the start of the week (New Weekly Update's Last); null where git is not used (the web) or does not know it. */
  weekStart(uri: vscode.Uri, monday: string, config: LensConfig, today: Date): Promise<{ document: OkrDocument; commit: string; date: string } | null>;
}

export interface Disk {
  readFileSync(uri: vscode.Uri): Uint8Array;
  readFile(uri: vscode.Uri): Promise<Uint8Array>;
  /** A folder's entries, as `workspace.fs.readDirectory` gives them. */
  readFolder(uri: vscode.Uri): Promise<Array<[string, vscode.FileType]>>;
}

export interface SummaryOptions {
  /** Fewer documents to parse than this are summarised on the calling thread. */
  minDocuments: number;
  onThreads(threads: number, hosted: number): void;
  onError(key: string, error: string): void;
  onSummary(): void;
}

/** Documents go in as they are read; `done` gives every summary, in the order added. */
export interface Summaries {
  add(key: string, text: string): void;
  done(): Promise<DocSummary[]>;
  /** How many documents came from the summary cache of the last session. */
  cached(): number;
  /** Writes the cache for the next session; a problem, or null. */
  save(): string | null;
}

export interface HistoryDeps {
  output: vscode.OutputChannel;
  /** Called when a document's history has been read, so its diagnostics are published again. */
  ready: (document: vscode.TextDocument) => void;
  configOf: (document: vscode.TextDocument) => LensConfig;
  analysisOf: (document: vscode.TextDocument) => Analysis | null;
}

export interface History extends vscode.Disposable {
  /** What git knows of the document for this analysis of it; null until read, or where git is not used. */
  input(document: vscode.TextDocument, analysis: Analysis): DocumentHistory | null;
  trails(document: vscode.TextDocument, analysis: Analysis): KrTrail[] | null;
  saved(document: vscode.TextDocument): void;
  forget(document: vscode.TextDocument): void;
}

export interface Preview {
  /** The tree message with each node's change since HEAD, or a sentence saying why there is none. */
  message(): Promise<{ message: TreeMessage } | { problem: string }>;
}
