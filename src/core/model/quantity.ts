/**
 * Values of KR cells as quantities (SPEC §2): numbers with units, comparison
 * prefixes, ranges and placeholders, in the notations people actually write:
 * `18%`, `$1.2M`, `$85K`, `12/month`, `7 days`, `480 ms`, `2.8x`, `1,000`,
 * `50.000` (dot thousands), `0,4` (decimal comma), `-20%`, `+10`, `< 2 days`,
 * `at least 5,000`, `20–30 days`, `TBD`, `[metric]`, `XX%`.
 */

export type Comparator = '<' | '<=' | '>' | '>=';

/** What a unit measures. Units of one dimension compare; across dimensions they do not. */
export type Dimension = 'percent' | 'currency' | 'duration' | 'rate' | 'multiple' | 'count';

export interface Unit {
  dimension: Dimension;
  /** How the unit is shown: `%`, `$`, `days`, `/month`, `x`, `/5`, `posts`. */
  symbol: string;
  /**
   * Multiplier into the dimension's base unit (seconds for durations, per day
   * for rates); 1 elsewhere. Currencies and counts only compare when `symbol`
   * matches.
   */
  factor: number;
}

interface QuantityBase {
  /** The text the quantity was read from, trimmed. */
  raw: string;
}

export interface NumberQuantity extends QuantityBase {
  kind: 'number';
  /** The value in the written unit, magnitudes applied (`$1.2M` → 1200000). */
  value: number;
  unit: Unit | null;
  comparator: Comparator | null;
  /** Written with an explicit `+` or `-`: a change relative to the baseline. */
  signed: boolean;
  /** Words after the value, such as `(novo sistema)` or `of churn`. */
  note: string | null;
}

export interface RangeQuantity extends QuantityBase {
  kind: 'range';
  low: number;
  high: number;
  unit: Unit | null;
}

export interface PlaceholderQuantity extends QuantityBase {
  kind: 'placeholder';
}

/** Words with no number: `Shipped`, `Sem certificação`, a qualitative baseline. */
export interface TextQuantity extends QuantityBase {
  kind: 'text';
}

/** No value: an empty cell or a lone dash. */
export interface EmptyQuantity extends QuantityBase {
  kind: 'empty';
}

export type Quantity = NumberQuantity | RangeQuantity | PlaceholderQuantity | TextQuantity | EmptyQuantity;

