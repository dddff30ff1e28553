import { z } from 'zod';

/**
 * The typed OKR model, as zod schemas. Types are inferred from the schemas so
 * the validation and the types cannot drift apart. Every element keeps its
 * source range (1-based lines and columns, 0-based offsets).
 */

export const PointSchema = z.object({
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  offset: z.number().int().min(0),
});

function isPoint(p: unknown): p is { line: number; column: number; offset: number } {
  if (typeof p !== 'object' || p === null) return false;
  const { line, column, offset } = p as Record<string, unknown>;
  return (
    Number.isInteger(line) &&
    (line as number) >= 1 &&
    Number.isInteger(column) &&
    (column as number) >= 1 &&
    Number.isInteger(offset) &&
    (offset as number) >= 0
  );
}

/**
 * A source range whose start does not come after its end. Checked by a
 * predicate rather than nested object schemas: every field of the model has a
 * range, and this keeps validating a document cheap (no copies of the points).
 */
export const RangeSchema = z.custom<{ start: z.infer<typeof PointSchema>; end: z.infer<typeof PointSchema> }>(
  (v) => {
    if (typeof v !== 'object' || v === null) return false;
    const { start, end } = v as Record<string, unknown>;
    return isPoint(start) && isPoint(end) && start.offset <= end.offset;
  },
  { message: 'expected a range {start, end} of 1-based points with start ≤ end' },
);

const UnitSchema = z.object({
  dimension: z.enum(['percent', 'currency', 'duration', 'rate', 'multiple', 'count']),
  symbol: z.string(),
  factor: z.number().positive(),
});

const ComparatorSchema = z.enum(['<', '<=', '>', '>=']);

export const QuantitySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('number'),
    raw: z.string(),
    value: z.number(),
    unit: UnitSchema.nullable(),
    comparator: ComparatorSchema.nullable(),
    signed: z.boolean(),
    note: z.string().nullable(),
  }),
  z.object({ kind: z.literal('range'), raw: z.string(), low: z.number(), high: z.number(), unit: UnitSchema.nullable() }),
  z.object({ kind: z.literal('placeholder'), raw: z.string() }),
  z.object({ kind: z.literal('text'), raw: z.string() }),
  z.object({ kind: z.literal('empty'), raw: z.string() }),
]);

/**
 * One value of a KR: a table cell, a `Baseline:` field, or a piece of a KR
 * sentence. `text` is what the person wrote (Markdown stripped).
 */
export const FieldSchema = z.object({
  text: z.string(),
  range: RangeSchema,
  /** Where the value came from. */
  source: z.enum(['cell', 'field', 'inline']),
  /**
   * For values read from somewhere other than the KR's own row, bullet or
   * heading (a grade table, an outcome note, the objective's owner): what the
   * place was, in words (`the Final Score table`).
   */
  via: z.string().optional(),
});

export const QuantityFieldSchema = FieldSchema.extend({ quantity: QuantitySchema });

export const OwnerFieldSchema = FieldSchema.extend({
  /** Individual names, `@` and link syntax removed; empty when none could be read. */
  names: z.array(z.string()),
  /** `@???`, `TBD` and the like. */
  placeholder: z.boolean(),
});

export const ConfidenceFieldSchema = FieldSchema.extend({
  /** Confidence on the 0–1 scale, or null when the text is not a confidence. */
  value: z.number().min(0).max(1).nullable(),
});

export const LadderStepSchema = z.object({
  /** The condition as written: `≤4 days`, `5-6`. */
  when: z.string(),
  score: z.number().min(0).max(1),
  /** The condition as a quantity (a comparison, a range or a single value). */
  quantity: QuantitySchema,
});

export const LadderSchema = z.object({
  text: z.string(),
  range: RangeSchema,
  steps: z.array(LadderStepSchema),
});

