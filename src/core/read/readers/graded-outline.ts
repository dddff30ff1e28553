import type { Heading, Paragraph, PhrasingContent } from 'mdast';
import { isPeriodHeading } from '../../model/quarter';
import { Flat, plain } from '../../model/text';
import { rangeOf, startOffset, type ReadContext } from '../context';
import { defineReader } from '../reader';

/**
 * A graded outline: every objective and key result on a line of its own,
 * ending in its grade (`Ship predicted points API P1 0.50`), often after a
 * priority (`P1`–`P4`). Objectives are the graded lines of one heading form
 * (say, H3 headings without a priority) that key results of another form
 * follow (paragraphs, H2 headings, H3 headings with a priority). A grade that
 * wraps onto the next line still belongs to the heading above it.
 */
export const gradedOutline = defineReader({
  id: 'graded-outline',
  title: 'Graded outlines',
  summary:
    'Lines that end in a grade (0.00–1.00), often after a priority P1–P4: objectives are the graded headings of one form, key results the graded lines under them, each scored by its grade.',
  on: ['heading', 'paragraph'],
  prepare(ctx) {
    const outline = outlineOf(ctx);
    if (outline) ctx.facts.set(ID, outline);
  },
  keepsOpen(block, ctx) {
    return outlineIn(ctx)?.roles.get(block.node)?.role === 'kr';
  },
  read(block, ctx) {
    const outline = outlineIn(ctx);
    const entry = outline?.roles.get(block.node);
    if (!outline || !entry) return false;
    switch (entry.role) {
      case 'continuation':
        return true;
      case 'group':
        // A sub-team or period heading inside the outline groups objectives; it is none itself.
        ctx.closeObjective();
        if (block.kind === 'heading' && isPeriodHeading(block.text)) ctx.period = block.text;
        return true;
      case 'objective': {
        const flat = flatOf(entry.line, ctx.lines.text);
        const title = flat.slice(0, entry.line.end);
        const draft = ctx.openObjective(
          title,
          0,
          rangeOf(block.node, ctx.lines),
          entry.line.depth ?? ctx.headingDepth + 0.5,
          false,
          block.kind === 'heading' ? block.slug : null,
          true,
        );
        draft.objective.titleRange = title.range(ctx.lines, 0, title.text.trimEnd().length);
        return true;
      }
      case 'kr': {
        const flat = flatOf(entry.line, ctx.lines.text);
        const statement = flat.slice(0, entry.line.end);
        const range = entry.line.joined
          ? { start: rangeOf(block.node, ctx.lines).start, end: rangeOf(entry.line.joined, ctx.lines).end }
          : rangeOf(block.node, ctx.lines);
        const textRange = statement.range(ctx.lines, 0, statement.text.trimEnd().length);
        const kr = ctx.newKr(block.kind === 'heading' ? 'heading' : 'paragraph', statement, range, textRange);
        if (entry.line.grade) {
          const g = entry.line.grade;
          ctx.setField(kr, 'score', { text: g.text, range: flat.range(ctx.lines, g.at, g.at + g.text.length), source: 'inline' });
        }
        ctx.attachKr(kr);
        ctx.krDetail = null;
        return true;
      }
    }
  },
});

const ID = 'graded-outline';

/** `… P1 0.50`, `… (P2) 1.00`, `… 0.75`: an optional priority, then a grade from 0 to 1 written with decimals. */
const GRADE_TAIL = /\s+(?:[[(]?P([0-9])[\])]?\s+)?([01]\.\d{1,2})\s*$/i;
/** `… P4` with no grade (not graded yet). */
const PRIORITY_TAIL = /\s+[[(]?P([0-9])[\])]?\s*$/;

interface GradedLine {
  node: Heading | Paragraph;
  /** The paragraph a heading's text wraps onto, when the grade is there. */
  joined: Paragraph | null;
  /** `h3`, `p`…: how the line is written. */
  form: string;
  depth: number | null;
  priority: boolean;
  grade: { text: string; at: number } | null;
  /** Where the statement ends in the line's text (before the priority and grade). */
  end: number;
}

interface Outline {
  roles: Map<Heading | Paragraph, { role: 'objective' | 'kr' | 'group' | 'continuation'; line: GradedLine }>;
}

function outlineIn(ctx: ReadContext): Outline | undefined {
  return ctx.facts.get(ID) as Outline | undefined;
}

function flatOf(line: GradedLine, source?: string): Flat {
  const children: PhrasingContent[] = line.joined ? [...line.node.children, { type: 'text', value: ' ' }, ...line.joined.children] : [...line.node.children];
  return Flat.of(children, startOffset(line.node), source);
}

