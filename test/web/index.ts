/**
 * The test runner of the web suite, loaded by the browser's web worker
 * extension host (`extensionTestsPath`). There is no Node there: this bundle
 * holds mocha's browser build and the suite, and mocha's spec reporter writes
 * to the console, which VS Code forwards to the launcher (`codeAutomationLog`).
 */
import 'mocha/mocha.js';

export async function run(): Promise<void> {
  mocha.setup({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
  // Defined once mocha has set up its globals (describe, it).
  await import('./web.test');
  return new Promise((resolve, reject) => {
    // Mocha's own run(), not the browser build's wrapper: that one reads `location`, which the extension host's worker does not have.
    (Object.getPrototypeOf(mocha) as Mocha).run.call(mocha, (failures) => (failures > 0 ? reject(new Error(`${failures} web test(s) failed`)) : resolve()));
  });
}
