import { z } from 'zod';
import { clip, closestBy, teamKey, words } from '../workspace/names';
import { defineRule } from './types';

/** See docs/rules/dependency-unknown-team.md. */
export const dependencyUnknownTeam = defineRule({
  id: 'dependency-unknown-team',
  description: 'A dependency names a team that has no OKR document in the workspace.',
  defaultSeverity: 'info',
  tags: ['workspace', 'dependencies'],
  dimension: null,
  options: z.object({
    knownTeams: z
      .array(z.string())
      .default([])
      .describe('Teams that exist without an OKR document of their own (Finance, Legal…): dependencies on them are not reported.'),
  }),
  workspace({ facts, report }, { knownTeams }) {
    // A single document has no workspace to know the team from.
    if (facts.docs.length < 2 || facts.unknownDependencies.length === 0) return;
    const known = new Set(knownTeams.map(teamKey));
    const names = [...new Set(facts.docs.map((d) => d.team).filter((t): t is string => t !== null))];
    const nameWords = names.map(words);
    // Only names sharing a word with the wanted team can score above the floor; in their order, they give the same answer.
    const namesByWord = new Map<string, number[]>();
    nameWords.forEach((set, i) => {
      for (const w of set) {
        const list = namesByWord.get(w);
        if (list) list.push(i);
        else namesByWord.set(w, [i]);
      }
    });
    const nearTeams = new Map<string, string | null>();
    const nearTeam = (team: string): string | null => {
      let near = nearTeams.get(team);
      if (near === undefined) {
        const candidates = new Set<number>();
        for (const w of words(team)) for (const i of namesByWord.get(w) ?? []) candidates.add(i);
        const found = closestBy(
          [...candidates].sort((a, b) => a - b),
          (i) => nameWords[i]!,
          team,
          0.49,
        );
        nearTeams.set(team, (near = found === null ? null : names[found]!));
      }
      return near;
    };
    for (const { doc, dependency } of facts.unknownDependencies) {
      if (known.has(teamKey(dependency.team))) continue;
      const near = nearTeam(dependency.team);
      report(doc.key, {
        message: `No OKR document of this workspace belongs to “${clip(dependency.team, 40)}”: ${near ? `did you mean ${near}? If not, ask` : 'ask'} them to commit to it (a dependency on a team without OKRs is easy to miss), or list the team under this rule's knownTeams option.`,
        range: dependency.range,
        related: [],
      });
    }
  },
});
