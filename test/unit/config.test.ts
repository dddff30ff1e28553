import * as assert from 'node:assert/strict';
import { analyze, globToRegExp, isOkrDocument, matchesAny, readConfigText, readConfigValue, resolveConfig, rules } from '../../src/core/index';

describe('config: reading key by key', () => {
  it('accepts a full, valid file with comments and trailing commas', () => {
    const text = `{
      // team defaults
      "ragBands": { "red": 0.2, "amber": 0.5, "green": 0.8 },
      "confidenceScale": "1-5",
      "include": ["plans/**/*.md"],
      "rules": { "kr-missing-confidence": "off", "too-many-krs": { "max": 7, "severity": "error" }, "kr-binary": false, },
    }`;
    const { layer, problems } = readConfigText(text, '.okr-lens.jsonc', rules);
    assert.deepEqual(problems, []);
    const config = resolveConfig(layer);
    assert.deepEqual(config.ragBands, { red: 0.2, amber: 0.5, green: 0.8 });
    assert.equal(config.confidenceScale, '1-5');
    assert.deepEqual(config.rules, { 'kr-missing-confidence': 'off', 'too-many-krs': 'error', 'kr-binary': 'off' });
    assert.deepEqual(config.ruleOptions, { 'too-many-krs': { max: 7 } });
  });
  it('names the key and what is allowed, and keeps the default for that key only', () => {
    const { layer, problems } = readConfigValue(
      { paceThreshold: 2, confidenceScale: '1-5', rules: { 'kr-vague': { words: 'improve' } } },
      'VS Code settings',
      rules,
      'okrLens.',
    );
    assert.deepEqual(
      problems.map((p) => p.key),
      ['okrLens.paceThreshold', 'okrLens.rules.kr-vague.words'],
    );
    assert.match(problems[0]!.message, /Too big: expected number to be <=1; .* Using the default \(0\.25\)\./);
    assert.match(problems[1]!.message, /expected array, received string/);
    const config = resolveConfig(layer);
    assert.equal(config.paceThreshold, 0.25);
    assert.equal(config.confidenceScale, '1-5');
    assert.equal(config.ruleOptions['kr-vague'], undefined);
  });
  it('never throws on junk', () => {
    for (const junk of [null, 3, 'x', [], { rules: [] }, { rules: { 'kr-vague': [] } }, { ragBands: 'red' }]) {
      assert.doesNotThrow(() => readConfigValue(junk, 'x', rules));
    }
    assert.equal(readConfigText('{ "rules": { ', 'f', rules).problems.length, 1);
  });
  it('later layers win: settings, then the file', () => {
    const settings = readConfigValue({ rules: { 'kr-vague': 'error' }, paceThreshold: 0.3 }, 's', rules).layer;
    const file = readConfigValue({ rules: { 'kr-vague': 'info' } }, 'f', rules).layer;
    const config = resolveConfig(settings, file);
    assert.equal(config.rules['kr-vague'], 'info');
    assert.equal(config.paceThreshold, 0.3);
  });
  it('passes rule options to the rule', () => {
    const text =
      '# Q4 2026 OKRs — T\n## Objective 1: Be loved\n| KR | Baseline | Target | Current | Owner | Confidence |\n|---|---|---|---|---|---|\n| NPS | 30 | 45 | 40 | Ana | 0.8 |\n| CSAT | 4.1 | 4.5 | 4.2 | Bo | 0.6 |\n';
    assert.equal(analyze(text).findings.filter((f) => f.ruleId === 'kr-sandbagging').length, 0);
    const config = resolveConfig(readConfigValue({ rules: { 'kr-sandbagging': { minConfidence: 0.8 } } }, 'f', rules).layer);
    assert.equal(analyze(text, { config }).findings.filter((f) => f.ruleId === 'kr-sandbagging').length, 1);
  });
});

describe('config: globs', () => {
  it('matches like .gitignore and VS Code', () => {
    assert.ok(matchesAny('teams/growth/q1.md', ['teams/**/*.md']));
    assert.ok(matchesAny('q1.md', ['**/*.md']));
    assert.ok(matchesAny('deep/down/goals.md', ['goals.md']), 'a pattern without / matches in any folder');
    assert.ok(!matchesAny('teams/growth/q1.md', ['teams/*.md']), '* stays within one folder');
    assert.ok(matchesAny('archive/2019/q1.okr.md', ['archive/']));
    assert.ok(matchesAny('plans/q1.md', ['plans/q{1,2}.md']));
    assert.ok(!matchesAny('plans/q3.md', ['plans/q[12].md']));
    assert.equal(globToRegExp('a.b').test('axb'), false);
  });
});

describe('config: which files are OKR documents (exclude, then include, then SPEC §1 detection)', () => {
  const globs = { include: ['plans/**'], exclude: ['archive/', 'plans/draft-*'] };
  const heading = (): string => '# Q1 OKRs\n';
  const notes = (): string => '# Notes\n';
  const test = (path: string, relative: string | null, head: () => string | null, markdown?: boolean): boolean =>
    isOkrDocument(markdown === undefined ? { path, relative } : { path, relative, markdown }, globs, head);
  it('lets exclude win over include and detection, and include over detection', () => {
    assert.equal(test('/w/archive/q1.okr.md', 'archive/q1.okr.md', heading), false);
    assert.equal(test('/w/plans/draft-q1.md', 'plans/draft-q1.md', heading), false);
    assert.equal(
      test('/w/plans/goals.txt', 'plans/goals.txt', () => assert.fail('the globs decide: no need to read the file')),
      true,
    );
  });
  it('applies no glob to a file outside the folder, and detects it by name or first lines', () => {
    assert.equal(test('/elsewhere/archive/q1.okr.md', null, notes), true);
    assert.equal(test('/elsewhere/plans/notes.md', null, notes), false);
    assert.equal(test('/w/goals.md', 'goals.md', heading), true);
    assert.equal(
      test('/w/goals.md', 'goals.md', () => null),
      false,
      'an unreadable file is not one',
    );
  });
  it('asks for a Markdown name unless the caller knows the language (an untitled editor)', () => {
    assert.equal(test('/w/goals.txt', 'goals.txt', heading), false);
    assert.equal(test('Untitled-1', null, heading, true), true);
  });
});
