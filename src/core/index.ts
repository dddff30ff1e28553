/**
 * OKR Lens core: no `vscode` import. The extension, the CLI and the tests all
 * use this one engine.
 */
export { analyze, analyzeParsed, INTERNAL_RULE_ID, limited, type Analysis, type AnalyzeOptions } from './analyze';
export { checkLimits, DEFAULT_LIMITS, LIMIT_RULE_ID, type LimitHit, type Limits } from './limits';
export { IncrementalAnalyzer } from './incremental';
export {
  applyEdits,
  baselineFromHistory,
  fixAll,
  fixesFor,
  peopleNamed,
  supportsChoices,
  supportsLine,
  type Fix,
  type FixContext,
  type HistoricValue,
  type Person,
  type TextEdit,
} from './fixes';
export { DEFAULT_CONFIG, resolveConfig, SETTING_SCHEMAS, type LensConfig, type RagBands } from './config/config';
export { globToRegExp, matchesAny } from './config/glob';
export { closest, configFileSchema, formatProblem, readConfigText, readConfigValue, type ConfigProblem, type ConfigRead } from './config/read';
export { detectOkrDocument, firstH1, isMarkdownPath, isOkrDocument, type DetectionReason, type OkrCandidate } from './detect';
export { buildDocument, buildDocumentWith, readers, teamFromTitle, type BuildOptions, type Reader } from './read/index';
export { parseConfidence, parseLadder, parseOwner, type ConfidenceScale } from './model/fields';
export { convertValue, isPlaceholderText, parseQuantity, unitsCompatible, type Quantity, type Unit } from './model/quantity';
export { parseQuarter } from './model/quarter';
export * from './model/schema';
export { githubSlug } from './model/text';
export { ChunkTrees, parseMarkdown, type ParsedMarkdown } from './parse/parse';
export { parseWhole } from './parse/processor';
export { defineRule, rules, type Finding, type QualityDimension, type RelatedInfo, type Rule, type RuleContext } from './rules/index';
export { settle, severityOf, workspaceCheck } from './rules/run';
export { scoreKeyResult, type KrScore, type ScoreMethod } from './score/attainment';
export { QUALITY_DIMENSIONS, scoreQuality, type DimensionScore, type DocumentQuality, type ObjectiveQuality } from './score/quality';
export { clockOf, dueDate, formatGap, PACE_LABELS, paceText, quarterClock, type Pace, type PaceStatus, type QuarterClock } from './score/pace';
export { formatScore, RAG_LABELS, ragOf, round2, type Rag } from './score/rag';
export {
  programHealth,
  scoreDocument,
  type DocumentScores,
  type HealthVerdict,
  type ObjectiveScores,
  type ProgramHealth,
  type RollupScore,
} from './score/rollup';
export { applySuppressions, findSuppressions, REASON_PLACEHOLDER, suppressionFor, type Suppressed, type Suppression, type SuppressionKind } from './suppress';
export { LineIndex, type Point, type Range, type Severity } from './types';
export { ruleOptions } from './analyze';
export { WorkspaceIndex } from './workspace/index';
export { reportDocument, reportWorkspace, trailsOf, type DocumentHistory, type ReportInput, type ReportOptions } from './report';
export {
  buildGraph,
  type EdgeKind,
  type GraphEdge,
  type GraphNode,
  type GraphOptions,
  type NodeKind,
  type RelatedPlace,
  type TeamSummary,
  type WorkspaceGraph,
  type WorkspaceFinding,
  type AlignmentFacts,
  type ObjectiveFact,
  type UnresolvedLink,
} from './workspace/graph';
export { summarize, summaryOf, type DocSummary, type Level } from './workspace/summary';
export { matchKeyResults, movedGoalposts, type GoalpostChange, type LockPoint } from './history/goalposts';
export { configuredLock } from './rules/moving-goalposts';
export { deltaLabel, deltaLines, deltaMarkdown, previewMessage, rollupDelta, type DeltaRow } from './history/delta';
export {
  looksWeekly,
  mondayOf,
  quantityDelta,
  weeklyPathFor,
  weeklyUpdate,
  previousUpdate,
  isTeamUpdate,
  linksOf,
  matchRow,
  weeklyFolderOf,
  type WeeklyCandidate,
  type LastSource,
  type WeeklyInputs,
  type WeeklyUpdate,
  type WeeklyUpdateRow,
} from './weekly/update';
export { documentSeries, idleDays, krSeries, objectiveSeries, type NodeSeries, type ProgressPoint, type ProgressSeries } from './history/series';
export { mergeTrail, teamReports, weeklyPoints, weeklyReportOf, type WeeklyReport, type WeeklyReportRow } from './history/weekly-points';
export { krTrails, sparkline, trailLine, withWorkingCopy, type Committed, type KrTrail, type TrailPoint, type Version } from './history/trail';
export {
  gradeQuarter,
  isFinished,
  nextFileName,
  nextQuarterOf,
  quarterAfter,
  quarterChoices,
  quarterOf,
  quarterTemplate,
  rolloverText,
  slugOf,
  type GradeDistribution,
  type Grading,
  type QuarterName,
} from './quarterly';
export {
  checkInEdits,
  checkInKeyResults,
  checkInPlaces,
  confidenceDropOf,
  confidencePrompt,
  confidenceProblem,
  currentPrompt,
  currentProblem,
  currentText,
  krOwners,
  krUnit,
  maxConfidenceDrop,
  type CheckInAnswer,
  type CheckInPlaces,
  type ConfidenceDropped,
} from './checkin';
