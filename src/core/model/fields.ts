import { parseQuantity, type Quantity } from './quantity';
import type { LadderStep } from './schema';

/** How confidence values are written in a document. */
export type ConfidenceScale = '0-1' | '1-5';

/**
 * A confidence on the 0–1 scale from `0.6`, `0,6`, `60%`, `6/10`, `3/5`, or on
 * the 1–5 scale (`4` → 0.8) when so configured. Null when it is not one.
 */
export function parseConfidence(text: string, scale: ConfidenceScale = '0-1'): number | null {
  if (scale === '0-1' && /^\s*(?:0?\.\d+|[01](?:\.0+)?)\s*$/.test(text)) return Number(text);
  const t = text.trim().replace(/^(?:conf(?:idence)?|confiança)\s*[:=]?\s*/i, '');
  const frac = /^(\d+(?:[.,]\d+)?)\s*\/\s*(\d+(?:[.,]\d+)?)$/.exec(t);
  if (frac) {
    const v = Number(frac[1]!.replace(',', '.')) / Number(frac[2]!.replace(',', '.'));
    return v >= 0 && v <= 1 ? round(v) : null;
  }
  const pct = /^(\d+(?:[.,]\d+)?)\s*%$/.exec(t);
  if (pct) {
    const v = Number(pct[1]!.replace(',', '.')) / 100;
    return v >= 0 && v <= 1 ? round(v) : null;
  }
  const n = /^(\d*(?:[.,]\d+)?|\d+)$/.exec(t);
  if (!n || t === '') return null;
  const v = Number(t.replace(',', '.'));
  if (!Number.isFinite(v)) return null;
  if (scale === '1-5') return v >= 1 && v <= 5 ? round(v / 5) : null;
  return v >= 0 && v <= 1 ? v : null;
}

/** An explicit score: `0.7`, `0,7`, `70%`; null outside 0–1. */
export function parseScore(text: string): number | null {
  const t = text.replace(/[*_]/g, '').trim();
  return parseConfidence(t, '0-1');
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

const PLACEHOLDER_OWNER = /^@?\?+$|^(?:tbd|tbc|n\/a|unassigned|unknown|\[owner\]|\[name\])$/i;
const SHARED_WORDS = /^(?:the team|team|everyone|everybody|all|all of us|we|us|todos|equipe|time)$/i;

/** A job title: ends in a role (`… Lead`, `… Manager`, `Head of …`), so it names one person. */
const ROLE_TITLE =
  /(?:\b(?:lead|manager|mgr\.?|director|dir\.?|head|owner|specialist|engineer|analyst|coordinator|officer|architect|champion|designer|pm|em|vp|ceo|cto|cfo|coo|cpo|cmo|cro|ciso|chief|fellow|partner|representative|rep|advocate|scientist|researcher|writer)s?)$|^(?:head|director|vp|chief|mgr\.?|manager) of\b/i;

/** Reads an owner cell or field: `Sarah`, `@maria`, `[@alanshaw](…)`, `Dev / Dados`, `@???`. */
export function parseOwner(text: string): { names: string[]; placeholder: boolean } {
  const t = text.trim();
  if (/^@?\p{L}[\p{L}.'’-]*$/u.test(t) && !SHARED_WORDS.test(t) && !PLACEHOLDER_OWNER.test(t)) return { names: [t.replace(/^@/, '')], placeholder: false };
  if (t === '' || /^[-—–]+$/.test(t)) return { names: [], placeholder: false };
  if (PLACEHOLDER_OWNER.test(t)) return { names: [], placeholder: true };
  if (SHARED_WORDS.test(t)) return { names: [t], placeholder: false };
  // `Payroll and Payments Lead`, `L&D Specialist`: one role, whatever its name joins.
  const bare = t.replace(/\([^)]*\)/g, ' ').trim();
  if (ROLE_TITLE.test(bare) && !/[,;+]/.test(bare)) return { names: [bare.replace(/\s+/g, ' ')], placeholder: false };
  const names = t
    .replace(/\([^)]*\)/g, ' ')
    .split(/\s*(?:,|;|\s&\s|\+|\/|\band\b|\be\b)\s*/i)
    .map((n) => n.replace(/^@/, '').trim())
    .filter((n) => n.length > 0 && !/^\?+$/.test(n));
  return { names, placeholder: names.length === 0 };
}

/**
 * A threshold ladder such as `≤4 days: 1.0; 5-6: 0.7; 7-8: 0.3; ≥9: 0.0`.
 * Returns null unless every step reads as `condition: score`.
 */
export function parseLadder(text: string): LadderStep[] | null {
  let parts = text.split(/\s*;\s*/).filter((p) => p.trim() !== '');
  if (parts.length < 2) parts = text.split(/\s*,\s+|\s*\|\s*/).filter((p) => p.trim() !== '');
  if (parts.length < 2) return null;
  const steps: LadderStep[] = [];
  for (const part of parts) {
    const m = /^(.+?)\s*(?::|=|→|->)\s*(\d+(?:[.,]\d+)?%?)\s*$/.exec(part.trim());
    if (!m) return null;
    const score = parseScore(m[2]!);
    const quantity: Quantity = parseQuantity(m[1]!);
    if (score === null || (quantity.kind !== 'number' && quantity.kind !== 'range')) return null;
    steps.push({ when: m[1]!.trim(), score, quantity });
  }
  return steps;
}

/** `Label: value` with a short label (bold or not); null otherwise. */
export function splitLabel(text: string, maxWords = 5): { label: string; value: string; valueIndex: number } | null {
  const m = /^\s*([^:：]{1,60}?)\s*[:：]\s*/.exec(text);
  if (!m) return null;
  const label = m[1]!.replace(/[*_`]/g, '').trim();
  if (label === '' || label.split(/\s+/).length > maxWords || /https?$/i.test(label)) return null;
  return { label, value: text.slice(m[0].length).trim(), valueIndex: m[0].length };
}

/** Type of a KR from a Type cell: leading or lagging. */
export function parseKrType(text: string): 'leading' | 'lagging' | null {
  if (/\blead(?:ing)?\b/i.test(text)) return 'leading';
  if (/\blag(?:ging)?\b/i.test(text)) return 'lagging';
  return null;
}
