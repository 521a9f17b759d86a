/**
 * Seeded fuzz cases for every input boundary of the raw topic, built from real valid
 * messages (the bundled 2020 history and the format fixtures) and then mutated. The same
 * seed gives the same cases byte for byte, so a failing case replays from the seed the
 * run printed: `FUZZ_SEED=<seed> npx jest <file> --selectProjects <project>`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decide, type Outcome } from '../../apps/ingestor/src/ingest.service';
import { CsvRecordAssembler, parseCsvRecord, type Rejection } from '@crescent/domain';
import { seededRandom } from './seeded-random';

const repoRoot = resolve(__dirname, '..', '..');
const fixtures = resolve(repoRoot, 'libs/domain/fixtures');

export const FUZZ_CATEGORIES = [
  'valid',
  'duplicate',
  'random-bytes',
  'truncated-json',
  'deep-nesting',
  'huge',
  'invalid-utf8',
  'wrong-type',
  'absurd-coordinates',
  'absurd-dates',
  'gdelt-columns',
  'acled-headers',
  'hostile-text',
  'byte-flip',
] as const;
export type FuzzCategory = (typeof FUZZ_CATEGORIES)[number];

export interface FuzzCase {
  /** 0-based position in the run: the order the cases are produced in. */
  readonly n: number;
  readonly category: FuzzCategory;
  readonly value: Buffer;
}

