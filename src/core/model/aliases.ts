import { memoize } from './text';

/**
 * Names of KR columns and `Label:` fields (SPEC §2), matched
 * case-insensitively after Markdown, punctuation and spacing are removed.
 * Table headers and field labels share this one table.
 */
export type KrColumn =
  | 'kr'
  | 'text'
  | 'baseline'
  | 'target'
  | 'current'
  | 'owner'
  | 'confidence'
  | 'score'
  | 'status'
  | 'weight'
  | 'source'
  | 'due'
  | 'type'
  | 'scoring'
  | 'last'
  | 'delta'
  | 'note'
  | 'lastConfidence';

const ALIASES: Record<KrColumn, string[]> = {
  kr: [
    'kr',
    'key result',
    'key results',
    'metric',
    'kr #',
    'kr#',
    'krs',
    'resultado-chave',
    'resultado chave',
    'resultados-chave',
    'resultado clave',
    'schlüsselergebnis',
    'schlusselergebnis',
    'résultat clé',
    'resultat cle',
    'résultats clés',
    '关键结果',
    '關鍵結果',
  ],
  text: ['indicator', 'indicador', 'description', 'descrição', 'descricao', 'statement', 'kr text'],
  baseline: [
    'baseline',
    'start',
    'from',
    'current at start',
    'starting value',
    'start value',
    'linha de base',
    'base',
    'línea base',
    'ausgangswert',
    'startwert',
    'valeur initiale',
    'point de départ',
    '基线',
    '起点',
  ],
  target: ['target', 'goal', 'to', 'meta', 'objetivo meta', 'target value', 'alvo', 'zielwert', 'cible', 'valeur cible', '目标值'],
  current: [
    'current',
    'actual',
    'latest',
    'now',
    'this week',
    'progress',
    'atual',
    'current value',
    'end of quarter',
    'end-of-quarter',
    'eoq',
    'result',
    'actual result',
    'aktuell',
    'ist',
    'actuel',
    '当前',
    '现状',
  ],
  owner: [
    'owner',
    'dri',
    'responsible',
    'responsável',
    'responsavel',
    'accountable',
    'contributors',
    'assignee',
    'owners',
    'owner(s)',
    'assignees',
    'lead',
    'verantwortlich',
    'responsable',
    '负责人',
  ],
  confidence: ['confidence', 'conf', 'confidence (0-1)', 'confidence 0-1', 'confidence (1-5)', 'confiança', 'confianca'],
  score: [
    'score',
    'final score',
    'grade',
    'nota',
    'final',
    'final grade',
    'eoq score',
    'end of quarter score',
    'mid-q',
    'mid q',
    'midq',
    'mid-quarter',
    'mid quarter',
    'mid-q score',
    'midpoint',
    'bewertung',
    'note finale',
    '评分',
    '得分',
  ],
  status: ['status', 'rag', 'health', 'situação'],
  weight: ['weight', 'peso', 'weighting'],
  source: ['source', 'data source', 'tracking', 'how to measure', 'measured by', 'fonte'],
  due: ['due', 'deadline', 'due date', 'by', 'prazo', 'date'],
  type: ['type', 'kind', 'leading/lagging', 'tipo'],
  scoring: ['scoring', 'scoring ladder', 'ladder'],
  last: ['last', 'last week', 'previous', 'prev', 'semana passada'],
  delta: ['δ', 'Δ', 'delta', 'change', 'diff'],
  note: ['note', 'notes', 'comment', 'comments', 'observações'],
  lastConfidence: ['last confidence', 'previous confidence', 'last conf', 'conf last week', 'confidence last week'],
};

const LOOKUP = new Map<string, KrColumn>();
for (const [column, names] of Object.entries(ALIASES) as Array<[KrColumn, string[]]>) {
  for (const name of names) LOOKUP.set(normaliseLabel(name), column);
}

/** Lower-case, Markdown and trailing punctuation removed, spaces collapsed. */
export function normaliseLabel(text: string): string {
  return text
    .toLowerCase()
    .replace(/[*_`]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[\s:.]+$/, '')
    .trim();
}

/** The KR column a header or field label names, or null. */
export const columnFor = memoize((label: string): KrColumn | null => LOOKUP.get(normaliseLabel(label)) ?? null);