export const KeyResultSchema = z.object({
  /** `KR1`, `KR 1.2`, `KR-3` when the document numbers its KRs. */
  id: z.string().nullable(),
  text: z.string(),
  /** The whole row, bullet, heading or paragraph. */
  range: RangeSchema,
  /** The KR's statement itself (the KR cell, or the bullet text). */
  textRange: RangeSchema,
  kind: z.enum(['table', 'bullet', 'heading', 'paragraph']),
  /** Header names of the table the KR sits in (null for bullets). */
  columns: z.array(z.string()).nullable(),
  baseline: QuantityFieldSchema.nullable(),
  target: QuantityFieldSchema.nullable(),
  current: QuantityFieldSchema.nullable(),
  owner: OwnerFieldSchema.nullable(),
  confidence: ConfidenceFieldSchema.nullable(),
  /** An explicit end-of-quarter score (0–1) from a Score column or field. */
  score: ConfidenceFieldSchema.nullable(),
  weight: QuantityFieldSchema.nullable(),
  status: FieldSchema.nullable(),
  due: FieldSchema.nullable(),
  type: z.enum(['leading', 'lagging']).nullable(),
  ladder: LadderSchema.nullable(),
  /** The layout reader that read the KR (`kr-table`, `kr-bullets`…; docs/formats/<reader>.md). */
  reader: z.string(),
});

export const AlignmentRefSchema = z.object({
  /** `link` to a heading in another file, or an `id` such as `CO-1`. */
  kind: z.enum(['link', 'id']),
  /** The link text, or the ID. */
  text: z.string(),
  /** For links: the path part of the URL (may be empty for same-file links). */
  path: z.string().nullable(),
  /** For links: the heading slug after `#`. */
  fragment: z.string().nullable(),
  range: RangeSchema,
});

export const AlignmentSchema = z.object({
  /** `Supports`, `Parent`, `Aligns to`… as written. */
  label: z.string(),
  refs: z.array(AlignmentRefSchema),
  range: RangeSchema,
});

export const ItemSchema = z.object({ text: z.string(), range: RangeSchema });

export const ObjectiveSchema = z.object({
  /** `CO-1` or `O1` when the document gives the objective an ID. */
  id: z.string().nullable(),
  title: z.string(),
  range: RangeSchema,
  titleRange: RangeSchema,
  /** Heading depth, or 0 for objectives written as paragraphs or list items. */
  depth: z.number().int().min(0).max(6),
  /** False when the objective was inferred from structure (a heading with KR bullets under it). */
  explicit: z.boolean(),
  /** GitHub slug of the objective's heading, when it is a heading. */
  slug: z.string().nullable(),
  alignments: z.array(AlignmentSchema),
  owner: FieldSchema.nullable(),
  keyResults: z.array(KeyResultSchema),
  initiatives: z.array(ItemSchema),
  /** The last line that belongs to the objective's section. */
  endLine: z.number().int().min(1),
  /** The layout reader that read the objective. */
  reader: z.string(),
  /** The period heading the objective sits under (`2019 Q1`), in documents that hold several periods; else null. */
  period: z.string().nullable(),
});

export const ContextItemSchema = ItemSchema.extend({
  /** `Annual goal this supports`, `Key assumption`, `Biggest risk`… */
  label: z.string().nullable(),
  value: z.string(),
});

export const DependencySchema = ItemSchema.extend({
  /** The team depended on (`Platform` in `Need from Platform: …`). */
  team: z.string().nullable(),
  what: z.string(),
  /** The date or deadline after `by`. */
  by: z.string().nullable(),
});

export const SectionSchema = z.object({ range: RangeSchema, items: z.array(ItemSchema) });

export const QuarterSchema = z.object({
  label: z.string(),
  quarter: z.number().int().min(1).max(4),
  year: z.number().int().nullable(),
  fiscal: z.boolean(),
  /** ISO dates of the first and last day, when the year is known. */
  start: z.string().nullable(),
  end: z.string().nullable(),
});

export const WeeklyRowSchema = z.object({
  /** The KR or metric the row reports on. */
  name: z.string(),
  last: QuantityFieldSchema.nullable(),
  current: QuantityFieldSchema.nullable(),
  delta: FieldSchema.nullable(),
  status: FieldSchema.nullable(),
  note: FieldSchema.nullable(),
  confidence: ConfidenceFieldSchema.nullable(),
  lastConfidence: ConfidenceFieldSchema.nullable(),
  range: RangeSchema,
});