/** The seed of this run: FUZZ_SEED (an integer, or "random" for a fresh one), else `fallback`. */
export function fuzzSeed(fallback: number): number {
  const raw = process.env.FUZZ_SEED?.trim();
  if (raw === undefined || raw === '') return fallback >>> 0;
  if (raw === 'random') return Math.floor(Math.random() * 0xffffffff) >>> 0;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer or "random", got "${raw}"`);
  return seed >>> 0;
}

type Json = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

interface Bases {
  readonly structured: readonly Json[];
  readonly news: readonly Json[];
  readonly gdelt: readonly string[];
  readonly acledHeader: readonly string[];
  readonly acledRows: ReadonlyArray<readonly string[]>;
}

function jsonl(path: string): Json[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Json);
}

function csvCells(line: string): string[] {
  const r = parseCsvRecord(line);
  if (!r.ok) throw new Error(`fixture CSV line does not parse: ${r.rejection.reason}`);
  return r.value;
}

let cachedBases: Bases | undefined;

/** The real, valid messages every case starts from. */
function bases(): Bases {
  if (cachedBases) return cachedBases;
  const assembler = new CsvRecordAssembler();
  const acled: string[] = [];
  readFileSync(resolve(fixtures, 'acled/libya-2020-01.csv'), 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const record = line === '' ? undefined : assembler.push(line, i + 1);
      if (record !== undefined) acled.push(record);
    });
  cachedBases = {
    structured: [
      ...jsonl(resolve(repoRoot, 'data/history/libya-2020.jsonl')),
      ...jsonl(resolve(fixtures, 'structured/events.jsonl')),
    ],
    news: [
      ...jsonl(resolve(fixtures, 'news/january-2020.jsonl')),
      JSON.parse(readFileSync(resolve(fixtures, 'news/haftar-leaves-moscow.json'), 'utf8')) as Json,
    ],
    gdelt: readFileSync(resolve(fixtures, 'gdelt/libya-2020-01.export.tsv'), 'utf8')
      .split('\n')
      .filter((l) => l !== ''),
    acledHeader: csvCells(acled[0] ?? ''),
    acledRows: acled.slice(1).map(csvCells),
  };
  return cachedBases;
}

const GDELT_SQLDATE = 1;
const GDELT_LAT = 56;
const GDELT_LON = 57;
const GDELT_DATEADDED = 59;
const GDELT_SOURCEURL = 60;

const deep = (depth: number): unknown => {
  let v: unknown = 'core';
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? { nested: v } : [v];
  return v;
};

/** Values of every JSON type (and a few JavaScript ones JSON turns into null) for any field. */
const WRONG_VALUES: readonly unknown[] = [
  null,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  true,
  false,
  [],
  ['x', 1, null],
  {},
  { nested: { deeper: [1, 2, 3] } },
  '',
  ' ',
  'NaN',
  '-0',
  '9'.repeat(400),
  'x'.repeat(5_000),
  '2020-01-18T12:00:00Z',
  'es-sider',
];

const ABSURD_COORDINATES: readonly unknown[] = [
  90.0000001,
  -90.5,
  180.0001,
  -181,
  1e9,
  -1e308,
  0,
  'NaN',
  'Infinity',
  '-Infinity',
  '32.5abc',
  '',
  ' ',
  null,
  true,
  '1e400',
  '0x20',
  32.885,
  '30,4',
];

const ABSURD_DATES: readonly unknown[] = [
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '2020-13-45T25:61:61Z',
  '2020-02-30',
  '2020-01-18T12:00:00+99:00',
  '1970-01-01T00:00:00Z',
  '2020-01-18T12:00:00',
  '18/01/2020',
  'yesterday',
  '',
  ' ',
  0,
  -1,
  8.64e15 + 1,
  1579996800,
  '1579996800',
  null,
  [],
];

/** Strings PostgreSQL, JSON and terminals each have their own trouble with. */
export const HOSTILE_TEXT: readonly string[] = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '\ufeff',
  '\u202eevil',
  '\u2028\u2029',
  '\\u0000',
  '"; DROP TABLE events; --',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '\r\n\t',
  '%00%ff',
  '🛢️🔥',
  'é'.repeat(300),
  '\u0007\u001b[31m',
  '${process.exit()}',
];

/** JSON text a message could carry in one of its string fields, escapes left as escapes. */
const HOSTILE_ESCAPES: readonly string[] = ['\\u0000', '\\ud800', '\\udc00\\ud800', '\\u001f', '\\uffff'];

const INVALID_UTF8: readonly number[][] = [
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0xaf], // overlong '/'
  [0xe0, 0x80, 0x80], // overlong NUL
  [0xed, 0xa0, 0x80], // an encoded surrogate
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
  [0x80], // a lone continuation byte
  [0xe2, 0x82], // truncated sequence
];

/** A seeded source of choices. */
export class Dice {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}

/** A valid message made unique to case `n` (id and text), so it is new rather than a duplicate. */
interface Fresh {
  readonly kind: 'event' | 'news' | 'gdelt' | 'acled';
  readonly record: Json;
  /** GDELT: the 61 columns; ACLED: header and row. */
  readonly cols?: string[];
  readonly header?: string[];
}

function fresh(d: Dice, n: number): Fresh {
  const b = bases();
  const tag = `fz${n}`;
  switch (d.int(4)) {
    case 0:
    case 1: {
      // The history holds news items as well as structured events: each is made unique by its own text field.
      const base = d.pick(d.int(2) === 0 ? b.structured : b.news);
      const id = `${str(base.id)}-${tag}`;
      return base.kind === 'news'
        ? { kind: 'news', record: { ...base, id, body: `${str(base.body)} (${tag})` } }
        : { kind: 'event', record: { ...base, id, summary: `${str(base.summary)} (${tag})` } };
    }
    case 2: {
      const cols = d.pick(b.gdelt).split('\t');
      cols[0] = String(900_000_000 + n);
      cols[GDELT_SOURCEURL] = `${cols[GDELT_SOURCEURL] ?? ''}?${tag}`;
      return { kind: 'gdelt', record: { kind: 'gdelt', row: cols.join('\t') }, cols };
    }
    default: {
      const header = [...b.acledHeader];
      const row = [...d.pick(b.acledRows)];
      const record: Json = {};
      header.forEach((h, i) => (record[h] = row[i] ?? ''));
      record.event_id_cnty = `LBY${tag}`;
      record.notes = `${String(record.notes)} (${tag})`;
      return { kind: 'acled', record: { kind: 'acled', record }, header, cols: row };
    }
  }
}

const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v), 'utf8');

/** The object whose fields a mutation changes: the ACLED record, else the message itself. */
function fieldsOf(f: Fresh): Json {
  return f.kind === 'acled' ? (f.record.record as Json) : f.record;
}

function withField(f: Fresh, path: readonly string[], value: unknown): Json {
  const copy = structuredClone(f.record);
  let target = f.kind === 'acled' ? (copy.record as Json) : copy;
  for (const key of path.slice(0, -1)) {
    const next = target[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) target[key] = {};
    target = target[key] as Json;
  }
  target[path[path.length - 1] as string] = value;
  return copy;
}

/** Every field path of a message, one level into objects (location.lat, …). */
function fieldPaths(f: Fresh): string[][] {
  const out: string[][] = [];
  for (const [k, v] of Object.entries(fieldsOf(f))) {
    out.push([k]);
    if (v !== null && typeof v === 'object' && !Array.isArray(v))
      for (const sub of Object.keys(v)) out.push([k, sub]);
  }
  return out;
}

function gdeltRow(d: Dice, cols: readonly string[]): Buffer {
  const line = cols.join('\t');
  return d.chance(0.5) ? Buffer.from(line) : json({ kind: 'gdelt', row: d.chance(0.5) ? line : cols });
}

function acledCsv(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const cell = (c: string): string => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n');
}

function mutate(d: Dice, n: number, category: FuzzCategory, history: readonly FuzzCase[]): Buffer {
  const f = fresh(d, n);
  switch (category) {
    case 'valid':
      return f.cols && f.kind === 'gdelt' ? gdeltRow(d, f.cols) : json(f.record);
    case 'duplicate': {
      const earlier = history.filter((c) => c.category === 'valid');
      if (earlier.length === 0) return json(f.record);
      const copy = d.pick(earlier).value;
      const text = copy.toString('utf8');
      const how = d.int(3);
      if (how === 0) return Buffer.from(copy);
      if (!text.startsWith('{')) {
        // A raw GDELT line under another GLOBALEVENTID: a duplicate by content.
        const cols = text.split('\t');
        cols[0] = String(800_000_000 + n);
        return Buffer.from(cols.join('\t'));
      }
      const parsed = JSON.parse(text) as Json;
      if (how === 1) {
        // The same event re-serialised (other key order and spacing): same id, same content.
        return Buffer.from(
          JSON.stringify(Object.fromEntries(d.shuffle(Object.entries(parsed))), null, d.int(4)),
        );
      }
      // The same content under another id: a duplicate by content.
      if (parsed.kind === 'acled') (parsed.record as Json).event_id_cnty = `LBYdup${n}`;
      else if (parsed.kind === 'gdelt' && typeof parsed.row === 'string') {
        const cols = parsed.row.split('\t');
        cols[0] = String(800_000_000 + n);
        parsed.row = cols.join('\t');
      } else if (parsed.kind === 'gdelt' && Array.isArray(parsed.row))
        parsed.row[0] = String(800_000_000 + n);
      else parsed.id = `dup-${n}`;
      return json(parsed);
    }
    case 'random-bytes': {
      const out = Buffer.alloc(d.int(d.chance(0.1) ? 20_000 : 300));
      for (let i = 0; i < out.length; i++) out[i] = d.int(256);
      if (d.chance(0.2) && out.length > 0) out[0] = 0x7b; // "{": looks like JSON for a byte
      return out;
    }
    case 'truncated-json': {
      const whole =
        f.kind === 'gdelt' && d.chance(0.5) ? Buffer.from(f.cols?.join('\t') ?? '') : json(f.record);
      return whole.subarray(0, d.int(whole.length));
    }
    case 'deep-nesting': {
      const depth = d.pick([100, 1_000, 10_000, 100_000]);
      switch (d.int(4)) {
        case 0:
          return Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`);
        case 1:
          return Buffer.from(`${'{"kind":'.repeat(depth)}"news"${'}'.repeat(depth)}`);
        case 2: // unbalanced
          return Buffer.from(`{"kind":"event","location":${'['.repeat(depth)}`);
        default: {
          const path = d.pick(fieldPaths(f));
          return json(withField(f, path, deep(Math.min(depth, 2_000))));
        }
      }
    }
    case 'huge': {
      const size = 10 * 1024 * 1024 + d.int(1024);
      if (d.chance(0.5)) {
        const body = 'Es Sider closed. '.repeat(Math.ceil(size / 17)).slice(0, size);
        return json({ ...d.pick(bases().news), id: `huge-${n}`, body });
      }
      const out = Buffer.alloc(size, 0x61);
      out[0] = 0x7b;
      return out;
    }
    case 'invalid-utf8': {
      const text = json(f.record);
      const at = d.int(text.length);
      const bad = Buffer.from(d.pick(INVALID_UTF8));
      return Buffer.concat([text.subarray(0, at), bad, text.subarray(d.chance(0.5) ? at : at + 1)]);
    }
    case 'wrong-type': {
      const path = d.pick(fieldPaths(f));
      if (f.kind === 'gdelt' && f.cols && d.chance(0.5)) {
        const cols = [...f.cols];
        cols[d.int(cols.length)] = String(d.pick(WRONG_VALUES));
        return gdeltRow(d, cols);
      }
      return json(withField(f, path, d.pick(WRONG_VALUES)));
    }
    case 'absurd-coordinates': {
      const lat = d.pick(ABSURD_COORDINATES);
      const lon = d.chance(0.5) ? d.pick(ABSURD_COORDINATES) : 13.19;
      if (f.kind === 'gdelt' && f.cols) {
        const cols = [...f.cols];
        cols[GDELT_LAT] = String(lat);
        cols[GDELT_LON] = String(lon);
        return gdeltRow(d, cols);
      }
      if (f.kind === 'acled')
        return json(withField({ ...f, record: withField(f, ['latitude'], lat) }, ['longitude'], lon));
      const base = d.pick(bases().structured);
      const location: Json = { lat, lon };
      if (d.chance(0.5)) location.name = (base.location as Json | undefined)?.name ?? 'Es Sider';
      return json({ ...base, id: `coords-${n}`, summary: `coordinates case ${n}`, location });
    }
    case 'absurd-dates': {
      const date = d.pick(ABSURD_DATES);
      if (f.kind === 'gdelt' && f.cols) {
        const cols = [...f.cols];
        cols[d.chance(0.5) ? GDELT_SQLDATE : GDELT_DATEADDED] = String(date);
        return gdeltRow(d, cols);
      }
      const field = {
        event: d.pick(['occurredAt', 'reportedAt']),
        news: 'publishedAt',
        acled: d.pick(['event_date', 'timestamp']),
        gdelt: 'row',
      }[f.kind];
      return json(withField(f, [field], date));
    }
    case 'gdelt-columns': {
      const cols = [...(f.kind === 'gdelt' && f.cols ? f.cols : bases().gdelt[0]!.split('\t'))];
      const count = d.pick([0, 1, 56, 57, 58, 60, 62, 100, 1_000]);
      while (cols.length > count) cols.splice(d.int(cols.length), 1);
      while (cols.length < count) cols.splice(d.int(cols.length + 1), 0, d.chance(0.5) ? '' : 'x');
      return gdeltRow(d, cols);
    }
    case 'acled-headers': {
      const header = [...bases().acledHeader];
      const row = [...d.pick(bases().acledRows)];
      row[0] = `LBY${n}`;
      const order = d.shuffle(header.map((_, i) => i));
      const drop = d.chance(0.6) ? d.int(3) + 1 : 0;
      const kept = order.slice(0, order.length - drop);
      const shuffledHeader = kept.map((i) => header[i] ?? '');
      // Half the time the rows follow the shuffle (a valid file), else they keep the old order.
      const shuffledRow = d.chance(0.5) ? kept.map((i) => row[i] ?? '') : row;
      if (d.chance(0.5)) return Buffer.from(acledCsv(shuffledHeader, [shuffledRow]));
      const record: Json = {};
      shuffledHeader.forEach((h, i) => (record[d.chance(0.1) ? h.toUpperCase() : h] = shuffledRow[i] ?? ''));
      return json({ kind: 'acled', record });
    }
    case 'hostile-text': {
      const textFields = fieldPaths(f).filter((p) => typeof fieldsOf(f)[p[0] as string] === 'string');
      const path = d.pick(textFields.length > 0 ? textFields : [['id']]);
      const current = str(fieldsOf(f)[path[0] as string]);
      if (d.chance(0.3)) {
        // An escape written into the JSON text itself (JSON.stringify would never write \u0000 like this).
        const text = json(withField(f, path, `${current}@@HOSTILE@@`)).toString('utf8');
        return Buffer.from(text.replace('@@HOSTILE@@', d.pick(HOSTILE_ESCAPES)));
      }
      const hostile = d.pick(HOSTILE_TEXT);
      const at = d.int(current.length + 1);
      return json(withField(f, path, current.slice(0, at) + hostile + current.slice(at)));
    }
    case 'byte-flip': {
      const out = Buffer.from(f.kind === 'gdelt' && f.cols ? f.cols.join('\t') : JSON.stringify(f.record));
      for (let flips = 1 + d.int(4); flips > 0 && out.length > 0; flips--)
        out[d.int(out.length)] = d.int(256);
      return out;
    }
  }
}