const DAY = 86_400;
const DURATIONS: Array<[RegExp, string, number]> = [
  [/^(?:ms|msec|millisecond|milliseconds)$/i, 'ms', 0.001],
  [/^(?:s|sec|secs|second|seconds|segundo|segundos|sekunden?|secondes?)$/i, 's', 1],
  [/^(?:min|mins|minute|minutes|minuto|minutos|minuten)$/i, 'min', 60],
  [/^(?:h|hr|hrs|hour|hours|hora|horas|stunden?|heures?)$/i, 'hours', 3600],
  [/^(?:d|day|days|dia|dias|día|días|business days|tage?|tagen|jours?)$/i, 'days', DAY],
  [/^(?:w|wk|wks|week|weeks|semana|semanas|wochen?|semaines?)$/i, 'weeks', 7 * DAY],
  [/^(?:mo|mos|month|months|m[eê]s|meses|monate?n?|mois)$/i, 'months', 30 * DAY],
  [/^(?:quarter|quarters|trimestre|trimestres)$/i, 'quarters', 91 * DAY],
  [/^(?:y|yr|yrs|year|years|ano|anos)$/i, 'years', 365 * DAY],
];
const PERIODS: Array<[RegExp, string, number]> = [
  [/^(?:day|d|dia)$/i, 'day', 1],
  [/^(?:week|wk|w|semana)$/i, 'week', 1 / 7],
  [/^(?:month|mo|m[eê]s)$/i, 'month', 1 / 30],
  [/^(?:quarter|q|trimestre)$/i, 'quarter', 1 / 91],
  [/^(?:year|yr|y|ano)$/i, 'year', 1 / 365],
];
const CURRENCY_PREFIX = sticky(/^(US\$|R\$|A\$|C\$|\$|€|£|¥|₹|USD|EUR|GBP|BRL|JPY|INR)\s*/i);
const CURRENCY_SUFFIX = sticky(/^\s*(€|£|USD|EUR|GBP|BRL|reais|dollars|euros)(?![\p{L}\d])/iu);
const MAGNITUDE_WORDS: Array<[RegExp, number]> = [
  [sticky(/^(?:k|thousand|mil)(?![\p{L}\d])/iu), 1e3],
  [sticky(/^(?:mn|mm|million|millions|milh[ãa]o|milh[õo]es)(?![\p{L}\d])/iu), 1e6],
  [sticky(/^(?:bn|billion|billions|bilh[ãa]o|bilh[õo]es)(?![\p{L}\d])/iu), 1e9],
];
const COMPARATOR_WORDS: Array<[RegExp, Comparator | null]> = [
  [sticky(/^(?:≥|>=|=>|⩾)/), '>='],
  [sticky(/^(?:≤|<=|=<|⩽)/), '<='],
  [sticky(/^>/), '>'],
  [sticky(/^</), '<'],
  [sticky(/^(?:at least|no less than|not less than|minimum(?: of)?|min\.?|pelo menos|no m[ií]nimo)\s+/i), '>='],
  [sticky(/^(?:at most|no more than|not more than|maximum(?: of)?|max\.?|up to|no m[aá]ximo|at[ée])\s+/i), '<='],
  [sticky(/^(?:more than|greater than|over|above|mais de|acima de)\s+/i), '>'],
  [sticky(/^(?:less than|fewer than|under|below|menos de|abaixo de)\s+/i), '<'],
  [sticky(/^(?:~|≈|approx\.?|approximately|about|around|roughly|cerca de)\s*/i), null],
];
const PLACEHOLDER = /^(?:tbd|tbc|tba|tbd\.?|n\/a|n\.a\.|na|\?+|x+|\.\.\.|…|to be (?:determined|confirmed|defined|decided)|unknown|pending)$/i;
const X_DIGITS = /^(?:[<>≤≥]=?\s*)?(?:[$€£]|R\$)?\s*[xX]+(?:[.,][xX]+)?\s*(?:%|[kKmMbB]\b|\s*\p{L}+)?$/u;
const DATE = /^(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})$/;
const NUMBER_TOKEN = sticky(/^(?:\d+(?:[.,]\d+)*|[.,]\d+)/);
/** Patterns read at the cursor (see `eat`): module constants, so each is compiled once. */
const RANGE_SEP = sticky(/^(?:[-–—]|to|a|até)\s*/i);
const TRAILING_PLUS = sticky(/^\+(?![\d])/);
const SIGN = sticky(/^[+-]\s?(?=[\d.,$€£¥₹R])/);
const LETTER = sticky(/^[\p{L}]/u);
const GLUED_UNIT = sticky(/^(?:x|×|k|K|M|B|bn|mn|mm|ms|s|h|d|w|m|min|mo|hrs?|pp|pts)(?![\p{L}\d])/u);
const GLUED_MAGNITUDE = sticky(/^(?:[kK]|M|B)(?![\p{L}\d])/u);
const MONEY_M = sticky(/^m(?![\p{L}\d])/iu);
const PER_PERIOD = sticky(/^\s*(?:\/|per\s+|a\s+|por\s+)\s*(\p{L}+)/iu);
const PERCENT = sticky(/^\s*%/);
const POINTS = sticky(/^\s*(?:pp|p\.p\.|percentage points?)(?![\p{L}\d])/iu);
const MULTIPLE = sticky(/^(?:x|×)(?![\p{L}\d])/iu);
const FRACTION = sticky(/^\s*\/\s*(\d+(?:[.,]\d+)?)(?![\d])/);
const UNIT_WORD = sticky(/^\s*(\p{L}[\p{L}-]*(?:\s+days)?)/u);

const EMPTY = /^(?:[-—–_]+|\s*)$/;
/** Cheap test: can `isPlaceholderText` be true at all? */
const MAY_BE_PLACEHOLDER = /[xX?[\]…]|tb[dca]|n\.?\/?a|unknown|pending|to be|\.\.\./i;

/** True when the text holds a placeholder such as `TBD`, `[metric]`, `XX%` or `?`. */
export function isPlaceholderText(text: string): boolean {
  const t = clean(text);
  if (t === '') return false;
  if (PLACEHOLDER.test(t) || X_DIGITS.test(t)) return true;
  if (/^\[[^\]]*\]$/.test(t)) return true;
  if (/^(?:n\/a|tbd|tbc|tba|x+)\s*\(/i.test(t)) return true;
  return /(?<![\p{L}\d])(?:TBD|TBC|TBA)(?![\p{L}\d])/iu.test(t);
}

