import * as fs from 'node:fs';
import * as path from 'node:path';

/** What `npm run build` writes. */
export const OUTPUTS = [
  'out/extension.js',
  'out/runtime.js',
  'out/web/extension.js',
  'out/cli.js',
  'out/summary-worker.js',
  'out/summary-host.js',
  'media/tree.js',
];

/** The newest file below `dir` (skipping nothing: src/ holds only sources), as [path, mtime in ms]. */
function newest(dir: string): [string, number] | null {
  let best: [string, number] | null = null;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    const found: [string, number] | null = e.isDirectory() ? newest(p) : e.isFile() ? [p, fs.statSync(p).mtimeMs] : null;
    if (found && (!best || found[1] > best[1])) best = found;
  }
  return best;
}

/**
 * Why `npm start` must run `npm run build` first: an output missing, or a
 * source (src/, package.json) changed after the oldest output was written.
 * Null when out/ is current. `npm install` does not build: a fresh clone has no
 * out/ yet, so the first `npm start` builds it.
 */
export function buildNeeded(root: string): string | null {
  let oldest = Infinity;
  for (const rel of OUTPUTS) {
    const file = path.join(root, rel);
    if (!fs.existsSync(file)) return `${rel} is missing`;
    oldest = Math.min(oldest, fs.statSync(file).mtimeMs);
  }
  const sources = [newest(path.join(root, 'src')), [path.join(root, 'package.json'), fs.statSync(path.join(root, 'package.json')).mtimeMs] as [string, number]];
  const changed = sources.filter((s): s is [string, number] => s !== null && s[1] > oldest).sort((a, b) => b[1] - a[1])[0];
  return changed ? `${path.relative(root, changed[0]).split(path.sep).join('/')} changed since the last build` : null;
}
