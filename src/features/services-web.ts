import { summarize, type DocSummary } from '../core/workspace/summary';
import type { History, Services } from './services';

/** What the web build says where a git-aware feature would be. */
export const WEB_NO_GIT =
  'OKR Lens runs in the browser here (vscode.dev, github.dev), where it cannot run git: moving-goalposts, stale-kr, the check-in sparklines and "Preview Rollup Before Commit" are off. Open the repository in desktop VS Code, or run `okr-lens check` / `okr-lens rollup --since HEAD`, for those.';

/** Documents summarised between two yields to the worker's event loop during the cold index. */
const BATCH = 8;

/**
 * The services of the browser's web worker extension host (vscode.dev,
 * github.dev): files only through `workspace.fs`, no configuration file (only
 * `okrLens.*` settings apply), the cold index parsed on this thread a few
 * documents per turn (a web extension cannot start workers), and no git.
 */
export function webServices(): Services {
  return {
    unavailable: WEB_NO_GIT,
    configFile: () => null,
    disk: null,
    summaries(config, today, options) {
      const items: Array<{ key: string; text: string }> = [];
      return {
        add: (key, text) => void items.push({ key, text }),
        async done() {
          const out: DocSummary[] = [];
          for (let i = 0; i < items.length; i++) {
            if (i > 0 && i % BATCH === 0) await new Promise((resolve) => setTimeout(resolve, 0));
            const { key, text } = items[i]!;
            try {
              out.push(summarize(key, text, config, today));
              options.onSummary();
            } catch (error) {
              options.onError(key, error instanceof Error ? error.message : String(error));
            }
          }
          options.onThreads(0, 0);
          return out;
        },
        cached: () => 0,
        save: () => null,
      };
    },
    history: () => noHistory,
    preview: () => ({ message: () => Promise.resolve({ problem: WEB_NO_GIT }) }),
    // No git: New Weekly Update takes Last from the previous weekly update only.
    weekStart: () => Promise.resolve(null),
  };
}

const noHistory: History = {
  input: () => null,
  trails: () => null,
  saved: () => undefined,
  forget: () => undefined,
  dispose: () => undefined,
};