/** Reads one cell or field value as a quantity. Never throws. */
export function parseQuantity(input: string): Quantity {
  const raw = clean(input);
  if (EMPTY.test(raw)) return { kind: 'empty', raw };
  if (MAY_BE_PLACEHOLDER.test(raw) && isPlaceholderText(raw)) return { kind: 'placeholder', raw };
  if (DATE.test(raw)) return { kind: 'text', raw };
  return readQuantity(raw) ?? readLabelled(raw) ?? { kind: 'text', raw };
}

function clean(text: string): string {
  let t = text;
  if (/[\u00a0\u2007\u202f\u2212]|\s\s|[\t\n\r]/.test(t)) {
    t = t
      .replace(/[\u00a0\u2007\u202f]/g, ' ')
      .replace(/\u2212/g, '-')
      .replace(/\s+/g, ' ');
  }
  t = t.trim();
  const last = t.charCodeAt(t.length - 1);
  return last === 46 || last === 59 ? t.slice(0, -1).trim() : t;
}

/** `NPS ≥ 60`, `ROI ≥ 75%`: a short label, then a comparison. */
function readLabelled(raw: string): Quantity | null {
  const m = /^([\p{L}][\p{L}\d'’-]*(?:\s+[\p{L}][\p{L}\d'’-]*)?)\s*(?=[<>≤≥⩽⩾=])/u.exec(raw);
  if (!m) return null;
  const q = readQuantity(raw.slice(m[0].length));
  return q && q.kind === 'number' && q.comparator ? { ...q, raw } : null;
}

interface Cursor {
  s: string;
  i: number;
}

function skipSpace(c: Cursor): void {
  while (c.i < c.s.length && c.s[c.i] === ' ') c.i++;
}

/** A `^`-anchored pattern as a sticky regex, so it matches at the cursor without slicing. */
function sticky(re: RegExp): RegExp {
  return new RegExp(re.source.replace(/^\^/, ''), `${re.flags.replace('g', '')}y`);
}

/** Matches a sticky pattern at the cursor and moves past it. */
function eat(c: Cursor, y: RegExp): RegExpExecArray | null {
  y.lastIndex = c.i;
  const m = y.exec(c.s);
  if (m) c.i += m[0].length;
  return m;
}

function peek(c: Cursor, y: RegExp): boolean {
  y.lastIndex = c.i;
  return y.test(c.s);
}

interface Scalar {
  value: number;
  unit: Unit | null;
  signed: boolean;
}

/** Reads `[comparator] [sign] [currency] number [magnitude] [unit] [+]` and an optional range. */
function readQuantity(raw: string): Quantity | null {
  const c: Cursor = { s: raw, i: 0 };
  let comparator: Comparator | null = null;
  const first = raw.charCodeAt(0);
  const startsWithDigit = first >= 48 && first <= 57;
  if (!startsWithDigit)
    for (const [re, cmp] of COMPARATOR_WORDS) {
      if (eat(c, re)) {
        comparator = cmp;
        skipSpace(c);
        break;
      }
    }
  const scalar = readScalar(c);
  if (!scalar) return null;
  const afterFirst = c.i;
  skipSpace(c);
  // A range: `20–30 days`, `0,4–0,59`, `5 to 10`.
  if (!comparator) {
    const sep = eat(c, RANGE_SEP);
    if (sep) {
      const second = readScalar(c);
      if (second && !second.signed) {
        const unit = scalar.unit ?? second.unit;
        if (!scalar.unit || !second.unit || sameUnit(scalar.unit, second.unit)) {
          const low = Math.min(scalar.value, second.value);
          const high = Math.max(scalar.value, second.value);
          skipSpace(c);
          if (c.i >= c.s.length || c.s[c.i] === '(') return { kind: 'range', raw, low, high, unit };
        }
      }
    }
  }
  c.i = afterFirst;
  skipSpace(c);
  if (eat(c, TRAILING_PLUS)) comparator ??= '>=';
  skipSpace(c);
  const note = c.s.slice(c.i).trim();
  return {
    kind: 'number',
    raw,
    value: scalar.value,
    unit: scalar.unit,
    comparator,
    signed: scalar.signed,
    note: note === '' ? null : note,
  };
}

