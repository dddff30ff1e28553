import * as fs from 'node:fs';
import * as path from 'node:path';
import { registryFiles } from './registries';

/** `npm run docs`, first step: write the rule and format registries from the folders' files. */
const root = path.resolve(__dirname, '..', '..');
for (const [rel, content] of registryFiles(root)) {
  const file = path.join(root, rel);
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) continue;
  fs.writeFileSync(file, content);
  console.log(`wrote ${rel}`);
}
