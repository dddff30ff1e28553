import * as assert from 'node:assert/strict';
import { resplitChunks, splitChunks } from '../../src/core/parse/chunks';
import { splitFrontMatter } from '../../src/core/parse/frontmatter';
import { ChunkTrees, parseMarkdown } from '../../src/core/parse/parse';
import { parseWhole } from '../../src/core/parse/processor';
import { corpusFiles, examplesDir, markdownFilesUnder, readCorpus } from './helpers';
import * as fs from 'node:fs';
import { int, pick, random } from '../random';

/**
 * The chunked parse must give exactly the tree of one whole parse, with every
 * chunk parsed on its own (the finest split) and with the default grouping.
 */
function assertSameTree(text: string, label: string): void {
  const whole = parseWhole(splitFrontMatter(text).body);
  const finest = parseMarkdown(text, { wholeBelow: 0, minChunk: 0 });
  assert.deepEqual(finest.root.children, whole.children, `${label}: chunked parse differs`);
  assert.deepEqual(parseMarkdown(text).root.children, whole.children, `${label}: default parse differs`);
  // Neighbouring chunks of a kind parsed together in small groups.
  assert.deepEqual(parseMarkdown(text, { wholeBelow: 0, minChunk: 40 }).root.children, whole.children, `${label}: grouped parse differs`);
}

const tricky: Record<string, string> = {
  'heading inside fenced code': '# T\n\n```md\n# not a heading\n\nstill code\n```\n\n# Real\n',
  'tilde fence with blank lines': 'a\n\n~~~~\nx\n\ny\n~~~\n~~~~\n\nb\n',
  'html comment over blank lines': 'x\n\n<!--\n\n# hidden\n\n-->\n\n# shown\n',
  'html block until blank line': '<div>\n# inside html\n</div>\n\n# after\n',
  'loose list continues after blank': '- a\n\n- b\n\n  continued\n\nparagraph\n',
  'ordered loose list': '1. one\n\n2. two\n\n3) three\n',
  'table then heading': '| a | b |\n|---|---|\n| 1 | 2 |\n# H\n| c |\n|---|\n',
  'table then paragraph line': '| a | b |\n|---|---|\n| 1 | 2 |\nlazy row\n\nafter\n',
  'setext headings': 'Title\n===\n\nSub\n---\n\ntext\n',
  'reference definitions': '[x]: https://example.com\n\n# H\n\nsee [x] and [y][x]\n',
  'crlf line endings': '# T\r\n\r\n| a | b |\r\n|---|---|\r\n| 1 | 2 |\r\n\r\n- item\r\n',
  'lone cr endings': '# T\r\rtext\r',
  blockquote: '> quote\n\n> again\n# H\n> q\nlazy\n',
  'indented code and tabs': '    code\n\n    more\n\n\tcode\ntext\n',
  'front matter': '---\ntitle: "x"\nokr: true\n---\n# Q1 2026 OKRs\n\ntext\n',
  empty: '',
  'only blank lines': '\n\n\n',
  'nested list with table': '- item\n\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n\n# H\n',
  'table in a blockquote': '# H\n\nprose | with a pipe\n\n> | a | b |\n> |:--|--:|\n> | 1 | 2 |\n\nafter\n',
  'table in a deep list item': '# H\n\n1. one\n\n   - two\n\n         | a |\n         | - |\n         | 1 |\n\ntext | pipe\n',
  'delimiter row with tabs and crlf': '# H\r\n\r\na\t|\tb\r\n:-\t|\t-:\r\n1 | 2\r\n\r\nprose | pipe\r\n',
  'pipes in prose only': '# H\n\na | b\n\nc | d\n---\n\n`x | y`\n',
  'heading right after list': '- a\n- b\n## H\n- c\n',
  'unclosed fence': '# A\n\n```\ncode\n\n# B\n',
  'html script block': '<script>\nlet a = 1;\n\n# x\n</script>\n\n# y\n',
  // Chunks that end without a blank line, at a heading.
  'tight list ends at a heading, a table, then prose': '- a\n- b\n# H\n| x |\n|---|\n| 1 |\n\ntext\n\n- c\n# I\npara\n',
  'paragraph ends at a heading, then a line of equals signs': 'para\n# H\n\n| a |\n|---|\n\n===\n\n---\n',
  'loose list ends at a heading between tables': '- a\n\n- b\n## H\n\n| t |\n|-|\n\n- c\n\n- d\n## I\n| u |\n|-|\ntext\n',
  'blank lines of spaces and crlf': 'p\r\n  \r\n| a |\r\n|---|\r\n\r\nq\r\n# H\r\n| b |\r\n|-|\r\n',
  'indented code ends at a heading': '    code\n# H\n| a |\n|-|\n\n    more code\n# I\ntext\n',
  'lazy quote ends at a heading': '> q\nlazy\n# H\n| a |\n|-|\n\n> r\n# I\nx | y\n',
  'table without a final line break': '# H\n\ntext\n\n| a |\n|---|\n| 1 |',
  // Tables right under a paragraph line, and lists right under a table.
  'table interrupts a paragraph, a list ends it': '## O\nSupports: [x](a.md#x)\n| KR | T |\n|---|---|\n| a | 1 |\n**Key initiatives:**\n- one\n- two\n## P\n',
  'header and delimiter differ in cells': 'p\n| a | b |\n|---|\n| 1 | 2 |\n- x\n',
  'escaped pipe and code span in the header': 'p\n| a \\| b | c |\n|---|---|\nq\n| `x|y` | c |\n|---|---|\n- z\n',
  'table start inside a quote, a list item and lazy lines': '> q\nlazy\n| a | b |\n|---|---|\n\n- item\nlazy\n| a | b |\n|---|---|\n- next\n',
  'two header lines, the second starts the table': '| x |\n| a | b |\n|---|---|\n| 1 | 2 |\n- y\n',
  'a mismatched head, then rows that look like a table': 'p\n| a | b |\n|---|\n| c |\n|---|\n- y\n',
  'thematic break and empty bullet after a table': 'p\n| a |\n|---|\n- - -\n-\n- x\n',
  'setext underline under a paragraph before a table': 'p\n===\n| a |\n|---|\nq\n---\n| b |\n|-|\n',
  'indented lines, numbers and html around tables': 'p\n  | a |\n  |---|\n1. x\n| b |\n|---|\n<div>\n| c |\n|---|\n</div>\n',
  'delimiter row without a leading pipe': 'p\n| a | b |\n--|--\n| 1 | 2 |\n- x\n',
  'hash without a space and a table': '#tag\n| a |\n|---|\n- x\n',
};

