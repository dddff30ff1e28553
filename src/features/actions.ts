import * as vscode from 'vscode';
import type { Analysis, FixContext, Person } from '../core/index';
import { runtime, type LazyEngine as Engine } from './lazy';
import { lineOf, workspaceEdit } from './convert';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('okrLens');
const REFACTOR_INSERT = vscode.CodeActionKind.Refactor.append('insert');

/** Fix-all, whose edit is computed when it is chosen. */
class FixAllAction extends vscode.CodeAction {
  constructor(
    title: string,
    kind: vscode.CodeActionKind,
    readonly document: vscode.TextDocument,
  ) {
    super(title, kind);
  }
}

/** Quick fixes for findings, a Supports line for objectives, and fix-all (also as source.fixAll.okrLens for codeActionsOnSave). */
export function registerActions(context: vscode.ExtensionContext, engine: Engine): void {
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(
      { language: 'markdown' },
      {
        provideCodeActions(document, range, ctx) {
          const analysis = engine.analysisOf(document);
          if (!analysis) return [];
          const actions: vscode.CodeAction[] = [];
          const wants = (kind: vscode.CodeActionKind): boolean => !ctx.only || ctx.only.contains(kind);
          const diagnostics = ctx.diagnostics.filter((d) => d.source === 'OKR Lens');
          // The fixes that change the OKRs come first, the preferred one at the top; disable comments after them, fix-all last.
          const disables: vscode.CodeAction[] = [];
          if (wants(vscode.CodeActionKind.QuickFix)) {
            const context = fixContext(document, analysis, engine);
            // The findings the Problems panel shows: the document's, its workspace ones (a broken link's
            // closest heading) and the git-aware ones (a reasoned disable comment for moving-goalposts).
            for (const f of (engine.reportOf(document) ?? analysis).findings) {
              if (f.range.start.line - 1 > range.end.line || f.range.end.line - 1 < range.start.line) continue;
              const diagnostic = diagnostics.find(
                (d) => typeof d.code === 'object' && d.code.value === f.ruleId && d.range.start.line === f.range.start.line - 1,
              );
              for (const fix of runtime().fixesFor(analysis, f, context)) {
                const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
                action.edit = workspaceEdit(document, fix.edits);
                if (diagnostic) action.diagnostics = [diagnostic];
                action.isPreferred = fix.preferred;
                (fix.kind === 'disable' ? disables : actions).push(action);
              }
            }
          }
          if (wants(REFACTOR_INSERT) || wants(vscode.CodeActionKind.QuickFix)) {
            // On an objective that supports nothing: a Supports line per ID of the workspace (a quick fix for alignment-orphan).
            const orphan = diagnostics.find(
              (d) => typeof d.code === 'object' && d.code.value === 'alignment-orphan' && d.range.start.line === range.start.line,
            );
            for (const action of supportsActions(document, analysis, lineOf(range.start), engine, orphan !== undefined)) {
              if (orphan && wants(vscode.CodeActionKind.QuickFix)) {
                action.kind = vscode.CodeActionKind.QuickFix;
                action.diagnostics = [orphan];
                actions.push(action);
              } else if (wants(REFACTOR_INSERT)) actions.push(action);
            }
          }
          actions.push(...disables);
          // Fix-all re-analyses after each fix, so its edit is computed only when the action is chosen
          // (resolveCodeAction), never on every cursor move; here a cheap check that anything is fixable.
          const fixable = analysis.findings.some((f) =>
            runtime()
              .fixesFor(analysis, f)
              .some((x) => x.fixAll),
          );
          if (fixable && wants(vscode.CodeActionKind.QuickFix) && actions.length > 0)
            actions.push(new FixAllAction('Fix all OKR Lens problems that have a fix', vscode.CodeActionKind.QuickFix, document));
          if (fixable && ctx.only !== undefined && wants(FIX_ALL_KIND)) actions.push(new FixAllAction('OKR Lens: fix all', FIX_ALL_KIND, document));
          return actions;
        },
        resolveCodeAction(action) {
          if (action instanceof FixAllAction) {
            const all = runtime().fixAll(action.document.getText(), { config: engine.config(action.document), today: new Date() });
            if (all) action.edit = workspaceEdit(action.document, [all.edit]);
          }
          return action;
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, REFACTOR_INSERT, FIX_ALL_KIND] },
    ),
  );
}

/**
 * What the quick fixes know beyond the document: the people named as owners in the workspace
 * (for a KR with no owner) and, from git, each KR's value when the quarter started (for a missing baseline).
 */
function fixContext(document: vscode.TextDocument, analysis: Analysis, engine: Engine): FixContext {
  let people: Person[] | undefined;
  let trails: ReturnType<Engine['historyTrails']> | undefined;
  const start = analysis.document.quarter?.start ?? null;
  return {
    // Read only when a finding asks: the quick-fix menu is asked for on every cursor move.
    get people(): Person[] {
      const index = engine.workspace.index;
      return (people ??= runtime().peopleNamed(
        index.keys().map((k) => index.get(k)!),
        document.uri.path,
      ));
    },
    baselineOf: (kr) => {
      if (!start) return null;
      trails ??= engine.historyTrails(document);
      const trail = trails?.find((t) => t.kr === kr) ?? trails?.find((t) => t.kr.textRange.start.offset === kr.textRange.start.offset);
      return trail ? runtime().baselineFromHistory(trail.points, start) : null;
    },
  };
}

/**
 * On an objective heading with no Supports line: one action per ID the workspace index knows (`ID: CO-1` lines of other
 * documents), or per company objective. Under a document-level line (`Annual goal this supports: AG-2026-01`) the objective
 * inherits that alignment, so the actions are offered only where alignment-orphan says it leads to no objective of the workspace.
 */
function supportsActions(document: vscode.TextDocument, analysis: Analysis, line: number, engine: Engine, orphan: boolean): vscode.CodeAction[] {
  const index = analysis.document.objectives.findIndex((o) => o.titleRange.start.line === line && o.alignments.length === 0 && o.depth > 0);
  if (index < 0 || (analysis.document.alignments.length > 0 && !orphan)) return [];
  const self = engine.workspace.index;
  const targets = runtime().supportsChoices(
    self.keys().map((k) => self.get(k)!),
    document.uri.path,
  );
  return targets.map((t) => {
    const action = new vscode.CodeAction(t.title, REFACTOR_INSERT);
    action.edit = workspaceEdit(document, [runtime().supportsLine(analysis, index, t.text)!]);
    return action;
  });
}
