import { z } from 'zod';
import { closest } from '../config/read';
import { baseWords, clip, closestBy, words } from '../workspace/names';
import * as posix from '../workspace/posix';
import type { DocSummary, RefSummary } from '../workspace/summary';
import { defineRule, type Suggestion } from './types';

/** See docs/rules/alignment-broken-link.md. */
export const alignmentBrokenLink = defineRule({
  id: 'alignment-broken-link',
  description: 'A Supports / Parent / Aligns to link names a file, heading or ID that no OKR document of the workspace has.',
  defaultSeverity: 'error',
  tags: ['workspace', 'alignment'],
  dimension: 'alignment',
  options: z.object({}),
  workspace({ facts, report }) {
    // Did-you-mean searches scan every document (or ID), so they are memoised per wanted text for
    // this check: when a much-linked document moves, every link to it breaks at once, and one
    // search per link made the check quadratic (bench/workspace.ts).
    const nearIds = new Map<string, string | null>();
    const nearDocs = new Map<string, DocSummary | null>();
    const docWordSets = new Map<DocSummary, Set<string>>();
    const docWords = (d: DocSummary): Set<string> => {
      let w = docWordSets.get(d);
      if (!w) docWordSets.set(d, (w = words(`${baseWords(d.key)} ${posix.dirname(d.key).split('/').slice(-2).join(' ')}`)));
      return w;
    };
    const nearDocument = (from: DocSummary, wanted: string): DocSummary | null => {
      let near = nearDocs.get(wanted);
      if (near === undefined) nearDocs.set(wanted, (near = closestBy(facts.docs, docWords, wanted)));
      // The closest of all documents is also the closest of the others, unless it is `from` itself.
      return near === from
        ? closestBy(
            facts.docs.filter((d) => d !== from),
            docWords,
            wanted,
          )
        : near;
    };
    for (const link of facts.unresolved) {
      const { from, ref } = link;
      if (link.kind === 'id') {
        const known = facts.ids;
        const wanted = ref.text.toUpperCase();
        let near = nearIds.get(wanted);
        if (near === undefined) nearIds.set(wanted, (near = closest(wanted, known)));
        const defined = near ? facts.idDefinition(near) : undefined;
        report(from.key, {
          message: `${ref.text} is not defined in any OKR document${near ? `: did you mean ${near}? Or define it` : ': define it'} with an \`ID: ${ref.text}\` line under the objective, or link to the objective's heading${!near && known.length > 0 ? ` (defined IDs: ${known.slice(0, 6).join(', ')}${known.length > 6 ? ', …' : ''})` : ''}.`,
          range: ref.range,
          related: near && defined ? [{ message: `${near} is defined here`, path: defined.doc.key, range: defined.range }] : [],
          ...(near ? { suggestion: { title: `Change to ${near}`, range: ref.range, text: near } } : {}),
        });
      } else if (link.kind === 'document') {
        const near = nearDocument(from, `${baseWords(link.key)} ${posix.dirname(link.key).split('/').slice(-2).join(' ')}`);
        const path = near ? posix.relative(posix.dirname(from.key), near.key) : '';
        report(from.key, {
          message: `${ref.path} is not an OKR document of this workspace: ${near ? `did you mean ${path}? Or link` : 'link'} to the heading of the objective this one supports.`,
          range: ref.range,
          related: near
            ? [
                {
                  message: `closest OKR document: ${near.title ?? baseWords(near.key)}`,
                  path: near.key,
                  range: near.titleRange ?? near.headings[0]?.range ?? ref.range,
                },
              ]
            : [],
          ...(near ? { suggestion: linkFix(ref, path, ref.fragment) } : {}),
        });
      } else {
        const { doc, fragment } = link;
        const near = closestBy(doc.headings, (h) => h.slug, fragment);
        const where = doc === from ? 'this document' : posix.relative(posix.dirname(from.key), doc.key);
        report(from.key, {
          message: `No heading #${clip(fragment, 30)}: ${near ? `the closest in ${where} is #${near.slug} (“${clip(near.text)}”). Headings` : `${where} has no heading with that slug; headings`} are linked by their GitHub slug; fix the link after renaming a heading.`,
          range: ref.range,
          related: near ? [{ message: `closest heading: ${clip(near.text)}`, path: doc.key, range: near.range }] : [],
          ...(near ? { suggestion: linkFix(ref, ref.path ?? '', near.slug) } : {}),
        });
      }
    }
  },
});

/** Rewrites a link to point at another file or heading; the link text stays. */
function linkFix(ref: RefSummary, path: string, fragment: string | null): Suggestion {
  const url = `${path}${fragment ? `#${fragment}` : ''}`;
  return { title: `Link to ${url}`, range: ref.range, text: `[${ref.text.replace(/[[\]]/g, '\\$&')}](${url.replace(/[ ()]/g, (c) => encodeURIComponent(c))})` };
}