describe('parse: chunked parsing equals one whole parse', () => {
  for (const [name, text] of Object.entries(tricky)) {
    it(name, () => assertSameTree(text, name));
  }
  for (const file of corpusFiles()) {
    it(`corpus ${file}`, () => assertSameTree(readCorpus(file), file));
  }
  for (const file of markdownFilesUnder(examplesDir)) {
    it(`example ${file.slice(examplesDir.length + 1)}`, () => assertSameTree(fs.readFileSync(file, 'utf8'), file));
  }
  it('random documents of blocks that end and start chunks', () => {
    const blocks = [
      '# H',
      '## Objective 1: X',
      '- a\n- b',
      '1. one\n2. two',
      '- a\n\n  more',
      '| KR | Target |\n|---|---|\n| a | 1 |',
      'a | b\n- | -\n1 | 2',
      'text line',
      'lazy\ncontinued',
      '> quote',
      '    code',
      '```\ncode\n\n# x\n```',
      'Title\n===',
      '<!-- okr-lens-disable-next-line x -->',
      '***',
      'x | y',
      '  - nested',
      // Lines at column 1 that start with a list marker's character but are not list items: after a blank line they end a list.
      '**Key initiatives:**',
      '-not an item',
      '1.5x growth',
      '*emphasis* first',
      '+1 vote',
      '-',
      '* * *',
      '2)two',
      '10. ten',
      '-\titem',
      '1.\ttab',
    ];
    const breaks = ['\n', '\n\n', '\n  \n', '\r\n', '\r\n\r\n'];
    const r = random(7);
    for (let n = 0; n < 400; n++) {
      let text = '';
      for (let b = 2 + int(r, 12); b > 0; b--) text += pick(r, blocks) + pick(r, breaks);
      if (r() < 0.3) text = text.trimEnd();
      assertSameTree(text, `random document ${n}: ${JSON.stringify(text)}`);
    }
  });
  it('random paragraphs, tables and lists written without blank lines', () => {
    const lines = [
      'Supports: [x](a.md#x)',
      'plain text',
      '**Key initiatives:**',
      '| KR | Target |',
      '| a | b |',
      '| a \\| b | c |',
      '| `a|b` | c |',
      '|---|---|',
      '|:-:|',
      '| - |',
      '--|--',
      '| 1 | 2 |',
      '| 1 |',
      '- item',
      '-',
      '- - -',
      '* star',
      '1. one',
      '2) two',
      '> quote',
      '  | a | b |',
      '    code',
      '# H',
      '#tag',
      '===',
      '---',
      '```',
      '<div>',
      '',
      'x | y',
    ];
    const r = random(11);
    for (let n = 0; n < 1500; n++) {
      const out: string[] = [];
      for (let k = 3 + int(r, 14); k > 0; k--) out.push(pick(r, lines));
      const text = out.join(r() < 0.2 ? '\r\n' : '\n') + '\n';
      assertSameTree(text, `random lines ${n}: ${JSON.stringify(text)}`);
    }
  });
  it('splits a table from the paragraph above it and the list below it', () => {
    const text = '## Objective 1: X\nSupports: [C](c.md#c)\n| KR | Target |\n|---|---|\n| a | 1 |\n**Key initiatives:**\n- one\n';
    const pieces = splitChunks(text).map((c) => text.slice(c.start, c.end));
    assert.deepEqual(pieces, ['## Objective 1: X\nSupports: [C](c.md#c)\n', '| KR | Target |\n|---|---|\n| a | 1 |\n**Key initiatives:**\n', '- one\n']);
  });
  it('splits a table from a bold line after a blank line, and the bold line from the list it heads', () => {
    const text = '| KR | Target |\n|---|---|\n| a | 1 |\n\n**Key initiatives:**\n\n- one\n\n**Owner:** x\n\n-b\n\n1.5x\n';
    const pieces = splitChunks(text).map((c) => text.slice(c.start, c.end));
    assert.deepEqual(pieces, ['| KR | Target |\n|---|---|\n| a | 1 |\n\n', '**Key initiatives:**\n\n- one\n\n', '**Owner:** x\n\n', '-b\n\n', '1.5x\n']);
  });
  it('really splits a template document into several chunks', () => {
    const text = '# Q1 2026 OKRs — Growth\n\n## Context\n- a\n\n## Objective 1: X\n| KR | Target |\n|---|---|\n| a | 1 |\n';
    assert.ok(splitChunks(text).length >= 3);
  });
  it('keeps text that may define link references whole', () => {
    assert.equal(splitChunks('# A\n\n[x]: /u\n\n# B\n').length, 1);
  });
});

