import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isMarkdownPath, type LensConfig } from '../core/index';
import { findConfig, loadConfig } from '../node/config';
import { SummaryCache } from '../node/pool/summary-cache';
import { SummaryStream } from '../node/pool/summary-pool';
import { versionAtWeekStart } from '../node/weekly';
import { HistoryTracker } from './history';
import { RollupPreview } from './preview';
import type { Disk, Services, Summaries, SummaryOptions } from './services';

/**
 * The services of VS Code's Node extension host: configuration files and
 * Markdown files read with Node's fs, the cold index parsed on worker threads
 * (in a host process of their own) with a summary cache in the extension's
 * storage, git for the history checks and the rollup preview.
 */
export function nodeServices(
  /** The extension's storage folder for this workspace (the summary cache); null without one. */
  storage: string | null,
): Services {
  return {
    unavailable: null,
    configFile(uri) {
      if (uri.scheme !== 'file') return null;
      const folder = path.dirname(uri.fsPath);
      return loadConfig(findConfig(folder), folder, (f) => vscode.workspace.asRelativePath(f));
    },
    disk,
    summaries: (config, today, options) => summaries(summaryCache(storage, config), config, today, options),
    history: (deps) => new HistoryTracker(deps.output, deps.ready, deps.configOf, deps.analysisOf),
    preview: (workspace) => new RollupPreview(workspace, (config) => summaryCache(storage, config)),
    weekStart: (uri, monday, config, today) => (uri.scheme === 'file' ? versionAtWeekStart(uri.fsPath, monday, config, today) : Promise.resolve(null)),
  };
}

/** The summary cache of the last scan (in the extension's storage); null without storage. */
function summaryCache(storage: string | null, config: LensConfig): SummaryCache | null {
  return storage ? SummaryCache.load(path.join(storage, 'summaries.json'), config) : null;
}

function summaries(cache: SummaryCache | null, config: LensConfig, today: Date, options: SummaryOptions): Summaries {
  const stream = new SummaryStream(config, today, cache, options);
  return {
    add: (key, text) => stream.add(key, text),
    done: () => stream.done(),
    cached: () => cache?.hits ?? 0,
    save: () => cache?.save() ?? null,
  };
}

/**
 * Files on the extension host's own disk (`file:` URIs), read with Node's fs: workspace.fs goes
 * through VS Code's file service, several times slower per file.
 */
const disk: Disk = {
  readFileSync: (uri) => fs.readFileSync(uri.fsPath),
  readFile: (uri) => fs.promises.readFile(uri.fsPath),
  /**
   * A folder's entries. A folder that is gone again (made and removed in one burst) is then a quiet
   * error, where VS Code's file service would log it with a stack trace. Links are reported as links,
   * as readDirectory does, with the File flag for a link to Markdown so it is read like a file.
   */
  async readFolder(uri) {
    const entries = await fs.promises.readdir(uri.fsPath, { withFileTypes: true });
    return entries.map((e): [string, vscode.FileType] => [
      e.name,
      e.isDirectory()
        ? vscode.FileType.Directory
        : e.isFile()
          ? vscode.FileType.File
          : e.isSymbolicLink()
            ? vscode.FileType.SymbolicLink | (isMarkdownPath(e.name) ? vscode.FileType.File : 0)
            : vscode.FileType.Unknown,
    ]);
  },
};
