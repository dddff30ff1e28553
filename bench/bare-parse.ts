/**
 * The yardstick process of `npm run bench`'s CLI comparison: a Node process
 * that loads unified + remark-parse with the GFM table extensions (the setup
 * OKR Lens parses with, bundled the way the CLI is) and parses one file once.
 */
import * as fs from 'node:fs';
import { parseWhole } from '../src/core/parse/processor';

parseWhole(fs.readFileSync(process.argv[2]!, 'utf8'));