/** How often each category is drawn (huge values are counted separately: `huge` in `generateFuzzCases`). */
const WEIGHTS: ReadonlyArray<[FuzzCategory, number]> = [
  ['valid', 14],
  ['duplicate', 8],
  ['random-bytes', 6],
  ['truncated-json', 8],
  ['deep-nesting', 4],
  ['invalid-utf8', 6],
  ['wrong-type', 12],
  ['absurd-coordinates', 8],
  ['absurd-dates', 8],
  ['gdelt-columns', 6],
  ['acled-headers', 6],
  ['hostile-text', 10],
  ['byte-flip', 6],
];
const TOTAL_WEIGHT = WEIGHTS.reduce((n, [, w]) => n + w, 0);

/**
 * `count` cases from `seed`: `huge` of them 10 MB values, spread through the run, the
 * rest drawn by weight. Each category appears at least once when count allows.
 */
export function generateFuzzCases(seed: number, count: number, huge = 0): FuzzCase[] {
  const d = new Dice(seed);
  const cases: FuzzCase[] = [];
  const hugeAt = new Set(Array.from({ length: huge }, (_, i) => Math.floor(((i + 0.5) * count) / huge)));
  for (let n = 0; n < count; n++) {
    let category: FuzzCategory;
    if (hugeAt.has(n)) category = 'huge';
    else if (n < WEIGHTS.length) category = (WEIGHTS[n] as [FuzzCategory, number])[0];
    else {
      let r = d.int(TOTAL_WEIGHT);
      category = WEIGHTS.find(([, w]) => (r -= w) < 0)?.[0] ?? 'valid';
    }
    cases.push({ n, category, value: mutate(d, n, category, cases) });
  }
  return cases;
}

