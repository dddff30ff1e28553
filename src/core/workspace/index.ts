import type { Analysis } from '../analyze';
import type { LensConfig } from '../config/config';
import { rules as allRules } from '../rules/index';
import { workspaceCheck, workspaceFindings } from '../rules/run';
import type { Finding, Rule } from '../rules/types';
import { buildGraph, updateGraph, type WorkspaceGraph } from './graph';
import { summarize, summaryOf, type DocSummary } from './summary';

/**
 * Every OKR document of a workspace, as summaries keyed by absolute POSIX
 * path, and the alignment graph built from them. The graph is cached: a
 * change that keeps a document's shape (a check-in, typing in a KR's text or
 * anywhere outside titles, links and IDs) patches it into a new graph object at once; any
 * other change builds it again at the next `graph()`. The editor feeds the
 * index file-system events and open documents (unsaved edits win); the CLI
 * feeds it the files it checks and the files they link to. No `vscode`, no
 * file system: callers bring the text.
 */
export class WorkspaceIndex {
  private readonly docs = new Map<string, DocSummary>();
  private cached: WorkspaceGraph | null = null;
  /** Bumped on every change; the graph and findings of a version never change. */
  version = 0;

  constructor(
    private config: LensConfig,
    private readonly today: () => Date = () => new Date(),
    private readonly rules: readonly Rule[] = allRules,
  ) {}

  get size(): number {
    return this.docs.size;
  }

  has(key: string): boolean {
    return this.docs.has(key);
  }

  get(key: string): DocSummary | undefined {
    return this.docs.get(key);
  }

  keys(): string[] {
    return [...this.docs.keys()];
  }

  /** Indexes (or re-indexes) a document from its text. */
  setText(key: string, text: string): DocSummary {
    const summary = summarize(key, text, this.config, this.today());
    this.set(summary);
    return summary;
  }

  /** Indexes a document the caller has analysed already (an open editor). */
  setAnalysis(key: string, analysis: Analysis): void {
    this.set(summaryOf(key, analysis.document, analysis.scores, analysis.suppressions, analysis.lines.text));
  }

  set(summary: DocSummary): void {
    const before = this.docs.get(summary.key);
    this.docs.set(summary.key, summary);
    // A new graph object, never the cached one changed: callers may still hold that.
    const patched = this.cached && before ? updateGraph(this.cached, before, summary) : null;
    this.changed();
    this.cached = patched;
  }

  delete(key: string): boolean {
    const had = this.docs.delete(key);
    if (had) this.changed();
    return had;
  }

  /** A renamed file keeps its summary; links to and from it resolve anew. */
  rename(from: string, to: string): void {
    const summary = this.docs.get(from);
    if (!summary) return;
    this.docs.delete(from);
    this.docs.set(to, { ...summary, key: to });
    this.changed();
  }

  clear(): void {
    this.docs.clear();
    this.changed();
  }

  setConfig(config: LensConfig): void {
    this.config = config;
    this.changed();
  }

  graph(): WorkspaceGraph {
    this.cached ??= buildGraph(this.docs.values(), { ragBands: this.config.ragBands, check: workspaceCheck(this.config, this.rules) });
    return this.cached;
  }

  /**
   * The workspace findings of one document (alignment, dependencies) under a
   * configuration: severity applied, rules turned off left out. The
   * document's suppression comments apply when its report is made (report.ts).
   */
  findings(key: string, config: LensConfig = this.config): Finding[] {
    const reports = this.graph().reports.get(key);
    return reports && this.docs.has(key) ? workspaceFindings(key, reports, config, this.rules) : [];
  }

  private changed(): void {
    this.cached = null;
    this.version++;
  }
}
