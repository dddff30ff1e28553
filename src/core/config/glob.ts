/**
 * Glob patterns for `include` / `exclude`: `*` (within a path segment), `**`
 * (any number of segments), `?`, `{a,b}` and `[abc]`. Paths use `/` and are
 * relative to the folder of the configuration. A pattern without a `/` matches
 * a file name in any folder, as in `.gitignore`.
 */
export function globToRegExp(pattern: string): RegExp {
  let p = pattern.trim().replace(/\\/g, '/').replace(/^\.\//, '');
  if (!p.includes('/')) p = `**/${p}`;
  if (p.startsWith('/')) p = p.slice(1);
  let out = '';
  let braces = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '*') {
      if (p[i + 1] === '*') {
        const slashAfter = p[i + 2] === '/';
        out += slashAfter ? '(?:.*/)?' : '.*';
        i += slashAfter ? 2 : 1;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '[') {
      const end = p.indexOf(']', i + 1);
      if (end === -1) out += '\\[';
      else {
        out += `[${p
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else out += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  if (p.endsWith('/')) out += '.*';
  return new RegExp(`^${out}$`, 'i');
}

/** Whether a relative path matches any of the patterns. */
export function matchesAny(relativePath: string, patterns: readonly string[]): boolean {
  const path = relativePath.replace(/\\/g, '/').replace(/^\.\//, '');
  return patterns.some((pattern) => compiled(pattern).test(path));
}

const cache = new Map<string, RegExp>();
function compiled(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    re = globToRegExp(pattern);
    cache.set(pattern, re);
  }
  return re;
}
