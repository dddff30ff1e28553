import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './helpers';

/**
 * `npm install` / `npm ci` warns EBADENGINE for every installed package whose
 * `engines.node` the running Node does not satisfy. The lockfile records each
 * package's `engines`, so the whole tree can be checked against the Node the
 * project declares without installing it.
 */

type Version = [number, number, number];

/** A version with missing or wildcard parts as 0 (`20` → 20.0.0, `10.*` → 10.0.0). */
function version(text: string): { v: Version; parts: number } {
  const nums = text
    .replace(/^v/, '')
    .split('.')
    .filter((p) => /^\d+$/.test(p))
    .map(Number);
  return { v: [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0], parts: nums.length };
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** One comparator of an npm range (`>=20`, `^20.9.0`, `~1.2`, `8.*`, `1.2.3`). */
function comparatorHolds(comparator: string, v: Version): boolean {
  const m = /^(>=|<=|>|<|\^|~|=)?\s*(.+)$/.exec(comparator.trim())!;
  const op = m[1] ?? '';
  const { v: w, parts } = version(m[2]!);
  const c = compare(v, w);
  switch (op) {
    case '>=':
      return c >= 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    case '<':
      return c < 0;
    case '^': {
      const upper: Version = w[0] > 0 || parts === 1 ? [w[0] + 1, 0, 0] : w[1] > 0 || parts === 2 ? [0, w[1] + 1, 0] : [0, 0, w[2] + 1];
      return c >= 0 && compare(v, upper) < 0;
    }
    case '~': {
      const upper: Version = parts === 1 ? [w[0] + 1, 0, 0] : [w[0], w[1] + 1, 0];
      return c >= 0 && compare(v, upper) < 0;
    }
    default:
      // `20`, `20.x`, `8.*`, `1.2.3`: equal in the parts given; `*` or `x` alone admits any version.
      return v.slice(0, parts).every((n, i) => n === w[i]);
  }
}

/** Whether a version satisfies an npm `engines.node` range (`||` alternatives of space-separated comparators). */
export function satisfies(v: string, range: string): boolean {
  const at = version(v).v;
  return range.split('||').some((alt) => {
    const comparators = alt
      .trim()
      .replace(/(>=|<=|>|<|\^|~|=)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean);
    return comparators.length === 0 || comparators.every((c) => comparatorHolds(c, at));
  });
}

describe('engines: the installed tree runs on the Node the project declares', () => {
  it('reads npm ranges as npm does', () => {
    assert.equal(satisfies('20.9.0', '^18.18.0 || ^20.9.0 || >=21.1.0'), true);
    assert.equal(satisfies('20.8.1', '^18.18.0 || ^20.9.0 || >=21.1.0'), false);
    assert.equal(satisfies('20.20.2', '>=22'), false);
    assert.equal(satisfies('20.0.0', '>= 10.*'), true);
    assert.equal(satisfies('7.0.0', '6.* || 8.* || >= 10.*'), false);
    assert.equal(satisfies('20.0.0', '^12.17.0 || ^14.13 || >=16.0.0'), true);
    assert.equal(satisfies('20.0.0', '>=20.0.0'), true);
    assert.equal(satisfies('20.9.0', '*'), true);
    assert.equal(satisfies('20.9.0', '21.x'), false);
  });

  it('every package in package-lock.json admits the lowest Node of engines.node and the Node running the tests (npm ci prints no EBADENGINE)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { engines: { node: string } };
    const lock = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
    };
    const lowest = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(pkg.engines.node.trim())?.[1];
    assert.ok(lowest, `engines.node is a lower bound (>=X): ${pkg.engines.node}`);
    const nodes = [lowest, process.version.slice(1)];
    const refused: string[] = [];
    for (const [where, entry] of Object.entries(lock.packages)) {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (!where || !range) continue;
      for (const node of nodes)
        if (!satisfies(node, range)) refused.push(`${where.replace(/^.*node_modules\//, '')}@${entry.version} needs Node ${range}, not ${node}`);
    }
    assert.deepEqual(refused, []);
  });
});
