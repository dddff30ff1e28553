/**
 * Everything the editor features need from core. In the Node extension host
 * it is a bundle apart from the extension's entry (out/runtime.js, from
 * runtime-node.ts), loaded on first use, so activation does not pay for
 * evaluating zod schemas, the Markdown parser and the rules; the web build
 * (runtime-web.ts) has it in its one bundle.
 */
export { baselineFromHistory, fixAll, fixesFor, peopleNamed, supportsChoices, supportsLine } from '../core/fixes';
export {
  checkInEdits,
  checkInKeyResults,
  checkInPlaces,
  confidenceDropOf,
  confidencePrompt,
  confidenceProblem,
  currentPrompt,
  currentProblem,
  krOwners,
  maxConfidenceDrop,
} from '../core/checkin';
export { relative as relativePath } from '../core/workspace/posix';
export {
  analyze,
  formatScore,
  looksWeekly,
  mondayOf,
  PACE_LABELS,
  paceText,
  previousUpdate,
  RAG_LABELS,
  rules,
  trailLine,
  weeklyPathFor,
  weeklyUpdate,
} from '../core/index';
export { diagnosticLines, krScoreLabel, qualityLines, rollupTree, summaryLine } from '../core/report/text';
export { valueOrigins } from '../core/report/origins';
export { ruleDocsUrl } from '../core/rules/docs';
export { gradeQuarter, isFinished, nextFileName, nextQuarterOf, quarterAfter, quarterChoices, quarterTemplate, rolloverText, slugOf } from '../core/quarterly';
export { Engine } from './engine';
export { AlignmentPanel } from './tree-panel';
