import { krMissingBaseline } from './kr-missing-baseline';
import { krMissingConfidence } from './kr-missing-confidence';
import { krMissingOwner } from './kr-missing-owner';
import { krMissingTarget } from './kr-missing-target';
import { krNoChange } from './kr-no-change';
import { krPlaceholder } from './kr-placeholder';
import { objectiveWithoutKrs } from './objective-without-krs';
import type { Rule } from './types';

/** Every rule, in the order findings are reported. */
export const rules: readonly Rule[] = [
  krMissingBaseline,
  krMissingTarget,
  krMissingOwner,
  krMissingConfidence,
  krPlaceholder,
  krNoChange,
  objectiveWithoutKrs,
];

export type { Finding, RelatedInfo, Rule, RuleContext } from './types';
