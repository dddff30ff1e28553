import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/**
 * The test runner VS Code loads in its extension host (`extensionTestsPath`),
 * the same for @vscode/test-electron and the offline VS Code server.
 */
export function run(): Promise<void> {
  // OKR_LENS_IT_GREP runs only the matching tests, for a quick look while developing (npm test never sets it).
  const grep = process.env['OKR_LENS_IT_GREP'];
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  const dir = path.join(__dirname, 'suite');
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.js'))
    .sort())
    mocha.addFile(path.join(dir, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
