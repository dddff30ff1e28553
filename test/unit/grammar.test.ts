import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { repoRoot } from './helpers';

/**
 * The injection grammar, tokenised with VS Code's own TextMate engine and
 * Oniguruma: each pattern compiles, and KR ids, objective ids, confidence
 * values, RAG emojis and owners get their scopes.
 */
describe('syntaxes/okr.injection.tmLanguage.json', () => {
  let grammar: textmate.IGrammar;

  before(async () => {
    const wasm = fs.readFileSync(path.join(repoRoot, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const injection = JSON.parse(fs.readFileSync(path.join(repoRoot, 'syntaxes', 'okr.injection.tmLanguage.json'), 'utf8')) as textmate.IRawGrammar;
    // A stand-in host grammar whose text the injection's patterns tokenise.
    const host = { scopeName: 'text.host-test', patterns: [{ include: 'okr-lens.injection' }] } as unknown as textmate.IRawGrammar;
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (s: string[]) => new oniguruma.OnigScanner(s),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: (scope) => Promise.resolve(scope === 'okr-lens.injection' ? injection : scope === 'text.host-test' ? host : null),
    });
    grammar = (await registry.loadGrammar('text.host-test'))!;
  });

  function scopesOf(line: string): Array<[string, string]> {
    const { tokens } = grammar.tokenizeLine(line, textmate.INITIAL);
    return tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes[t.scopes.length - 1]!] as [string, string]).filter(([, s]) => s.includes('okr'));
  }

  it('marks KR ids and objective ids', () => {
    assert.deepEqual(scopesOf('- KR1.2: Lift activation, supports CO-1 and AG-2026-01 (O1)'), [
      ['KR1.2', 'entity.name.tag.okr.kr-id'],
      ['CO-1', 'entity.name.type.okr.objective-id'],
      ['AG-2026-01', 'entity.name.type.okr.objective-id'],
      ['O1', 'entity.name.type.okr.objective-id'],
    ]);
  });
  it('marks confidence values, RAG emojis and owners', () => {
    assert.deepEqual(scopesOf('Confidence: 0.6 🟢 owner @maria'), [
      ['Confidence', 'keyword.other.okr.confidence'],
      ['0.6', 'constant.numeric.okr.confidence'],
      ['🟢', 'constant.language.okr.rag'],
      ['@maria', 'variable.other.okr.owner'],
    ]);
    assert.deepEqual(scopesOf('Owner: Priya Shah'), [
      ['Owner', 'keyword.other.okr.owner'],
      ['Priya Shah', 'variable.other.okr.owner'],
    ]);
  });
  it('leaves ordinary prose alone', () => {
    assert.deepEqual(scopesOf('We confident people email maria@example.com about version 2.'), []);
  });
});
