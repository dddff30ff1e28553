import { isPeriodHeading } from '../../model/quarter';
import { defineReader } from '../reader';

/** `## 2019 Q1`, `## 🚀 Q4 2025 - OKRs de Lançamento`: a period, not an objective; the first one dates the document. */
export const periodHeading = defineReader({
  id: 'period-heading',
  title: 'Period headings',
  summary: 'A heading that names only a period (2019 Q1, Q4 2025 – Launch OKRs) dates what follows and is not an objective.',
  on: ['heading'],
  read(block, ctx) {
    if (!isPeriodHeading(block.text)) return false;
    ctx.closeObjective();
    ctx.period = block.text;
    if (!ctx.periodQuarter && ctx.explicit.length === 0 && ctx.candidates.length === 0) ctx.periodQuarter = block.text;
    return true;
  },
});
