import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { homepage, version } from '../../../package.json';
import { rules } from '../../core/index';
import { sarifLog } from '../../core/report/sarif';
import { gitRoot } from '../../node/workspace';
import { withRelatedPaths } from '../io';
import { defineFormat } from '../format';

export const format = defineFormat({
  name: 'sarif',
  serves: 'check',
  order: 2,
  description: 'SARIF 2.1.0, for GitHub code scanning',
  render({ files, cwd, root }) {
    // %SRCROOT% is the workspace's repository (or the workspace root outside git), as code scanning expects; a file outside it gets its own file URI.
    const srcRoot = root !== null ? (gitRoot(root) ?? root) : cwd;
    const uri = (shown: string): string => {
      const file = path.resolve(cwd, shown);
      const rel = path.relative(srcRoot, file);
      return rel.startsWith('..') || path.isAbsolute(rel) ? pathToFileURL(file).href : rel.split(path.sep).join('/');
    };
    const log = files.map((a) => ({
      path: uri(a.shown),
      analysis: {
        ...a.analysis,
        findings: a.analysis.findings.map((f) => withRelatedPaths(f, uri)),
        suppressed: a.analysis.suppressed.map((s) => ({ ...s, finding: withRelatedPaths(s.finding, uri) })),
      },
    }));
    return [JSON.stringify(sarifLog(log, rules, version, homepage, `${pathToFileURL(srcRoot).href.replace(/\/?$/, '/')}`), null, 2)];
  },
});
