import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  analyze,
  applyEdits,
  checkInEdits,
  checkInKeyResults,
  checkInPlaces,
  confidenceDropOf,
  confidenceProblem,
  currentProblem,
  currentPrompt,
  krOwners,
  resolveConfig,
  type CheckInAnswer,
  type KeyResult,
} from '../../src/core/index';
import { examplesDir } from './helpers';

const today = new Date('2026-11-23');
const GROWTH = fs.readFileSync(path.join(examplesDir, 'teams', 'growth', 'q4-2026.okr.md'), 'utf8');

function kr(text: string, name: string): KeyResult {
  const found = checkInKeyResults(analyze(text, { today }), null).find((k) => k.text.includes(name));
  assert.ok(found, `no KR "${name}"`);
  return found;
}

/** The text after checking in the KRs named, each with its answers: what the editor's one edit writes. */
function checkIn(text: string, answers: Record<string, CheckInAnswer>, config = resolveConfig()): string {
  const analysis = analyze(text, { today, config });
  const krs = checkInKeyResults(analysis, null);
  const edits = Object.entries(answers).flatMap(([name, answer]) => {
    const k = krs.find((x) => x.text.includes(name));
    assert.ok(k, `no KR "${name}"`);
    return checkInEdits(analysis, k, answer, config);
  });
  return applyEdits(text, edits);
}

/** The lines that differ between two texts, as [before, after]. */
function changedLines(before: string, after: string): Array<[string, string]> {
  const a = before.split('\n');
  const b = after.split('\n');
  assert.equal(a.length, b.length, 'the check-in added or removed lines');
  return a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i]!] as [string, string]]));
}

