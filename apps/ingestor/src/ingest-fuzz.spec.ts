import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  createLineDecoder,
  CsvRecordAssembler,
  LIBYA_REGISTRY,
  parseCsvRecord,
  REJECTION_CODES,
} from '@crescent/domain';
import {
  countCategories,
  Dice,
  countOutcomes,
  expectedOutcomes,
  FUZZ_CATEGORIES,
  fuzzSeed,
  generateFuzzCases,
  type ExpectedOutcome,
} from '../../../test/support/fuzz';

/*
 * Fuzz of the ingestor's intake (`decide`, the function every raw message goes through,
 * then its de-duplication): thousands of hostile values, none throws, and each ends
 * accepted, irrelevant, duplicate or rejected with a known code and a reason.
 * Reproduce a failure with FUZZ_SEED=<the printed seed>; FUZZ_SEED=random draws a new one.
 */

const CASES = 5_000;
const CODES: ReadonlySet<string> = new Set(REJECTION_CODES);

describe('ingestor intake under fuzzing (seeded)', () => {
  const seed = fuzzSeed(20200118);

  it(`${CASES.toLocaleString('en')} cases of every category: nothing throws, every case has exactly one outcome`, () => {
    const cases = generateFuzzCases(seed, CASES, 2);
    let outcomes: ExpectedOutcome[];
    try {
      outcomes = expectedOutcomes(cases);
    } catch (err) {
      throw new Error(
        `FUZZ_SEED=${seed}: the intake threw: ${err instanceof Error ? err.stack : String(err)}`,
      );
    }
    const counts = countOutcomes(outcomes);
    console.log(
      `ingest fuzz FUZZ_SEED=${seed}: ${cases.length} cases ${JSON.stringify(counts)} ` +
        `by category ${JSON.stringify(countCategories(cases))}`,
    );

    expect(outcomes).toHaveLength(cases.length);
    expect(counts.accepted + counts.irrelevant + counts.duplicate + counts.rejected).toBe(cases.length);
    for (const [i, o] of outcomes.entries()) {
      const where = `FUZZ_SEED=${seed} case ${i} (${cases[i]?.category})`;
      if (o.outcome === 'rejected') {
        expect({ where, code: CODES.has(o.rejection?.code ?? '') }).toEqual({ where, code: true });
        expect({ where, reason: (o.rejection?.reason ?? '').length > 0 }).toEqual({ where, reason: true });
      }
      if (o.outcome === 'accepted' || o.outcome === 'duplicate') expect(o.eventId).toMatch(/^[a-z]+:/);
    }
    // The run reaches every category and every outcome, so a generator that degenerates shows.
    expect(Object.keys(countCategories(cases)).sort()).toEqual([...FUZZ_CATEGORIES].sort());
    for (const n of Object.values(counts)) expect(n).toBeGreaterThan(0);

    // Real messages made unique are never refused, and a copy of one is never new.
    const by = (category: string) =>
      outcomes.filter((_, i) => cases[i]?.category === category).map((o) => o.outcome);
    expect(new Set(by('valid'))).toEqual(new Set(['accepted', 'irrelevant']));
    expect(by('duplicate').filter((o) => o !== 'duplicate' && o !== 'irrelevant')).toEqual([]);
    // 10 MB is over the 1 MiB message limit, and invalid UTF-8 never reaches the parser.
    for (const [i, c] of cases.entries()) {
      if (c.category === 'huge') expect(outcomes[i]?.rejection?.code).toBe('oversized');
    }
  });

  it('the same seed gives the same cases, byte for byte', () => {
    const a = generateFuzzCases(seed, 300);
    const b = generateFuzzCases(seed, 300);
    expect(b.map((c) => c.value.toString('base64'))).toEqual(a.map((c) => c.value.toString('base64')));
    const other = generateFuzzCases(seed + 1, 300);
    expect(other.map((c) => c.value.toString('base64'))).not.toEqual(
      a.map((c) => c.value.toString('base64')),
    );
  });

  it('ACLED CSV with shuffled or missing headers through the backtest reader: an event or a named rejection per row', () => {
    const cases = generateFuzzCases(seed, 3_000).filter(
      (c) => c.category === 'acled-headers' && !c.value.toString('utf8').startsWith('{'),
    );
    const tally = { events: 0, rejected: 0 };
    for (const c of cases) {
      const decoder = createLineDecoder({ registry: LIBYA_REGISTRY });
      const lines = c.value.toString('utf8').split('\n');
      const items = [...lines.flatMap((l) => decoder.push(l)), ...decoder.end()];
      // One item per data row (the header yields nothing of its own): nothing dropped.
      expect(items.length).toBeGreaterThanOrEqual(1);
      for (const item of items) {
        if (item.result.ok) tally.events++;
        else {
          tally.rejected++;
          expect(CODES.has(item.result.rejection.code)).toBe(true);
        }
      }
    }
    console.log(`acled csv fuzz FUZZ_SEED=${seed}: ${cases.length} files ${JSON.stringify(tally)}`);
    expect(tally.events).toBeGreaterThan(0);
    expect(tally.rejected).toBeGreaterThan(0);
  });

  it('an ACLED CSV file with its columns shuffled (header and rows alike) gives the same events as the original', () => {
    const text = readFileSync(
      resolve(__dirname, '../../../libs/domain/fixtures/acled/libya-2020-01.csv'),
      'utf8',
    );
    const assembler = new CsvRecordAssembler();
    const records: string[][] = [];
    text.split('\n').forEach((line, i) => {
      const record = line === '' ? undefined : assembler.push(line, i + 1);
      const cells = record === undefined ? undefined : parseCsvRecord(record);
      if (cells?.ok) records.push(cells.value);
    });
    const decode = (rows: ReadonlyArray<readonly string[]>) => {
      const cell = (c: string): string => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
      const decoder = createLineDecoder({ registry: LIBYA_REGISTRY });
      const lines = rows
        .map((r) => r.map(cell).join(','))
        .join('\n')
        .split('\n');
      return [...lines.flatMap((l) => decoder.push(l)), ...decoder.end()].map((item) =>
        item.result.ok
          ? `${item.result.value.id} ${item.result.value.type} ${item.result.value.occurredAt.toISO()}`
          : item.result.rejection.code,
      );
    };
    const original = decode(records);
    expect(original.length).toBe(records.length - 1);
    expect(original.filter((o) => o.startsWith('acled:')).length).toBeGreaterThan(0);
    const d = new Dice(seed);
    for (let run = 0; run < 20; run++) {
      const order = d.shuffle(records[0]!.map((_, i) => i));
      expect(decode(records.map((r) => order.map((i) => r[i] ?? '')))).toEqual(original);
    }
  });
});