export const WeeklyTableSchema = z.object({ columns: z.array(z.string()), rows: z.array(WeeklyRowSchema), range: RangeSchema });

export const PrioritySchema = ItemSchema.extend({
  /** The KR named after `→ supports`. */
  supports: z.string().nullable(),
});

export const BlockerSchema = ItemSchema.extend({
  blocker: z.string(),
  need: z.string().nullable(),
  from: z.string().nullable(),
});

export const DefinedIdSchema = z.object({ id: z.string(), text: z.string(), range: RangeSchema });

/** A heading of the document with its GitHub slug: what `file.md#slug` links resolve to. */
export const HeadingSchema = z.object({ text: z.string(), slug: z.string(), depth: z.number().int().min(1).max(6), range: RangeSchema });

export const OkrDocumentSchema = z.object({
  title: z.string().nullable(),
  titleRange: RangeSchema.nullable(),
  quarter: QuarterSchema.nullable(),
  team: z.string().nullable(),
  /** `okr` for quarterly documents, `weekly` for weekly updates. */
  kind: z.enum(['okr', 'weekly']),
  /** Weekly updates: the date in the title. */
  date: z.string().nullable(),
  /**
   * `plan` for a forward-looking plan; `review` for a document that looks
   * back (stated grades, a retrospective, an archive), where the template's
   * planning sections (Context, NOT doing, confidence) are not expected.
   */
  stance: z.enum(['plan', 'review']),
  /** Why the document reads as a review, in words; null for a plan. */
  stanceReason: z.string().nullable(),
  /** Written in the first person about one's own goals (`I want to…`): the author owns every key result. */
  personal: z.boolean(),
  frontMatter: z.record(z.string(), z.string()),
  /** `empty`: the section is there with nothing written in it (bare bullets, labels alone), as the template leaves it. */
  context: SectionSchema.extend({ items: z.array(ContextItemSchema), empty: z.boolean() }).nullable(),
  /** Document-level alignment (`Annual goal this supports: AG-2026-01`). */
  alignments: z.array(AlignmentSchema),
  objectives: z.array(ObjectiveSchema),
  /** Initiatives outside any objective. */
  initiatives: z.array(ItemSchema),
  dependencies: SectionSchema.extend({ items: z.array(DependencySchema) }).nullable(),
  notDoing: SectionSchema.extend({ empty: z.boolean() }).nullable(),
  weeklyTables: z.array(WeeklyTableSchema),
  priorities: z.array(PrioritySchema),
  blockers: z.array(BlockerSchema),
  /** IDs this document defines (`CO-1`, `AG-2026-01`) for others to align to. */
  definedIds: z.array(DefinedIdSchema),
  /** Every heading, in order, with its slug. */
  headings: z.array(HeadingSchema),
  lineCount: z.number().int().min(1),
});

export type Field = z.infer<typeof FieldSchema>;
export type QuantityField = z.infer<typeof QuantityFieldSchema>;
export type OwnerField = z.infer<typeof OwnerFieldSchema>;
export type ConfidenceField = z.infer<typeof ConfidenceFieldSchema>;
export type Ladder = z.infer<typeof LadderSchema>;
export type LadderStep = z.infer<typeof LadderStepSchema>;
export type KeyResult = z.infer<typeof KeyResultSchema>;
export type AlignmentRef = z.infer<typeof AlignmentRefSchema>;
export type Alignment = z.infer<typeof AlignmentSchema>;
export type Item = z.infer<typeof ItemSchema>;
export type Objective = z.infer<typeof ObjectiveSchema>;
export type ContextItem = z.infer<typeof ContextItemSchema>;
export type Dependency = z.infer<typeof DependencySchema>;
export type Quarter = z.infer<typeof QuarterSchema>;
export type WeeklyRow = z.infer<typeof WeeklyRowSchema>;
export type WeeklyTable = z.infer<typeof WeeklyTableSchema>;
export type Priority = z.infer<typeof PrioritySchema>;
export type Blocker = z.infer<typeof BlockerSchema>;
export type DefinedId = z.infer<typeof DefinedIdSchema>;
export type Heading = z.infer<typeof HeadingSchema>;
export type OkrDocument = z.infer<typeof OkrDocumentSchema>;