describe('check-in', () => {
  describe('a KR table (the examples’ growth document)', () => {
    it('writes the Current and Confidence cells of three KRs in the column’s units, and nothing else', () => {
      const after = checkIn(GROWTH, {
        'Time to first value': { current: '2', confidence: '0.7' },
        'trial-to-paid': { current: '14%', confidence: '' },
        'Product-qualified leads': { current: '61', confidence: '0.5' },
      });
      assert.deepEqual(changedLines(GROWTH, after), [
        [
          '| Time to first value (median) | 7 days | < 2 days | 4 days | Sarah | 0.6 |',
          '| Time to first value (median) | 7 days | < 2 days | 2 days | Sarah | 0.7 |',
        ],
        ['| Self-serve trial-to-paid conversion | 9% | 16% | 13% | Mike | 0.5 |', '| Self-serve trial-to-paid conversion | 9% | 16% | 14% | Mike | 0.5 |'],
        [
          '| Product-qualified leads handed to Sales | 25/month | 60/month | 58/month | Omar | 0.6 | 2 |',
          '| Product-qualified leads handed to Sales | 25/month | 60/month | 61/month | Omar | 0.5 | 2 |',
        ],
      ]);
      // The new values are what the document now says, and score as such.
      const scoreOf = (text: string): number | null => {
        const a = analyze(text, { today });
        return a.scores.keyResult(checkInKeyResults(a, null)[0]!).value;
      };
      const ttv = kr(after, 'Time to first value');
      assert.equal(ttv.current?.text, '2 days');
      assert.equal(ttv.confidence?.value, 0.7);
      // The scoring ladder: 3-4 days scored 0.7, ≤2 days scores 1.0.
      assert.deepEqual([scoreOf(GROWTH), scoreOf(after)], [0.7, 1]);
    });

    it('fills an empty Current cell and keeps the row a table row', () => {
      const after = checkIn(GROWTH, { 'inviting a teammate': { current: '27' } });
      assert.deepEqual(changedLines(GROWTH, after), [
        [
          '| Workspaces inviting a teammate within 7 days | 22% | 35% |  | Lena | 0.5 |',
          '| Workspaces inviting a teammate within 7 days | 22% | 35% | 27% | Lena | 0.5 |',
        ],
      ]);
      assert.equal(kr(after, 'inviting a teammate').current?.quantity.kind, 'number');
    });

    it('keeps an aligned column aligned, and writes a Note column when the table has one', () => {
      const doc = [
        '# Q4 2026 OKRs — Growth',
        '',
        '## Objective 1: Make onboarding effortless',
        '',
        '| KR                      | Target | Current | Confidence | Notes |',
        '|-------------------------|--------|---------|------------|-------|',
        '| Lift 30-day activation  | 55%    | 48%     | 0.6        |       |',
        '',
      ].join('\n');
      const analysis = analyze(doc, { today });
      assert.deepEqual(checkInPlaces(analysis, checkInKeyResults(analysis, null)[0]!), { current: true, confidence: true, note: true });
      const after = checkIn(doc, { 'Lift 30-day': { current: '51', confidence: '0.65', note: 'new wizard | live on web' } });
      assert.equal(after.split('\n')[6], '| Lift 30-day activation  | 55%    | 51%     | 0.65       | new wizard \\| live on web |');
    });

    it('has no place for a note without a Note column', () => {
      const analysis = analyze(GROWTH, { today });
      assert.deepEqual(checkInPlaces(analysis, kr(GROWTH, 'Time to first value')), { current: true, confidence: true, note: false });
    });

    it('changes nothing for empty answers', () => {
      assert.equal(checkIn(GROWTH, { 'Time to first value': { current: '', confidence: ' ', note: '' } }), GROWTH);
    });
  });

  describe('validation', () => {
    it('takes a value only as a number in the KR’s unit', () => {
      const pct = kr(GROWTH, 'trial-to-paid');
      assert.equal(currentProblem(pct, '15'), null);
      assert.equal(currentProblem(pct, '15%'), null);
      assert.equal(currentProblem(pct, ''), null);
      assert.match(currentProblem(pct, 'abc')!, /"abc" is not a value: type a number in %/);
      assert.match(currentProblem(pct, '12 days')!, /"12 days" is not in %/);
      assert.match(currentProblem(pct, 'TBD')!, /not a value/);
      const days = kr(GROWTH, 'Time to first value');
      assert.equal(currentProblem(days, '36 hours'), null);
      assert.match(currentProblem(days, '40%')!, /not in days/);
      assert.throws(() => checkIn(GROWTH, { 'trial-to-paid': { current: 'abc' } }), /not a value/);
    });

    it('takes a confidence only on the configured scale', () => {
      assert.equal(confidenceProblem('0.6', '0-1'), null);
      assert.match(confidenceProblem('3', '0-1')!, /not a confidence from 0 to 1/);
      assert.match(confidenceProblem('high', '0-1')!, /not a confidence/);
      assert.equal(confidenceProblem('3', '1-5'), null);
      assert.match(confidenceProblem('7', '1-5')!, /from 1 to 5/);
    });

    it('shows the last value, the baseline → target path and the unit', () => {
      assert.equal(currentPrompt(kr(GROWTH, 'trial-to-paid')), 'Current value (last: 13%; baseline 9% → target 16%; in %). Empty keeps it.');
      assert.match(currentPrompt(kr(GROWTH, 'inviting a teammate')), /last: none yet/);
    });

    it('flags a confidence drop over 0.2 as confidence-drop would', () => {
      const k = kr(GROWTH, 'Onboarding wizard completion');
      assert.equal(confidenceDropOf(k, '0.5', '0-1'), null);
      const drop = confidenceDropOf(k, '0.4', '0-1');
      assert.ok(drop);
      assert.equal(drop.drop, 0.3);
      assert.equal(drop.message, 'Onboarding wizard completion: confidence dropped by 0.3 (0.7 → 0.4): say in the Note what changed and what help you need.');
      assert.equal(confidenceDropOf(k, '0.4', '0-1', 0.5), null);
    });

    it('lists the owners and walks one owner’s KRs', () => {
      const analysis = analyze(GROWTH, { today });
      assert.deepEqual(krOwners(analysis), ['Sarah', 'Mike', 'Omar', 'Jamal', 'Lena']);
      assert.deepEqual(
        checkInKeyResults(analysis, 'Sarah').map((k) => k.text),
        ['Time to first value (median)', 'Onboarding wizard completion', 'Organic referral signups'],
      );
    });
  });

  describe('KR bullets', () => {
    const BULLETS = [
      '# Q1 2026 OKRs — Activation',
      '',
      '## Objective 1: Make onboarding effortless',
      '',
      '- KR1: Lift 30-day activation from 41% to 55% by Mar 31 (@maria, 0.6)',
      '- KR2: Cut time to first value to < 2 days (@sam, 0.5)',
      '  - Current: 3.2 days',
      '- KR3: Grow weekly active teams from 120 to 300 (@maria)',
      '',
    ].join('\n');

    it('replaces the values where the bullet states them, and adds field bullets where it does not', () => {
      const after = checkIn(BULLETS, {
        'Lift 30-day': { current: '47', confidence: '0.7' },
        'time to first value': { current: '2.5', confidence: '0.4' },
        'weekly active teams': { current: '180', confidence: '0.5' },
      });
      assert.equal(
        after,
        [
          '# Q1 2026 OKRs — Activation',
          '',
          '## Objective 1: Make onboarding effortless',
          '',
          '- KR1: Lift 30-day activation from 41% to 55% by Mar 31 (@maria, 0.7)',
          '  - Current: 47%',
          '- KR2: Cut time to first value to < 2 days (@sam, 0.4)',
          '  - Current: 2.5 days',
          '- KR3: Grow weekly active teams from 120 to 300 (@maria)',
          '  - Current: 180',
          '  - Confidence: 0.5',
          '',
        ].join('\n'),
      );
      const krs = checkInKeyResults(analyze(after, { today }), null);
      assert.deepEqual(
        krs.map((k) => [k.current?.text, k.confidence?.value]),
        [
          ['47%', 0.7],
          ['2.5 days', 0.4],
          ['180', 0.5],
        ],
      );
    });
  });

  describe('a CRLF document', () => {
    it('keeps its line endings one kind', () => {
      const crlf = GROWTH.replace(/\n/g, '\r\n');
      const after = checkIn(crlf, { 'Time to first value': { current: '3 days', confidence: '0.65' } });
      assert.equal(after.replace(/\r\n/g, ''), after.replace(/\r\n/g, '').replace(/\n/g, ''), 'a bare LF appeared');
      assert.equal(after.replace(/\r\n/g, '\n'), checkIn(GROWTH, { 'Time to first value': { current: '3 days', confidence: '0.65' } }));
      const bullets =
        '# Q1 2026 OKRs — Activation\r\n\r\n## Objective 1: Make onboarding effortless\r\n\r\n- KR3: Grow weekly active teams from 120 to 300 (@maria)\r\n';
      const added = checkIn(bullets, { 'weekly active teams': { current: '180' } });
      assert.equal(added, bullets.replace('(@maria)\r\n', '(@maria)\r\n  - Current: 180\r\n'));
    });
  });
});