function readScalar(c: Cursor): Scalar | null {
  const start = c.i;
  let signed = false;
  let negative = false;
  const sign = eat(c, SIGN);
  if (sign) {
    signed = true;
    negative = sign[0].startsWith('-');
  }
  let currency: string | null = null;
  const ch = c.s.charCodeAt(c.i);
  const cur = ch >= 48 && ch <= 57 ? null : eat(c, CURRENCY_PREFIX);
  if (cur) currency = normaliseCurrency(cur[1]!);
  const numMatch = eat(c, NUMBER_TOKEN);
  if (!numMatch) {
    c.i = start;
    return null;
  }
  const token = numMatch[0];
  // A number glued to letters (`3x` is fine, `v3` or `Q4` is not) is not a quantity.
  if (peek(c, LETTER) && !peek(c, GLUED_UNIT)) {
    c.i = start;
    return null;
  }
  let magnitude = 1;
  const beforeMagnitude = c.i;
  skipSpace(c);
  let magMatched = false;
  // Upper-case K/M/B directly after the number are magnitudes; `m` alone means minutes.
  const glued = eat(c, GLUED_MAGNITUDE);
  if (glued && c.i === beforeMagnitude + glued[0].length) {
    magnitude = glued[0].toLowerCase() === 'k' ? 1e3 : glued[0] === 'M' ? 1e6 : 1e9;
  } else {
    c.i = beforeMagnitude;
    skipSpace(c);
    for (const [re, mult] of MAGNITUDE_WORDS) {
      if (currency && peek(c, MONEY_M)) {
        c.i += 1;
        magnitude = 1e6;
        magMatched = true;
        break;
      }
      if (eat(c, re)) {
        magnitude = mult;
        magMatched = true;
        break;
      }
    }
    if (!magMatched) c.i = beforeMagnitude;
  }
  if (!currency) {
    const suf = eat(c, CURRENCY_SUFFIX);
    if (suf) currency = normaliseCurrency(suf[1]!);
  }
  let unit: Unit | null = currency ? { dimension: 'currency', symbol: currency, factor: 1 } : readUnit(c);
  if (currency) {
    const rate = readPerPeriod(c);
    if (rate) unit = { dimension: 'rate', symbol: `${currency}/${rate.name}`, factor: rate.factor };
  }
  const value = interpretNumber(token, unit) * magnitude * (negative ? -1 : 1);
  if (!Number.isFinite(value)) {
    c.i = start;
    return null;
  }
  return { value, unit, signed };
}

function normaliseCurrency(s: string): string {
  const u = s.toUpperCase();
  if (u === 'USD' || u === 'US$' || u === 'DOLLARS') return '$';
  if (u === 'EUR' || u === 'EUROS') return '€';
  if (u === 'GBP') return '£';
  if (u === 'BRL' || u === 'REAIS') return 'R$';
  if (u === 'JPY') return '¥';
  if (u === 'INR') return '₹';
  return s;
}

function readPerPeriod(c: Cursor): { name: string; factor: number } | null {
  const save = c.i;
  const m = eat(c, PER_PERIOD);
  if (m) {
    for (const [re, name, factor] of PERIODS) if (re.test(m[1]!)) return { name, factor };
  }
  c.i = save;
  return null;
}

function readUnit(c: Cursor): Unit | null {
  const save = c.i;
  if (eat(c, PERCENT)) return { dimension: 'percent', symbol: '%', factor: 1 };
  if (eat(c, POINTS)) return { dimension: 'percent', symbol: '%', factor: 1 };
  if (eat(c, MULTIPLE)) return { dimension: 'multiple', symbol: 'x', factor: 1 };
  const frac = eat(c, FRACTION);
  if (frac) return { dimension: 'count', symbol: `/${frac[1]}`, factor: 1 };
  const rate = readPerPeriod(c);
  if (rate) return { dimension: 'rate', symbol: `/${rate.name}`, factor: rate.factor };
  const word = eat(c, UNIT_WORD);
  if (word) {
    const w = word[1]!;
    for (const [re, symbol, factor] of DURATIONS) {
      if (re.test(w)) return { dimension: 'duration', symbol, factor };
    }
    const per = readPerPeriod(c);
    if (per) return { dimension: 'rate', symbol: `${w.toLowerCase()}/${per.name}`, factor: per.factor };
    // A counted noun (`50 posts`, `150 saques`): a count with a name.
    if (!/^(?:of|de|da|do|in|on|at|for|by|per|and|or|to|from|the|a|an|em|no|na|com|e|ou)$/i.test(w.split(/\s/)[0]!)) {
      return { dimension: 'count', symbol: w.toLowerCase().split(/\s/)[0]!, factor: 1 };
    }
  }
  c.i = save;
  return null;
}

