import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchChromium, root, startServer, workbenchUrl } from './vscode';

/**
 * `npm run screenshot`: docs/screenshot.png, the offline VS Code server with
 * examples/ open, the Sales OKRs in the editor with their squiggles, score
 * lenses and a hover, as a person sees them.
 */
async function main(): Promise<void> {
  const ws = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'okr-lens-shot-')), 'examples');
  fs.cpSync(path.join(root, 'examples'), ws, { recursive: true });
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'okr-lens-shot-ud-'));
  const { port, server } = await startServer(userDataDir);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(workbenchUrl(port, ws, null));
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.waitForTimeout(3_000);
    await page.keyboard.press('Control+P');
    await page.keyboard.type('sales/q4-2026.okr.md');
    await page.waitForTimeout(1_500);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.codelens-decoration', { timeout: 60_000 });
    await page.waitForSelector('.squiggly-warning', { timeout: 60_000 });
    await page.waitForTimeout(1_000);
    // Dismiss the workbench's own notifications (the theme prompt) so they do not cover the editor.
    for (const toast of await page.locator('.notification-toast .codicon-notifications-clear, .notification-toast .codicon-close').all()) await toast.click().catch(() => undefined);
    await page.getByRole('button', { name: 'Cancel' }).click({ timeout: 2_000 }).catch(() => undefined);
    // Put the cursor on the "Send 500 outreach emails" row and show its hover.
    await page.keyboard.press('Control+G');
    await page.keyboard.type('13');
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await page.waitForTimeout(300);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    await page.waitForSelector('.monaco-hover', { timeout: 10_000 }).catch(() => undefined);
    await page.waitForTimeout(800);
    const out = path.join(root, 'docs', 'screenshot.png');
    await page.screenshot({ path: out });
    console.log(`wrote ${path.relative(root, out)}`);
  } finally {
    await browser.close();
    server.kill();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
