import * as path from 'node:path';
import * as vscode from 'vscode';
import { type Analysis, type DocumentHistory, type KrTrail, type LensConfig } from '../core/index';
import { headCommit } from '../node/git/git';
import { documentHistory, readGitHistory, type GitHistory } from '../node/history';
import type { History } from './services';

interface Read {
  /** The lock and the committed versions; both null outside a repository. */
  git: GitHistory;
  /** The repository's HEAD when read (null outside a repository): a different HEAD means read again. */
  head: string | null;
  /** When HEAD was last compared (ms since the epoch). */
  checkedAt: number;
}

/** A document's HEAD is compared again at most this often while it is being edited. */
const RECHECK_MS = 10_000;

/**
 * The git-aware checks in the editor: each open OKR document's version at the
 * quarter's lock commit (moving-goalposts) and its committed versions (the
 * check-in trail: stale-kr and the hover's sparkline). Read from git in the
 * background; read again after a save, or when the repository's HEAD moved (a
 * commit, a branch switch, a new repository), which is checked when the
 * document is shown, when the window regains focus, and every ten seconds
 * while it is edited. Every analysis of the working copy, unsaved edits
 * included, is compared with the last read. Off in untrusted and virtual
 * workspaces: git is never run there.
 */
export class HistoryTracker implements History {
  private readonly reads = new Map<string, Read>();
  /** Reads under way, each with its own token, so a read overtaken by a newer one is dropped. */
  private readonly inflight = new Map<string, object>();
  /** What the history rules and the hover read, by analysis: every feature reading one analysis gets the same. */
  private readonly inputs = new WeakMap<Analysis, { read: Read; input: DocumentHistory }>();
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly output: vscode.OutputChannel,
    /** Called when the history has been read, so the document's diagnostics are published again. */
    private readonly ready: (document: vscode.TextDocument) => void,
    private readonly configOf: (document: vscode.TextDocument) => LensConfig,
    /** The engine's cached analysis of the document's current version (null when it is no OKR document). */
    private readonly analysisOf: (document: vscode.TextDocument) => Analysis | null,
  ) {
    this.disposables = [
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor) this.recheck(editor.document, true);
      }),
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) for (const editor of vscode.window.visibleTextEditors) this.recheck(editor.document, true);
      }),
    ];
  }

  private applies(document: vscode.TextDocument, analysis: Analysis): boolean {
    return vscode.workspace.isTrusted && document.uri.scheme === 'file' && analysis.document.kind === 'okr' && analysis.document.objectives.length > 0;
  }

  private entry(document: vscode.TextDocument, analysis: Analysis): Read | null {
    if (!this.applies(document, analysis)) return null;
    const read = this.reads.get(document.uri.toString());
    if (!read) {
      this.start(document);
      return null;
    }
    this.recheck(document, false);
    return read;
  }

  /** What git knows of the document for this analysis of it (lock, check-in trails); null until read, or where git is not used. */
  input(document: vscode.TextDocument, analysis: Analysis): DocumentHistory | null {
    const read = this.entry(document, analysis);
    if (!read) return null;
    const cached = this.inputs.get(analysis);
    if (cached?.read === read) return cached.input;
    const input = documentHistory(read.git, analysis, new Date());
    this.inputs.set(analysis, { read, input });
    return input;
  }

  /** Each KR's check-in trail, the working copy last; null until the history has been read (or without one). */
  trails(document: vscode.TextDocument, analysis: Analysis): KrTrail[] | null {
    return this.input(document, analysis)?.trails ?? null;
  }

  /** Reads the document's history in the background; the last read stays in use until this one is done. */
  private start(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (this.inflight.has(key)) return;
    const token = {};
    this.inflight.set(key, token);
    void this.read(document, token).finally(() => {
      if (this.inflight.get(key) === token) this.inflight.delete(key);
    });
  }

  /** Compares the repository's HEAD with the one read; reads again when it moved. `now` skips the ten-second pause. */
  private recheck(document: vscode.TextDocument, now: boolean): void {
    const key = document.uri.toString();
    const read = this.reads.get(key);
    if (!read || this.inflight.has(key) || !vscode.workspace.isTrusted || document.uri.scheme !== 'file') return;
    if (!now && Date.now() - read.checkedAt < RECHECK_MS) return;
    read.checkedAt = Date.now();
    const token = {};
    this.inflight.set(key, token);
    void headCommit(path.dirname(document.uri.fsPath)).then((head) => {
      if (this.inflight.get(key) !== token) return;
      this.inflight.delete(key);
      if (head !== read.head && !document.isClosed) this.start(document);
    });
  }

  private async read(document: vscode.TextDocument, token: object): Promise<void> {
    const key = document.uri.toString();
    const file = document.uri.fsPath;
    const shown = vscode.workspace.asRelativePath(document.uri);
    const config = this.configOf(document);
    // The document as it is now, for the lock's quarter and front matter `locked:`.
    const current = this.analysisOf(document);
    if (!current) return;
    const [head, git] = await Promise.all([headCommit(path.dirname(file)), readGitHistory(file, current, config, new Date())]);
    for (const note of git.notes) this.output.appendLine(`History: ${shown}: ${note}`);
    const read: Read = { git, head, checkedAt: Date.now() };
    // Dropped when a newer read started meanwhile, or the document was closed.
    if (this.inflight.get(key) !== token || document.isClosed) return;
    this.reads.set(key, read);
    this.ready(document);
  }

  /** After a save (a commit's worth of difference, or a new front matter `locked:`): read again, keeping the last read until then. */
  saved(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (!this.reads.has(key)) return;
    this.inflight.delete(key);
    this.start(document);
  }

  /** A closed document forgets its history; reopened, it reads it again. */
  forget(document: vscode.TextDocument): void {
    this.reads.delete(document.uri.toString());
    this.inflight.delete(document.uri.toString());
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