describe('parse: re-splitting after an edit', () => {
  // Edits that open and close what the splitter tracks across lines: fences, HTML blocks, headings, tables, blank lines.
  const pieces = [
    'x',
    '\n',
    '\n\n',
    '# ',
    '## Objective 9: Y\n',
    '```\n',
    '~~~',
    '<!--',
    '-->',
    '<div>\n',
    '| a | b |\n|---|---|\n',
    '|',
    '- ',
    '    ',
    '\r\n',
    '[x]: /u\n',
    '\r',
    '===\n',
  ];
  const edit = (text: string, r: () => number): string => {
    const at = int(r, text.length + 1);
    if (r() < 0.6) return text.slice(0, at) + pick(r, pieces) + text.slice(at);
    return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + int(r, 30)));
  };
  const sources = [
    ...markdownFilesUnder(examplesDir).map((f) => fs.readFileSync(f, 'utf8')),
    ...corpusFiles().map((f) => readCorpus(f)),
    '# A\n\n## B\ntext\n\n```\n# not a heading\n```\n## C\n| a | b |\n|---|---|\n| 1 | 2 |\n- x\n## D\n',
  ];
  it('gives the chunks of a fresh split after every one of many random edits in a row', () => {
    const r = random(23);
    let checked = 0;
    sources.forEach((source, n) => {
      let text = splitFrontMatter(source).body;
      let chunks = splitChunks(text);
      for (let step = 0; step < 60; step++) {
        const next = edit(text, r);
        const origin: number[] = [];
        const again = resplitChunks({ text, chunks }, next, origin);
        assert.deepEqual(again, splitChunks(next), `source ${n}, step ${step}: ${JSON.stringify(next.slice(0, 200))}`);
        // A chunk said to be carried over has the text of the chunk it came from.
        origin.forEach(
          (j, i) =>
            j >= 0 &&
            assert.equal(next.slice(again[i]!.start, again[i]!.end), text.slice(chunks[j]!.start, chunks[j]!.end), `source ${n}, step ${step}, chunk ${i}`),
        );
        text = next;
        chunks = again;
        checked++;
      }
    });
    assert.ok(checked > 1000);
  });
  it('scans only the section around the edit in a long document', () => {
    const sections = Array.from(
      { length: 200 },
      (_, i) => `## Objective ${i + 1}: X\nSupports: CO-1\n| KR | Target |\n|---|---|\n| a ${i} | 1 |\n**Key initiatives:**\n- one\n`,
    );
    const text = `# Q1 2026 OKRs\n${sections.join('')}`;
    const chunks = splitChunks(text);
    const at = text.indexOf('| a 100 |');
    const next = `${text.slice(0, at)}| b 100 |${text.slice(at + '| a 100 |'.length)}`;
    const again = resplitChunks({ text, chunks }, next);
    assert.deepEqual(again, splitChunks(next));
    // The chunks of the other sections are the previous version's own objects: they were not scanned again.
    const edited = again.filter((c) => c.start <= at && at < c.end)[0]!;
    const section = again.filter((c) => Math.abs(c.line - edited.line) <= 8);
    assert.ok(section.length < 8);
    again.forEach((c, i) => (section.includes(c) ? undefined : assert.equal(c, chunks[i], `chunk ${i} was made again`)));
  });
});

