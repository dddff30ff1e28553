import * as path from 'node:path';
import type * as vscode from 'vscode';
import { activateFeatures, type OkrLensApi } from './features/activate';
import { useRuntime, type Runtime } from './features/lazy';

export type { OkrLensApi } from './features/activate';

/**
 * The extension in VS Code's Node extension host (package.json `main`). The
 * runtime is a bundle of its own (out/runtime.js), required on first use.
 */
export function activate(context: vscode.ExtensionContext): OkrLensApi {
  // A computed path: esbuild leaves this require to Node, so the runtime stays a bundle of its own.
  const file = path.join(__dirname, 'runtime.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at run time on purpose, see above
  useRuntime(() => require(file) as Runtime);
  return activateFeatures(context);
}

export function deactivate(): void {}
