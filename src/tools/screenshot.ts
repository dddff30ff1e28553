import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dismissNotifications, launchChromium, openWorkbench, quickOpen, root, startServer } from './vscode';

/**
 * `npm run screenshot`: docs/screenshot.png, the offline VS Code server with
 * examples/ open, the Sales OKRs in the editor with their squiggles, score
 * lenses and a hover, as a person sees them. With `--check-in`:
 * docs/check-in.png, the Growth OKRs with each KR's score at the end of its
 * row and "OKR Lens: Check In" asking Sarah's first KR's current value.
 * With `--weekly`: docs/weekly-update.png, this week's update that "OKR
 * Lens: New Weekly Update" wrote for Growth, open in the editor. With
 * `--grade`: docs/grade-quarter.png, the Growth OKRs after "OKR Lens: Grade
 * the Quarter", their KR tables with the Score column and the retrospective.
 */
async function main(): Promise<void> {
  const ws = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'okr-lens-shot-')), 'examples');
  fs.cpSync(path.join(root, 'examples'), ws, { recursive: true });
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'okr-lens-shot-ud-'));
  const { port, server } = await startServer(userDataDir);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await openWorkbench(page, port, ws);
    const shoot = async (name: string): Promise<void> => {
      const shot = path.join(root, 'docs', name);
      await page.screenshot({ path: shot });
      console.log(`wrote ${path.relative(root, shot)}`);
    };
    /** Runs a command from the Command Palette, as a user does. */
    const command = async (title: string): Promise<void> => {
      await page.keyboard.press('F1');
      await page.keyboard.type(title);
      await page.waitForTimeout(800);
      await page.keyboard.press('Enter');
      await page.waitForTimeout(1_000);
    };
    if (process.argv.includes('--weekly') || process.argv.includes('--grade')) {
      await quickOpen(page, 'growth/q4-2026.okr.md');
      await page.waitForTimeout(1_500);
      await dismissNotifications(page);
      const weekly = process.argv.includes('--weekly');
      // The Explorer closed (Ctrl+B) gives the tables their full width; grading shows a taller window to fit a
      // KR table with its Score column and the retrospective below it.
      await page.keyboard.press('Control+B');
      if (!weekly) await page.setViewportSize({ width: 1440, height: 1250 });
      await command(weekly ? 'OKR Lens: New Weekly Update' : 'OKR Lens: Grade the Quarter');
      await page.waitForTimeout(1_500);
      await dismissNotifications(page);
      if (!weekly) {
        await page.keyboard.press('Control+End');
        await page.waitForTimeout(800);
      }
      await shoot(weekly ? 'weekly-update.png' : 'grade-quarter.png');
      return;
    }
    if (process.argv.includes('--check-in')) {
      await quickOpen(page, 'growth/q4-2026.okr.md');
      await page.waitForTimeout(1_500);
      await dismissNotifications(page);
      await command('OKR Lens: Check In');
      await page.keyboard.type('Sarah');
      await page.waitForTimeout(500);
      await page.keyboard.press('Enter');
      await page.waitForTimeout(1_000);
      await page.keyboard.type('3');
      await page.waitForTimeout(800);
      await shoot('check-in.png');
      return;
    }
    await quickOpen(page, 'sales/q4-2026.okr.md');
    await page.waitForSelector('.squiggly-warning', { timeout: 60_000 });
    await page.waitForTimeout(1_000);
    await dismissNotifications(page);
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
    await shoot('screenshot.png');
  } finally {
    await browser.close();
    server.kill();
    await new Promise((resolve) => (server.exitCode === null ? server.once('exit', resolve) : resolve(null)));
    for (const dir of [path.dirname(ws), userDataDir]) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