describe('parse: front matter', () => {
  it('reads scalar keys and blanks the block without moving positions', () => {
    const text = '---\nokr: true\nquarter: "Q2 2026"\ntags:\n  - a\n---\n# Title\n';
    const { frontMatter, body } = splitFrontMatter(text);
    assert.deepEqual(frontMatter?.data, { okr: 'true', quarter: 'Q2 2026' });
    assert.equal(body.length, text.length);
    const parsed = parseMarkdown(text);
    const heading = parsed.root.children[0]!;
    assert.equal(heading.type, 'heading');
    assert.equal(heading.position?.start.line, 7);
  });
  it('leaves a document without a closing fence alone', () => {
    assert.equal(splitFrontMatter('---\nno close\n').frontMatter, null);
  });
});

describe('parse: chunk trees shared between versions of a document', () => {
  it('a version parsed with the chunks of earlier versions copied gives the tree of a fresh parse, and leaves theirs as they were', () => {
    const r = random(41);
    const sources = [
      ...markdownFilesUnder(examplesDir).map((f) => fs.readFileSync(f, 'utf8')),
      ...corpusFiles()
        .slice(0, 8)
        .map((f) => readCorpus(f)),
    ];
    let copied = 0;
    sources.forEach((source, n) => {
      const trees = new ChunkTrees();
      let text = source;
      const kept: Array<{ tree: unknown; fresh: unknown }> = [];
      for (let step = 0; step < 6; step++) {
        const parsed = parseMarkdown(text, undefined, trees);
        const fresh = parseMarkdown(text);
        assert.deepEqual(parsed.root, fresh.root, `source ${n}, version ${step}`);
        kept.push({ tree: parsed.root, fresh: fresh.root });
        // The next version: lines inserted or removed somewhere, as between two commits.
        const lines = text.split('\n');
        const at = int(r, lines.length);
        if (r() < 0.5) lines.splice(at, 0, `Added line ${step} with | a | b |`, '');
        else lines.splice(at, 1 + int(r, 3));
        text = lines.join('\n');
        copied++;
      }
      // Copies are new objects: the trees handed out before still hold their own positions.
      for (const [i, k] of kept.entries()) assert.deepEqual(k.tree, k.fresh, `source ${n}, version ${i} after the later ones`);
    });
    assert.ok(copied > 20);
  });
});