/**
 * Turns a number token into a value. `1,000` and `12,345.6` use comma
 * thousands; `0,4` and `1,5` a decimal comma; `50.000` and `1.234,5` dot
 * thousands, except where the unit makes a decimal more likely (`99.995%`).
 */
function interpretNumber(token: string, unit: Unit | null): number {
  let commas = 0;
  let dots = 0;
  for (let i = 0; i < token.length; i++) {
    const ch = token.charCodeAt(i);
    if (ch === 44) commas++;
    else if (ch === 46) dots++;
  }
  if (commas === 0 && dots === 0) return Number(token);
  if (commas > 0 && dots > 0) {
    const lastComma = token.lastIndexOf(',');
    const lastDot = token.lastIndexOf('.');
    return lastDot > lastComma ? Number(token.replace(/,/g, '')) : Number(token.replace(/\./g, '').replace(',', '.'));
  }
  if (commas > 0) {
    if (/^[1-9]\d{0,2}(?:,\d{3})+$/.test(token)) return Number(token.replace(/,/g, ''));
    if (commas === 1) return Number(token.replace(',', '.'));
    return Number.NaN;
  }
  const dotThousandsUnit = unit === null || unit.dimension === 'currency' || (unit.dimension === 'count' && !unit.symbol.startsWith('/'));
  if (dots > 1) return /^[1-9]\d{0,2}(?:\.\d{3})+$/.test(token) ? Number(token.replace(/\./g, '')) : Number.NaN;
  if (dotThousandsUnit && /^[1-9]\d{0,2}\.\d{3}$/.test(token)) {
    return Number(token.replace('.', ''));
  }
  return Number(token);
}

/** True when two units measure the same thing and can be compared. */
export function unitsCompatible(a: Unit | null, b: Unit | null): boolean {
  if (!a || !b) return true;
  if (a.dimension !== b.dimension) return false;
  if (a.dimension === 'currency' || a.dimension === 'count') return a.symbol === b.symbol;
  if (a.dimension === 'rate') return rateCurrency(a.symbol) === rateCurrency(b.symbol);
  return true;
}

function rateCurrency(symbol: string): string {
  const m = /^(R\$|US\$|\$|€|£|¥|₹)\//.exec(symbol);
  return m ? m[1]! : '';
}

function sameUnit(a: Unit, b: Unit): boolean {
  return a.dimension === b.dimension && a.symbol === b.symbol;
}

/**
 * A value converted into `target`'s unit (days → hours and the like), or null
 * when the units do not compare.
 */
export function convertValue(value: number, from: Unit | null, to: Unit | null): number | null {
  if (!unitsCompatible(from, to)) return null;
  if (!from || !to) return value;
  return (value * from.factor) / to.factor;
}

/** Formats a number for explanations: at most two decimals, no trailing zeros, `1,250` grouping. */
export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  const rounded = abs >= 100 ? Math.round(value * 10) / 10 : Math.round(value * 100) / 100;
  return abs >= 10_000 ? group(rounded) : String(rounded);
}

/** `1234567.5` → `1,234,567.5` (Intl is far slower and this runs for every KR). */
function group(n: number): string {
  const [int, frac] = String(Math.abs(n)).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** `$1.9M`, `$85K`, `$950`: money in the short form people write. */
function formatMoney(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${formatNumber(value / 1e9)}B`;
  if (abs >= 1e6) return `${formatNumber(value / 1e6)}M`;
  if (abs >= 1e4) return `${formatNumber(value / 1e3)}K`;
  return formatNumber(value);
}

/** `24%`, `3.2 days`, `$85000`: a value with its unit, for explanations. */
export function formatWithUnit(value: number, unit: Unit | null): string {
  const n = formatNumber(value);
  if (!unit) return n;
  switch (unit.dimension) {
    case 'percent':
      return `${n}%`;
    case 'multiple':
      return `${n}x`;
    case 'currency':
      return `${unit.symbol}${formatMoney(value)}`;
    case 'rate': {
      const money = /^(R\$|US\$|A\$|C\$|\$|€|£|¥|₹)\//.exec(unit.symbol);
      if (money) return `${money[1]}${formatMoney(value)}${unit.symbol.slice(money[1]!.length)}`;
      return unit.symbol.startsWith('/') ? `${n}${unit.symbol}` : `${n} ${unit.symbol}`;
    }
    case 'count':
      return unit.symbol.startsWith('/') ? `${n}${unit.symbol}` : `${n} ${unit.symbol}`;
    default:
      return `${n} ${unit.symbol}`;
  }
}
