import * as vscode from 'vscode';
import { analyze, goalpostFindings, type Analysis, type Finding, type LensConfig, type LockPoint, type OkrDocument, type Suppressed } from '../core/index';
import { findLock } from '../git/lock';

type Entry = { lock: LockPoint; locked: OkrDocument } | { none: string } | 'pending';

/**
 * moving-goalposts in the editor: each open OKR document's version at the
 * quarter's lock commit, read from git once (in the background) and again
 * after a save, compared with every analysis of the working copy. Off in
 * untrusted and virtual workspaces: git is never run there.
 */
export class HistoryTracker {
  private readonly locks = new Map<string, Entry>();

  constructor(
    private readonly output: vscode.OutputChannel,
    /** Called when a lock has been read, so the document's diagnostics are published again. */
    private readonly ready: (document: vscode.TextDocument) => void,
  ) {}

  findings(document: vscode.TextDocument, analysis: Analysis, config: LensConfig): { kept: Finding[]; suppressed: Suppressed[] } {
    const none = { kept: [], suppressed: [] };
    if (!vscode.workspace.isTrusted || document.uri.scheme !== 'file' || analysis.document.kind !== 'okr' || analysis.document.objectives.length === 0) return none;
    const key = document.uri.toString();
    const entry = this.locks.get(key);
    if (entry === undefined) {
      this.locks.set(key, 'pending');
      void this.read(document, analysis.document, config);
      return none;
    }
    if (entry === 'pending' || 'none' in entry) return none;
    return goalpostFindings(analysis, entry.locked, entry.lock, config);
  }

  private async read(document: vscode.TextDocument, current: OkrDocument, config: LensConfig): Promise<void> {
    const key = document.uri.toString();
    const found = await findLock(document.uri.fsPath, current);
    if ('none' in found) {
      if (!found.quiet) this.output.appendLine(`History: ${vscode.workspace.asRelativePath(document.uri)}: ${found.none}`);
      this.locks.set(key, { none: found.none });
      return;
    }
    this.locks.set(key, { lock: found.lock, locked: analyze(found.text, { config }).document });
    if (!document.isClosed) this.ready(document);
  }

  /** A save may have made a commit's worth of difference (or the front matter's locked: changed): read again. */
  forget(document: vscode.TextDocument): void {
    this.locks.delete(document.uri.toString());
  }
}
