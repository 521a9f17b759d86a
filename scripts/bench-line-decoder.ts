/**
 * Measures the streaming line decoder on a generated event file:
 *   node scripts/run-ts.cjs scripts/bench-line-decoder.ts [lines=1000000]
 * The file mixes what the backtest reads: GDELT export rows (most of it, as in real
 * feeds), short JSONL news items and an ACLED CSV section. Lines are generated in
 * memory from the fixtures with fresh ids, then fed one by one, as a file reader would.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLineDecoder, LIBYA_REGISTRY } from '@crescent/domain';

const total = Number(process.argv[2] ?? 1_000_000);
const fixtures = join(__dirname, '..', 'libs', 'domain', 'fixtures');
const gdelt = readFileSync(join(fixtures, 'gdelt/libya-2020-01.export.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l !== '');
const acled = readFileSync(join(fixtures, 'acled/libya-2020-01.csv'), 'utf8').split('\n');
const acledHeader = acled[0] ?? '';
const acledRow = acled[2] ?? '';
const headlines = [
  'NOC declares force majeure at Brega and Zueitina',
  'Clashes erupt south of Tripoli despite the truce',
  'Sharara oilfield restarts after valve reopens',
  'Tribal leaders threaten to close the eastern ports',
  'Haftar leaves Moscow without signing ceasefire deal',
  'Turkey sends troops to support the GNA',
];

function lineAt(i: number): string {
  const r = i % 100;
  if (r < 80) return (gdelt[i % gdelt.length] ?? '').replace(/^\d+/, String(900_000_000 + i));
  if (r < 95) {
    const h = headlines[i % headlines.length] ?? '';
    return JSON.stringify({
      kind: 'news',
      id: `n${i}`,
      publishedAt: '2020-01-18T12:00:00Z',
      source: 'bench',
      headline: h,
      body: `${h}, officials said on Saturday.`,
    });
  }
  if (i % 1000 === 95) return acledHeader;
  return acledRow.replace(/^LBY7102/, `LBY${i}`);
}

const decoder = createLineDecoder({ registry: LIBYA_REGISTRY });
let accepted = 0;
let rejected = 0;
const start = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
for (let i = 0; i < total; i++) {
  for (const item of decoder.push(lineAt(i))) {
    if (item.result.ok) accepted++;
    else rejected++;
  }
}
for (const item of decoder.end()) if (item.result.ok) accepted++;
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
process.stdout.write(
  `${total} lines in ${seconds.toFixed(2)} s wall (${Math.round(total / seconds)} lines/s), ${cpuSeconds.toFixed(2)} s CPU (${Math.round(total / cpuSeconds)} lines/s per core); accepted ${accepted}, rejected ${rejected}; heap ${heapMb.toFixed(0)} MB\n`,
);
