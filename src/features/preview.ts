import * as vscode from 'vscode';
import { previewMessage, rollupDelta, WorkspaceIndex, type LensConfig } from '../core/index';
import type { WorkspaceGraph } from '../core/workspace/graph';
import type { TreeMessage } from '../core/workspace/protocol';
import { documentsAtRef } from '../node/git/at-ref';
import type { SummaryCache } from '../node/pool/summary-cache';
import { summarizeCached } from '../node/pool/summary-pool';
import { GitError, repositoryRoot, resolveRef } from '../node/git/git';
import type { Preview } from './services';
import { keyOf, type WorkspaceTracker } from './workspace';

const SINCE = 'HEAD';
const WHAT = 'the working copy, unsaved edits included';

/**
 * "Preview rollup before commit": the alignment tree with each node's change
 * since HEAD, the same comparison as `okr-lens rollup --since HEAD`, against
 * what the editor holds now (unsaved edits too). The documents at HEAD are
 * read from git once per HEAD and set of documents, and compared again on
 * every workspace change. Read-only; never in an untrusted workspace.
 */
export class RollupPreview implements Preview {
  private before: { key: string; graph: WorkspaceGraph; commit: string } | null = null;

  constructor(
    private readonly workspace: WorkspaceTracker,
    /** The summary cache of the last scan, for documents at HEAD it has seen (read only). */
    private readonly cacheFor: (config: LensConfig) => SummaryCache | null,
  ) {}

  /** The tree message with deltas, or a sentence saying why there is none. */
  async message(): Promise<{ message: TreeMessage } | { problem: string }> {
    if (!vscode.workspace.isTrusted)
      return { problem: 'Preview rollup before commit runs git, which OKR Lens never does in an untrusted workspace. Trust the workspace to use it.' };
    await this.workspace.ready();
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    if (folders.length === 0) return { problem: 'Preview rollup before commit needs a workspace folder on disk in a git repository.' };
    // Each repository once, with its HEAD and the indexed documents inside it.
    const repos = new Map<string, string>();
    let firstProblem: string | null = null;
    for (const folder of folders) {
      try {
        const repo = await repositoryRoot(folder.uri.fsPath);
        if (!repos.has(repo)) repos.set(repo, await resolveRef(repo, SINCE));
      } catch (error) {
        firstProblem ??=
          error instanceof GitError && (error.problem === 'unknown-ref' || error.problem === 'no-commits')
            ? `${folder.name} has no commits yet: there is nothing to compare with`
            : error instanceof Error
              ? error.message
              : String(error);
      }
    }
    if (repos.size === 0) return { problem: `Preview rollup before commit: ${firstProblem ?? 'no git repository'}.` };
    const keys = this.workspace.index.keys().sort();
    const cacheKey = `${[...repos].map(([r, h]) => `${r}@${h}`).join('\n')}\n${keys.join('\n')}`;
    if (this.before?.key !== cacheKey) {
      const config = this.workspace.config();
      const index = new WorkspaceIndex(config);
      const texts: Array<{ key: string; text: string }> = [];
      for (const repo of repos.keys()) {
        const at = await documentsAtRef(repo, SINCE, keys, {
          staged: false,
          toFile: (key) => this.workspace.uriOf(key)?.fsPath ?? vscode.Uri.file(key).fsPath,
          toKey: (file) => keyOf(vscode.Uri.file(file)),
          isOkr: (file, text) => this.workspace.isOkrText(vscode.Uri.file(file), text),
        });
        for (const [key, text] of at.before) texts.push({ key, text });
      }
      // Most documents at HEAD are as the last scan read them: their summaries come from its cache
      // (read only); the rest are parsed on worker threads when there are many, off the extension host.
      for (const summary of await summarizeCached(texts, config, new Date(), this.cacheFor(config))) index.set(summary);
      this.before = { key: cacheKey, graph: index.graph(), commit: [...repos.values()].map((h) => h.slice(0, 7)).join(', ') };
    }
    const rows = rollupDelta(this.before.graph, this.workspace.index.graph());
    return {
      message: previewMessage(this.workspace.tree(), rows, { since: SINCE, commit: this.before.commit, what: WHAT }, (key) => this.workspace.display(key)),
    };
  }
}
