import type { Analysis } from './analyze';
import type { LensConfig } from './config/config';
import type { LockPoint } from './history/goalposts';
import { krTrails, withWorkingCopy, type Committed, type KrTrail } from './history/trail';
import type { OkrDocument } from './model/schema';
import { rules as allRules } from './rules/index';
import { historyFindings, settle } from './rules/run';
import type { Finding, Rule } from './rules/types';
import type { WorkspaceGraph } from './workspace/graph';
import type { WorkspaceIndex } from './workspace/index';

/**
 * The full result for OKR documents, which the command line and the editor
 * both render: each document's own findings, its workspace findings
 * (alignment, dependencies) and its history findings (moving goalposts, stale
 * KRs), with suppressions applied and quality scored on all of them, and the
 * workspace's alignment graph with its rollups.
 */

/** What git knows of a document: its version at the quarter's lock, and each KR's check-in trail. */
export interface DocumentHistory {
  /** The quarter's lock and the document as it was there; null when there is none. */
  lock: { point: LockPoint; locked: OkrDocument } | null;
  /** Each KR's trail over the committed versions and the working copy; null without a committed version. */
  trails: KrTrail[] | null;
}

/** The trails of the working copy's KRs over a document's committed versions (none without a commit). */
export function trailsOf(committed: Committed | null, working: Analysis, today: Date): KrTrail[] | null {
  return committed && committed.versions.length > 0 ? krTrails(withWorkingCopy(committed, working, today)) : null;
}

export interface ReportOptions {
  config: LensConfig;
  /** The day pace and staleness are measured on. */
  today: Date;
  /** The workspace the document belongs to, and its key there; without it, no workspace findings. */
  workspace?: { index: WorkspaceIndex; key: string } | null;
  /** What git knows of the document; without it, no history findings. */
  history?: DocumentHistory | null;
  rules?: readonly Rule[];
}

/** Everything reported on one document: its analysis with the workspace's and the history's findings added. */
export function reportDocument(analysis: Analysis, options: ReportOptions): Analysis {
  const rules = options.rules ?? allRules;
  const { config, today, workspace, history } = options;
  const extra: Finding[] = workspace ? workspace.index.findings(workspace.key, config) : [];
  if (history && analysis.document.kind === 'okr' && analysis.document.objectives.length > 0) {
    const top = analysis.lines.range(0, Math.min(analysis.lines.text.length, analysis.lines.lineText(1).length));
    extra.push(
      ...historyFindings(
        {
          document: analysis.document,
          scores: analysis.scores,
          config,
          suppressions: analysis.suppressions,
          today,
          lock: history.lock,
          trails: history.trails,
        },
        rules,
        top,
      ),
    );
  }
  if (extra.length === 0) return analysis;
  return { ...analysis, ...settle(analysis.document, extra, analysis.suppressions, rules, analysis) };
}

/** One document to report on: its workspace key, its analysis and what git knows of it. */
export interface ReportInput {
  key: string;
  analysis: Analysis;
  history?: DocumentHistory | null;
}

/** The full result for a set of documents of one workspace: each document's report, and the alignment graph with its rollups. */
export function reportWorkspace(
  index: WorkspaceIndex,
  inputs: readonly ReportInput[],
  options: Omit<ReportOptions, 'workspace' | 'history'>,
): { documents: Array<{ key: string; report: Analysis }>; graph: WorkspaceGraph } {
  const documents = inputs.map((input) => ({
    key: input.key,
    report: reportDocument(input.analysis, { ...options, workspace: { index, key: input.key }, history: input.history ?? null }),
  }));
  return { documents, graph: index.graph() };
}
