import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchChromium, root } from './vscode';

/**
 * `npm run icon`: media/icon.png (the Marketplace and Extensions view icon,
 * 128×128) rendered from media/icon.svg in headless Chromium, with the
 * corners outside the rounded square left transparent.
 */
const SIZE = 128;

async function main(): Promise<void> {
  const svg = fs.readFileSync(path.join(root, 'media', 'icon.svg'), 'utf8');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
    await page.setContent(
      `<!doctype html><html><body style="margin:0;background:transparent">${svg.replace(/<svg /, `<svg style="display:block;width:${SIZE}px;height:${SIZE}px" `)}</body></html>`,
    );
    const out = path.join(root, 'media', 'icon.png');
    await page.screenshot({ path: out, omitBackground: true, clip: { x: 0, y: 0, width: SIZE, height: SIZE } });
    console.log(`wrote ${path.relative(root, out)} (${SIZE}×${SIZE}, ${fs.statSync(out).size} bytes)`);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
