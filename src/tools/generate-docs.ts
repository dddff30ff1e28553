import * as fs from 'node:fs';
import * as path from 'node:path';
import { expectedFiles } from './docs';

/**
 * `npm run docs`: rewrite every generated file (after generate-registries.ts
 * has written the registries this script is built from). `--check`: list
 * stale files and exit 1.
 */
const root = path.resolve(__dirname, '..', '..');
const check = process.argv.includes('--check');
let stale = 0;
for (const [rel, content] of expectedFiles(root)) {
  const file = path.join(root, rel);
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
  if (current === content) continue;
  stale++;
  if (check) console.error(`stale: ${rel} (run npm run docs)`);
  else {
    fs.writeFileSync(file, content);
    console.log(`wrote ${rel}`);
  }
}
process.exitCode = check && stale > 0 ? 1 : 0;