function gradedLine(node: Heading | Paragraph, joined: Paragraph | null): GradedLine | null {
  const flat = flatOf({ node, joined } as GradedLine);
  const text = flat.text.replace(/\s+$/, '');
  const g = GRADE_TAIL.exec(text);
  const p = g ? null : PRIORITY_TAIL.exec(text);
  const m = g ?? p;
  if (!m) return null;
  const statement = text.slice(0, m.index);
  // A statement of a word or two, or a line that is a period (`2015 Q4 0.54`), is no graded line.
  if (statement.split(/\s+/).filter((w) => /[\p{L}]/u.test(w)).length < 1 || (node.type === 'heading' && isPeriodHeading(statement))) return null;
  return {
    node,
    joined,
    form: node.type === 'heading' ? `h${node.depth}` : 'p',
    depth: node.type === 'heading' ? node.depth : null,
    priority: m[1] !== undefined,
    grade: g ? { text: g[2]!, at: text.lastIndexOf(g[2]!) } : null,
    end: m.index,
  };
}

/** False when the block's source cannot end in a grade or a priority (it does not end in a digit before closing marks): most lines, told without reading them. */
function mayBeGraded(node: Heading | Paragraph, source: string): boolean {
  const end = node.position?.end.offset;
  if (end === undefined) return true;
  return /\d[^\p{L}\p{N}]*$/u.test(source.slice(Math.max(0, end - 24), end));
}

/** Finds the outline: at least four graded lines, with objectives of one heading form and key results of others. */
function outlineOf(ctx: ReadContext): Outline | null {
  const blocks = ctx.root.children;
  const source = ctx.lines.text;
  const lines: GradedLine[] = [];
  const headings: Heading[] = [];
  let graded = 0;
  for (let i = 0; i < blocks.length; i++) {
    const node = blocks[i]!;
    if (node.type !== 'heading' && node.type !== 'paragraph') continue;
    if (node.type === 'heading') headings.push(node);
    let line = mayBeGraded(node, source) ? gradedLine(node, null) : null;
    const next = blocks[i + 1];
    // `## Implement and ship EventListenerOptions to support registering passive event` / `listeners. P1 0.30`
    if (
      !line?.grade &&
      node.type === 'heading' &&
      next?.type === 'paragraph' &&
      next.position &&
      node.position &&
      next.position.start.line === node.position.end.line + 1 &&
      mayBeGraded(next, source)
    ) {
      const wrapped = gradedLine(node, next);
      if (wrapped) {
        line = wrapped;
        i++;
      }
    }
    if (!line) continue;
    lines.push(line);
    if (line.grade) graded++;
  }
  if (graded < 4) return null;
  // The objective form: the heading form (without a priority) whose lines most often lead into lines of another form.
  const key = (l: GradedLine): string => `${l.form}${l.priority ? '+p' : ''}`;
  const leads = new Map<string, number>();
  lines.forEach((l, k) => {
    const next = lines[k + 1];
    if (l.depth === null || l.priority || !next || key(next) === key(l)) return;
    leads.set(l.form, (leads.get(l.form) ?? 0) + 1);
  });
  let objectiveForm: string | null = null;
  let best = 1;
  for (const [form, n] of leads) {
    if (n > best) {
      best = n;
      objectiveForm = form;
    }
  }
  if (objectiveForm === null) return null;
  const roles: Outline['roles'] = new Map();
  const isObjective = (l: GradedLine): boolean => l.form === objectiveForm && !l.priority;
  for (const l of lines) {
    roles.set(l.node, { role: isObjective(l) ? 'objective' : 'kr', line: l });
    if (l.joined) roles.set(l.joined, { role: 'continuation', line: l });
  }
  if (lines.filter((l) => !isObjective(l)).length < 2) return null;
  // Headings inside the outline that are not graded: an objective not graded yet when key results follow it, else a group.
  const first = lines[0]!.node.position?.start.offset ?? 0;
  const last = lines[lines.length - 1]!.node.position?.start.offset ?? 0;
  for (const h of headings) {
    const at = h.position?.start.offset ?? 0;
    if (roles.has(h) || at < first || at > last) continue;
    const text = plain(h.children).trim();
    const following = lines.find((l) => (l.node.position?.start.offset ?? 0) > at);
    const line: GradedLine = { node: h, joined: null, form: `h${h.depth}`, depth: h.depth, priority: false, grade: null, end: text.length };
    const leadsToKr = following !== undefined && !isObjective(following);
    roles.set(h, { role: `h${h.depth}` === objectiveForm && leadsToKr && !isPeriodHeading(text) ? 'objective' : 'group', line });
  }
  return { roles };
}
