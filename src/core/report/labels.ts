import { formatScore, RAG_LABELS, type Rag } from '../score/rag';
import type { Style } from './text';

/**
 * How a node of the alignment tree shows its scores, the same in the CLI's
 * rollup and the Explorer view. No zod and no parser here: the extension's
 * entry bundle imports it.
 */
const identity: Pick<Style, 'rag'> = { rag: (_r, t) => t };

/** `own 0.57 · rolled up 0.64 Green`, `0.75 Green` when the two agree, `not started`. */
export function nodeScoreLabel(
  n: { score: number | null; rolledUpScore: number | null; rag: Rag | null; noScore?: string },
  style: Pick<Style, 'rag'> = identity,
): string {
  const rag = (r: Rag | null): string => (r ? ` ${RAG_LABELS[r]}` : '');
  if (n.score === null && n.rolledUpScore === null) return n.noScore ? `no score: ${n.noScore}` : 'not started';
  if (n.rolledUpScore === null || n.score === n.rolledUpScore) return style.rag(n.rag, `${formatScore((n.score ?? n.rolledUpScore)!)}${rag(n.rag)}`);
  const own = n.score === null ? 'own —' : `own ${formatScore(n.score)}`;
  return `${own} · ${style.rag(n.rag, `rolled up ${formatScore(n.rolledUpScore)}${rag(n.rag)}`)}`;
}
