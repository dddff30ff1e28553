import * as fs from 'node:fs';

/** Helpers of the integration suites that need Node (the web suite cannot use them). */

/**
 * The repository the tests run from (its out/cli.js, docs/rules): the launcher names it in
 * OKR_LENS_REPO, since the extension under test is the installed VSIX, which holds neither.
 */
export function repoRoot(): string {
  const repo = process.env['OKR_LENS_REPO'];
  if (!repo) throw new Error('OKR_LENS_REPO is not set: run the integration tests with npm run test:integration');
  return repo;
}

/** Appends a measured figure for bench/README.md to the results file the launcher names. */
export function record(name: string, value: unknown): void {
  const file = process.env['OKR_LENS_RESULTS'];
  if (!file) return;
  const results = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  results[name] = value;
  fs.writeFileSync(file, JSON.stringify(results, null, 2));
}
