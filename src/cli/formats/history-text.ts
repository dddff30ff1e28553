import { defineFormat } from '../format';

export const format = defineFormat({
  name: 'text',
  serves: 'history',
  order: 0,
  description: "each KR's current value, confidence and score at each commit, then in the working copy",
  render({ title, versions, trails }) {
    const lines = [
      `${title}: ${versions.filter((v) => v.commit).length} commit${versions.length === 1 ? '' : 's'}${versions.some((v) => !v.commit) ? ' and the working copy' : ''}`,
    ];
    for (const { kr, points } of trails) {
      lines.push('');
      lines.push(`${kr.id ? `${kr.id} ` : ''}${kr.text}`);
      for (const p of points) {
        const value = p.current ?? '—';
        lines.push(
          `  ${p.date.slice(0, 10)}  ${p.commit ? p.commit.slice(0, 7) : 'working'}  current ${value.padEnd(10)}  confidence ${p.confidence === null ? '—' : String(p.confidence)}  score ${p.score === null ? '—' : p.score.toFixed(2)}`,
        );
      }
    }
    return lines;
  },
});
