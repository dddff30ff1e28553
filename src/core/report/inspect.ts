import type { Analysis } from '../analyze';
import type { Field, KeyResult, OkrDocument } from '../model/schema';
import type { KrScore } from '../score/attainment';
import { formatScore } from '../score/rag';

/**
 * What OKR Lens read in a document (`okr-lens inspect`): each objective and
 * key result with its line, its values, owner and score, and the layout
 * reader that read it, so a user can see why a line did or did not count.
 * The lines after the header are what the docs/formats pages show.
 */
export function inspectLines(path: string, analysis: Analysis): string[] {
  const doc = analysis.document;
  return [headerLine(path, doc), ...outlineLines(analysis)];
}

function headerLine(path: string, doc: OkrDocument): string {
  const parts = [doc.kind === 'weekly' ? 'weekly update' : doc.stance === 'review' ? `looks back (${doc.stanceReason ?? 'a review'})` : 'a plan'];
  if (doc.quarter) parts.push(doc.quarter.label);
  if (doc.team) parts.push(`team ${doc.team}`);
  return `${path}: ${doc.title ? `“${doc.title}”` : 'no title'} · ${parts.join(' · ')}`;
}

/** The objectives, KRs and sections read, one line each, in document order. */
export function outlineLines(analysis: Analysis): string[] {
  const doc = analysis.document;
  const out: string[] = [];
  doc.objectives.forEach((objective) => {
    const owner = objective.owner ? ` · owner ${objective.owner.text}` : '';
    const period = objective.period ? ` · ${objective.period}` : '';
    const id = objective.id ? `${objective.id} ` : '';
    out.push(`${pad(objective.titleRange.start.line)} objective ${id}“${objective.title}”${owner}${period}  [${objective.reader}]`);
    objective.keyResults.forEach((kr) => {
      out.push(`${pad(kr.textRange.start.line)}   KR ${kr.id ? `${kr.id} ` : ''}“${kr.text}”${krValues(kr, analysis.scores.keyResult(kr))}  [${kr.reader}]`);
    });
    if (objective.keyResults.length === 0) out.push(`${pad(objective.titleRange.start.line)}   (no key results read)`);
    if (objective.initiatives.length > 0)
      out.push(`${pad(objective.initiatives[0]!.range.start.line)}   initiatives: ${count(objective.initiatives.length, 'item')}`);
  });
  if (doc.objectives.length === 0) out.push('  no objectives read');
  const section = (name: string, s: { range: { start: { line: number } }; items: unknown[] } | null): void => {
    if (s) out.push(`${pad(s.range.start.line)} ${name}: ${count(s.items.length, 'item')}`);
  };
  section('context', doc.context);
  if (doc.initiatives.length > 0) out.push(`${pad(doc.initiatives[0]!.range.start.line)} initiatives: ${count(doc.initiatives.length, 'item')}`);
  section('dependencies', doc.dependencies);
  section('not doing', doc.notDoing);
  for (const t of doc.weeklyTables) out.push(`${pad(t.range.start.line)} weekly table: ${count(t.rows.length, 'row')} (${t.columns.join(' | ')})`);
  if (doc.priorities.length > 0) out.push(`${pad(doc.priorities[0]!.range.start.line)} priorities: ${count(doc.priorities.length, 'item')}`);
  if (doc.blockers.length > 0) out.push(`${pad(doc.blockers[0]!.range.start.line)} blockers: ${count(doc.blockers.length, 'item')}`);
  return out;
}

function krValues(kr: KeyResult, score: KrScore): string {
  const parts: string[] = [];
  const value = (name: string, f: Field | null): void => {
    if (f && f.text !== '') parts.push(`${name} ${f.text}${f.via ? ` (from ${f.via})` : ''}`);
  };
  value('baseline', kr.baseline);
  value('target', kr.target);
  value('current', kr.current);
  value('owner', kr.owner);
  value('confidence', kr.confidence);
  if (kr.score) value('stated score', kr.score);
  else if (score.value !== null) parts.push(`score ${formatScore(score.value)}`);
  return parts.length > 0 ? ` · ${parts.join(' · ')}` : '';
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function pad(line: number): string {
  return `L${line}`.padStart(5);
}
