import * as vscode from 'vscode';
import { readConfigValue, resolveConfig, rules, SETTING_SCHEMAS, type ConfigProblem, type LensConfig } from '../core/index';
import type { Services } from './services';

/**
 * The configuration for one document: defaults, then the `okrLens.*` VS Code
 * settings, then the nearest `.okr-lens.json(c)` (the file wins, so a
 * repository's rules apply the same in the editor, the hook and CI). Every
 * bad key is reported and falls back to its default.
 */
export function configFor(uri: vscode.Uri, services: Services): { config: LensConfig; problems: ConfigProblem[] } {
  const settings = vscode.workspace.getConfiguration('okrLens', uri);
  // An untrusted workspace changes nothing: only the user's own settings apply, and no configuration file is read
  // (it could raise the input limits or point the index at huge files). package.json declares this as "limited" support.
  const trusted = vscode.workspace.isTrusted !== false;
  const explicit: Record<string, unknown> = {};
  for (const key of [...Object.keys(SETTING_SCHEMAS), 'rules']) {
    const i = settings.inspect(key);
    const value = trusted ? (i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue) : i?.globalValue;
    if (value !== undefined) explicit[key] = value;
  }
  const fromSettings = readConfigValue(explicit, 'VS Code settings', rules, 'okrLens.');
  // Untrusted workspaces, and where no file is read (virtual workspaces, the web): settings only.
  if (!trusted) return { config: resolveConfig(fromSettings.layer), problems: fromSettings.problems };
  let fromFile;
  try {
    fromFile = services.configFile(uri);
  } catch (error) {
    const problem = { source: 'configuration file', key: '(file)', message: error instanceof Error ? error.message : String(error) };
    return { config: resolveConfig(fromSettings.layer), problems: [...fromSettings.problems, problem] };
  }
  if (!fromFile) return { config: resolveConfig(fromSettings.layer), problems: fromSettings.problems };
  return { config: resolveConfig(fromSettings.layer, fromFile.layer), problems: [...fromSettings.problems, ...fromFile.problems] };
}
