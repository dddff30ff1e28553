import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Root hooks of the unit run (.mocharc.json requires this file): the run gets
 * a temporary folder of its own (TMPDIR, inherited by the CLI and git
 * processes the tests start), and at the end, once the folders made with
 * `tempDir()` are removed, it must be empty: `npm test` leaves nothing in the
 * system temporary folder. Other people's runs on the same machine write
 * beside it, not in it.
 */
const registry: string[] = [];
(globalThis as { okrLensTempDirs?: string[] }).okrLensTempDirs = registry;

let runDir: string | null = null;
let outer: string | undefined;

export const mochaHooks = {
  beforeAll(): void {
    outer = process.env['TMPDIR'];
    runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'okr-lens-unit-run-'));
    process.env['TMPDIR'] = runDir;
  },
  afterAll(): void {
    if (!runDir) return;
    for (const dir of registry.splice(0)) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    const left = fs.readdirSync(runDir);
    fs.rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
    if (outer === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = outer;
    runDir = null;
    assert.deepEqual(left, [], 'what the unit tests left in the temporary folder (make it with tempDir() from helpers.ts)');
  },
};
