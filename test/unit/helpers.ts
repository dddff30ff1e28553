import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The repository root (tests run from out/test/unit). */
export const repoRoot = path.resolve(__dirname, '../../..');
export const fixturesDir = path.join(repoRoot, 'test', 'fixtures');
export const corpusDir = path.join(fixturesDir, 'corpus');
export const examplesDir = path.join(repoRoot, 'examples');

export function corpusFiles(): string[] {
  return fs
    .readdirSync(corpusDir)
    .filter((f) => f.endsWith('.md'))
    .sort();
}

export function readCorpus(name: string): string {
  return fs.readFileSync(path.join(corpusDir, name), 'utf8');
}

export function readFixture(...parts: string[]): string {
  return fs.readFileSync(path.join(fixturesDir, ...parts), 'utf8');
}

/** Every Markdown file below a folder, sorted, as absolute paths. */
export function markdownFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) out.push(p);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out.sort();
}

/**
 * The temporary folders the tests of this run made (tempDir), removed when the
 * run ends: by the root hooks of hooks.ts (shared by every suite's bundle), or
 * by a root hook of this bundle when a suite runs without them.
 */
const shared = (globalThis as { okrLensTempDirs?: string[] }).okrLensTempDirs;
const made: string[] = shared ?? [];

/**
 * A new empty folder `okr-lens-<prefix>…` in the system temporary folder,
 * removed with everything in it at the end of the run, so that `npm test`
 * leaves nothing behind.
 */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `okr-lens-${prefix}`));
  made.push(dir);
  return dir;
}

if (!shared && typeof after === 'function') {
  after(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  });
}
