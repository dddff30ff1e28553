import type * as vscode from 'vscode';
import { activateFeatures, type OkrLensApi } from './features/activate';
import { useRuntime } from './features/lazy';
import * as runtime from './features/runtime-web';

/**
 * The extension in the browser's web worker extension host (package.json
 * `browser`: vscode.dev, github.dev): one bundle, with no Node. Documents are
 * read through `workspace.fs`; git-aware features are off (services-web.ts).
 */
export function activate(context: vscode.ExtensionContext): OkrLensApi {
  useRuntime(() => runtime);
  return activateFeatures(context);
}

export function deactivate(): void {}
