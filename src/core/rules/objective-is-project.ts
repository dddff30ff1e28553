import { z } from 'zod';
import { defineRule } from './types';
import { statement } from './words';

const PROJECT_VERB =
  /^(?:execute|deliver|complete|finish|implement|run|launch|kick off|start|do)\b.*\b(?:project|projeto|proyecto|programme|program|initiative)\b/iu;
const PROJECT_NAME = /(?<![\p{L}\d])(?:[Pp]roject|[Pp]rojeto|[Pp]royecto)\s+\p{Lu}[\p{L}\d-]*/u;
const PROJECT =
  /(?<![\p{L}\d])(?:phase\s+(?:\d+|one|two|three|four|i{1,3}|iv)|milestone\s+\d+|workstream|epic|sprint\s+\d+|v\d+(?:\.\d+)*|version\s+\d+(?:\.\d+)*|release\s+\d+(?:\.\d+)*|MVP)(?![\p{L}\d])/iu;

/** An objective names the outcome a project serves, not the project. */
export const objectiveIsProject = defineRule({
  id: 'objective-is-project',
  description: 'Objective reads like a project label ("Execute the reliability project", "Phase 2", "v3").',
  defaultSeverity: 'warning',
  tags: ['anti-pattern', 'objective', 'outcome'],
  dimension: 'outcome',
  granularity: 'objective',
  options: z.object({}),
  document(ctx) {
    for (const objective of ctx.document.objectives) {
      if (!objective.explicit) continue;
      const m = PROJECT_VERB.exec(statement(objective.title)) ?? PROJECT_NAME.exec(objective.title) ?? PROJECT.exec(objective.title);
      if (!m) continue;
      // The words that make it a project, unless they are the whole title (the range shows that).
      const words = m[0].trim() === statement(objective.title).trim() ? '' : ` ("${m[0].length > 40 ? `${m[0].slice(0, 39)}…` : m[0]}")`;
      ctx.report({
        message: `Reads like a project${words}: name the outcome the project is for ("Customers trust our uptime"), and list the project under Key initiatives.`,
        range: objective.titleRange,
      });
    }
  },
});
