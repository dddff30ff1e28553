import * as vscode from 'vscode';
import { registerActions } from './actions';
import { checkInInput, registerCheckIn, type CheckInInput } from './checkin';
import { registerCommands } from './commands';
import { registerSnippetCompletions } from './completion';
import { registerDiagnostics } from './diagnostics';
import { LazyEngine as Engine, runtime } from './lazy';
import { registerHover } from './hover';
import { inlayHintsProvider, registerInlayHints } from './inlay';
import { registerLenses } from './lenses';
import { activePrompt, type Prompt } from './prompts';
import { registerQuarter } from './quarter';
import { registerStatusBar, statusBarText } from './status';
import { registerSymbols } from './symbols';
import { alignmentViewProvider, registerTree } from './tree';
import { registerWeekly } from './weekly';
import type { TreeNode } from '../core/workspace/protocol';

/** What the extension exports: its activation time, for the integration tests and bench/README.md. */
export interface OkrLensApi {
  activationMs: number;
  engine: Engine;
  /** The open alignment tree panel, if any (what it posted, what the webview rendered): for the integration tests. */
  alignmentPanel():
    | {
        lastPosted: unknown;
        lastRendered: { version: number; nodes: number; items: number } | null;
        /** The last progress chart the detail pane drew. */
        lastChart: { id: string; series: string[]; points: number } | null;
      }
    | undefined;
  /** The Explorer's alignment view data, for the integration tests. */
  alignmentView(): vscode.TreeDataProvider<TreeNode> | undefined;
  /** What OKR Lens's status bar item shows (null while hidden), for the integration tests. */
  statusBar(): string | null;
  /** The question an OKR Lens command is asking now (a pick list or input box), to answer it: for the integration tests. */
  prompt(): Prompt | null;
  /** The open input of "OKR Lens: Check In" (what it asks, and a way to answer it), for the integration tests. */
  checkInInput(): CheckInInput | null;
  /** The KR score inlay hints' provider (a click on a hint's "Check in" runs its part's command), for the integration tests. */
  inlayHints(): vscode.InlayHintsProvider | undefined;
}

type Feature = (context: vscode.ExtensionContext, engine: Engine, output: vscode.OutputChannel) => void;

/** Every editor feature, registered in one place. */
const FEATURES: Feature[] = [
  registerDiagnostics,
  registerLenses,
  registerHover,
  registerActions,
  registerSymbols,
  registerStatusBar,
  registerCommands,
  registerTree,
  registerQuarter,
  registerSnippetCompletions,
  registerInlayHints,
  registerCheckIn,
  registerWeekly,
];

/** Activation in either host: build the engine, register each feature, nothing else. */
export function activateFeatures(context: vscode.ExtensionContext): OkrLensApi {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('OKR Lens');
  // The workspace index keeps document summaries in the extension's storage for this workspace between sessions.
  const storage = context.storageUri?.scheme === 'file' ? context.storageUri.fsPath : null;
  const engine = new Engine(output, storage);
  context.subscriptions.push(
    output,
    engine,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('okrLens')) engine.reloadConfig();
    }),
    // Trust lets the workspace's settings and .okr-lens.json apply.
    vscode.workspace.onDidGrantWorkspaceTrust(() => engine.reloadConfig()),
  );
  const watcher = vscode.workspace.createFileSystemWatcher('**/.okr-lens.{json,jsonc}');
  context.subscriptions.push(
    watcher,
    watcher.onDidChange(() => engine.reloadConfig()),
    watcher.onDidCreate(() => engine.reloadConfig()),
    watcher.onDidDelete(() => engine.reloadConfig()),
  );
  for (const feature of FEATURES) feature(context, engine, output);
  return {
    activationMs: performance.now() - started,
    engine,
    alignmentPanel: () => runtime().AlignmentPanel.instance,
    alignmentView: () => alignmentViewProvider,
    statusBar: () => statusBarText,
    prompt: activePrompt,
    checkInInput,
    inlayHints: () => inlayHintsProvider,
  };
}
