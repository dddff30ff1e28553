import type { RagBands } from '../config/config';

export type Rag = 'red' | 'amber' | 'green' | 'stretch';

export const RAG_LABELS: Record<Rag, string> = { red: 'Red', amber: 'Amber', green: 'Green', stretch: 'Stretch' };

/** Rounds a score to the two decimals people see. */
export function round2(value: number): number {
  return Math.round(value * 100 + Number.EPSILON * 100) / 100;
}

/**
 * The RAG band of a 0–1 score, judged on its two-decimal value as shown:
 * Red 0.00–0.30, Amber 0.31–0.60, Green 0.61–0.90, Stretch 0.91–1.00.
 */
export function ragOf(score: number, bands: RagBands): Rag {
  const s = round2(score);
  if (s <= bands.red) return 'red';
  if (s <= bands.amber) return 'amber';
  if (s <= bands.green) return 'green';
  return 'stretch';
}

/** `0.60` */
export function formatScore(score: number): string {
  return round2(score).toFixed(2);
}
