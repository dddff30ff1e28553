import { alignmentBrokenLink } from './alignment-broken-link';
import { alignmentCycle } from './alignment-cycle';
import { alignmentOrphan } from './alignment-orphan';
import { alignmentTooDeep } from './alignment-too-deep';
import { blockerWithoutOwner } from './blocker-without-owner';
import { confidenceDrop } from './confidence-drop';
import { dependencyUnknownTeam } from './dependency-unknown-team';
import { dependencyWithoutDate } from './dependency-without-date';
import { docMissingContext } from './doc-missing-context';
import { docMissingNotDoing } from './doc-missing-not-doing';
import { docNoObjectives } from './doc-no-objectives';
import { krActivity } from './kr-activity';
import { krBinary } from './kr-binary';
import { krDuplicate } from './kr-duplicate';
import { krIsTask } from './kr-is-task';
import { krLongShot } from './kr-long-shot';
import { krMissingBaseline } from './kr-missing-baseline';
import { krMissingConfidence } from './kr-missing-confidence';
import { krMissingOwner } from './kr-missing-owner';
import { krMissingTarget } from './kr-missing-target';
import { krNoChange } from './kr-no-change';
import { krPlaceholder } from './kr-placeholder';
import { krSandbagging } from './kr-sandbagging';
import { krSharedOwner } from './kr-shared-owner';
import { krUnitMismatch } from './kr-unit-mismatch';
import { krVague } from './kr-vague';
import { krVanityMetric } from './kr-vanity-metric';
import { movingGoalposts } from './moving-goalposts';
import { objectiveHasMetric } from './objective-has-metric';
import { objectiveIsProject } from './objective-is-project';
import { objectiveWeakVerb } from './objective-weak-verb';
import { objectiveWithoutKrs } from './objective-without-krs';
import { priorityNotLinked } from './priority-not-linked';
import { staleKr } from './stale-kr';
import { suppressionWithoutReason } from './suppression-without-reason';
import { tooFewKrs } from './too-few-krs';
import { tooManyKrs } from './too-many-krs';
import { tooManyObjectives } from './too-many-objectives';
import type { Rule } from './types';

/** Every rule, in the order of SPEC §4: missing fields, anti-patterns, counts, weekly, suppressions, workspace. */
export const rules: readonly Rule[] = [
  krMissingBaseline,
  krMissingTarget,
  krMissingOwner,
  krMissingConfidence,
  krPlaceholder,
  krNoChange,
  krUnitMismatch,
  objectiveWithoutKrs,
  docMissingContext,
  docMissingNotDoing,
  docNoObjectives,
  dependencyWithoutDate,
  krIsTask,
  krBinary,
  krActivity,
  krVanityMetric,
  krVague,
  krSharedOwner,
  krSandbagging,
  krLongShot,
  objectiveHasMetric,
  objectiveWeakVerb,
  objectiveIsProject,
  tooManyObjectives,
  tooManyKrs,
  tooFewKrs,
  krDuplicate,
  movingGoalposts,
  staleKr,
  confidenceDrop,
  priorityNotLinked,
  blockerWithoutOwner,
  suppressionWithoutReason,
  alignmentBrokenLink,
  alignmentOrphan,
  alignmentCycle,
  alignmentTooDeep,
  dependencyUnknownTeam,
];

export { defineRule, type Finding, type QualityDimension, type RelatedInfo, type Rule, type RuleContext } from './types';
