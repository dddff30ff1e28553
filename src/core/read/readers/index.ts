import type { Reader } from '../reader';
import { boldLine } from './bold-line';
import { dependencyTable } from './dependency-table';
import { documentTitle } from './document-title';
import { fieldLines } from './field-lines';
import { goalTree } from './goal-tree';
import { gradeTable } from './grade-table';
import { gradedList } from './graded-list';
import { gradedOutline } from './graded-outline';
import { headingObjective } from './heading-objective';
import { htmlBlocks } from './html-blocks';
import { krBullets } from './kr-bullets';
import { krDetailsHeading } from './kr-details-heading';
import { krGroups } from './kr-groups';
import { krHeading } from './kr-heading';
import { krProgress } from './kr-progress';
import { krTable } from './kr-table';
import { labelLine } from './label-line';
import { objectiveHeading } from './objective-heading';
import { objectiveItem } from './objective-item';
import { ownerCascade } from './owner-cascade';
import { ownerHeading } from './owner-heading';
import { periodHeading } from './period-heading';
import { plainText } from './plain-text';
import { retrospective } from './retrospective';
import { sectionHeading } from './section-heading';
import { sectionItems } from './section-items';
import { weeklyTable } from './weekly-table';

/**
 * Every layout reader, in the order each block is offered to them: the
 * first reader that reads a block owns it. Specific layouts come before
 * general ones (a labelled objective heading before any heading).
 */
export const readers: readonly Reader[] = [
  // headings
  documentTitle,
  gradedOutline,
  ownerCascade,
  objectiveHeading,
  krHeading,
  krDetailsHeading,
  sectionHeading,
  ownerHeading,
  periodHeading,
  // lists, paragraphs and list items
  gradedList,
  goalTree,
  retrospective,
  sectionItems,
  fieldLines,
  krProgress,
  boldLine,
  labelLine,
  objectiveItem,
  krGroups,
  krBullets,
  // tables
  dependencyTable,
  weeklyTable,
  gradeTable,
  krTable,
  // code and HTML
  plainText,
  htmlBlocks,
  // any other heading, last
  headingObjective,
];
