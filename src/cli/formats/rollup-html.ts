import * as fs from 'node:fs';
import * as path from 'node:path';
import { treePageHtml } from '../../core/workspace/page';
import { UsageError } from '../../node/files';
import { defineFormat } from '../format';

export const format = defineFormat({
  name: 'html',
  serves: 'rollup',
  order: 3,
  oneWorkspace: true,
  description: "a self-contained page with the same tree as the editor's",
  render({ message }) {
    // The webview's script and stylesheet, inlined (media/, next to out/ in the package).
    const media = path.join(__dirname, '..', 'media');
    const read = (name: string): string => {
      try {
        return fs.readFileSync(path.join(media, name), 'utf8');
      } catch (error) {
        throw new UsageError(
          `cannot read ${path.join(media, name)} for the HTML page (run npm run build): ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    };
    const nonce = Buffer.from(Array.from({ length: 16 }, () => Math.floor(Math.random() * 256))).toString('base64');
    return [treePageHtml({ title: 'OKR rollup', nonce, inline: { script: read('tree.js'), style: read('tree.css'), data: message() } })];
  },
});
