import type { Field, KeyResult } from '../model/schema';

/** A value of a KR read from somewhere other than its own row, bullet or heading. */
export interface ValueOrigin {
  field: 'baseline' | 'target' | 'current' | 'owner' | 'confidence' | 'score';
  text: string;
  /** Where, in words: `the final grades at line 46`, `the objective's owner`. */
  via: string;
  line: number;
}

/** Where each value of a KR came from, when it was not the KR's own line (for the hover, JSON and inspect). */
export function valueOrigins(kr: KeyResult): ValueOrigin[] {
  const out: ValueOrigin[] = [];
  const add = (field: ValueOrigin['field'], f: Field | null): void => {
    if (f?.via) out.push({ field, text: f.text, via: f.via, line: f.range.start.line });
  };
  add('baseline', kr.baseline);
  add('target', kr.target);
  add('current', kr.current);
  add('owner', kr.owner);
  add('confidence', kr.confidence);
  add('score', kr.score);
  return out;
}

/** A value as reported: the text as written, or null when there is none (an empty cell, a dash, N/A). */
export function reportedValue(f: (Field & { quantity?: { kind: string } }) | null): string | null {
  if (!f || f.text.trim() === '' || f.quantity?.kind === 'empty') return null;
  return /^(?:n\/a|n\.a\.?|not applicable)\b/i.test(f.text.trim()) ? null : f.text;
}