/** What the ingestor must make of one case. */
export interface ExpectedOutcome {
  readonly outcome: Outcome;
  readonly eventId?: string;
  readonly rejection?: Rejection;
}

/**
 * The outcome of every case, in order, as the ingestor decides it: `decide` (the
 * ingestor's own intake) for accepted / irrelevant / rejected, then its de-duplication
 * (same event id, or same source and content hash, as an earlier accepted event). Valid
 * when the cases are consumed in this order by one ingestor from an empty database, and
 * produced about now (the ingestor refuses events known over a day after their message).
 */
export function expectedOutcomes(cases: readonly FuzzCase[], producedAtMs = Date.now()): ExpectedOutcome[] {
  const ids = new Set<string>();
  const contents = new Set<string>();
  return cases.map((c) => {
    const d = decide(String(c.n), c.value, producedAtMs);
    if (d.outcome !== 'accepted' || !d.event) return { outcome: d.outcome, rejection: d.rejection };
    const content = `${d.event.source}\u0000${d.event.raw.contentHash}`;
    if (ids.has(d.event.id) || contents.has(content)) return { outcome: 'duplicate', eventId: d.event.id };
    ids.add(d.event.id);
    contents.add(content);
    return { outcome: 'accepted', eventId: d.event.id };
  });
}

export type OutcomeCounts = Record<Outcome, number>;

export function countOutcomes(outcomes: ReadonlyArray<{ outcome: Outcome }>): OutcomeCounts {
  const counts: OutcomeCounts = { accepted: 0, irrelevant: 0, duplicate: 0, rejected: 0 };
  for (const o of outcomes) counts[o.outcome] += 1;
  return counts;
}

export function countCategories(cases: readonly FuzzCase[]): Partial<Record<FuzzCategory, number>> {
  const out: Partial<Record<FuzzCategory, number>> = {};
  for (const c of cases) out[c.category] = (out[c.category] ?? 0) + 1;
  return out;
}
