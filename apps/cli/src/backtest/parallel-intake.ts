import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { resolveMappingParams, type MappingParams } from '@crescent/domain';
import { ImpactStore } from './impact-store';
import type { ChunkResult, ChunkTask } from './intake-chunk';
import type { Intake, IntakeCounts, IntakeOptions } from './intake-types';
import { expectedKeys, HashKeys, IdTable } from './seen-keys';

/** Bytes per chunk handed to a worker (whole lines: cut after the last `\n`). */
export const PARALLEL_CHUNK_BYTES = 1 << 20;
/** Chunks handed out and not yet merged, per worker: bounds the memory in flight. */
const IN_FLIGHT_PER_WORKER = 3;
/** A line naming one of these starts an ACLED section (isAcledHeader): from there the file is read with one decoder. */
const ACLED_HEADER_MARKS = [Buffer.from('event_id_cnty', 'latin1'), Buffer.from('EVENT_ID_CNTY', 'latin1')];

/**
 * A worker's heap. A worker keeps nothing from chunk to chunk but its code, so a bounded
 * heap only makes V8 collect sooner. Peak RSS of the million-event benchmark (two workers;
 * the machine loaded, so CPU seconds moved by ±2 s from run to run): built, with V8's
 * defaults 427 MB, 8 + 192 MB 339 MB, 16 + 256 MB 368 MB, 32 + 512 MB 408 MB, one thread
 * 316 MB; `npm run bench:backtest` (after its parse-only pass, from TypeScript, so each
 * worker also holds the swc compiler) 457-505 MB with 16 + 256 MB, 452-470 MB with
 * 8 + 128 MB, 360-409 MB on one thread. A file with a 60 MB line (rejected as oversized)
 * reads the same on two workers as on one; a far longer line may not fit a worker's heap:
 * the intake then fails with a message to use `--workers 1`.
 */
const WORKER_HEAP = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 128 };

/**
 * Scavenges (young-generation collections) on one thread each while the workers run.
 * V8 splits a scavenge into tasks for its helper threads; here the main thread and the
 * workers already keep every core busy, so those tasks only take turns with them, and each
 * worker's small young generation (WORKER_HEAP) is scavenged about 900 times in a million
 * events. The million-event benchmark file on the built CLI, 2 cores, three alternating
 * rounds: 9.96-10.41 s (18.8-19.7 CPU s) with the flag set like this against 10.20-10.87 s
 * (19.0-20.2 CPU s) without; the V8 helper threads' CPU fell from 4.5-4.9 s to 3.3 s.
 * The flag is process-wide and read at every scavenge, so it is set while the workers run
 * and put back after: the rest of the process (a benchmark's own passes, say) collects
 * as before.
 */
let serialScavengeUsers = 0;

function serialScavengesWhileWorking(): () => void {
  if (serialScavengeUsers++ === 0) setFlagsFromString('--no-parallel-scavenge');
  let done = false;
  return () => {
    if (done) return;
    done = true;
    if (--serialScavengeUsers === 0) setFlagsFromString('--parallel-scavenge');
  };
}

/**
 * The swc options @swc-node/register compiles this checkout's TypeScript with, worked out
 * once (it reads tsconfig.json with the TypeScript compiler), for the workers' require hook.
 */
let workerSwcOptions: unknown;

function swcOptionsForWorkers(project: string): unknown {
  if (workerSwcOptions === undefined) {
    // Loaded only when running from TypeScript, where these development packages are there.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const ts = require('typescript') as typeof import('typescript');
    const tsconfig = require('@swc-node/register/read-default-tsconfig') as {
      readDefaultTsConfig(path: string): Record<string, unknown>;
      tsCompilerOptionsToSwcConfig(
        options: Record<string, unknown>,
        filename: string,
      ): Record<string, unknown>;
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
    const options = { ...tsconfig.readDefaultTsConfig(project), module: ts.ModuleKind.CommonJS };
    workerSwcOptions = {
      ...tsconfig.tsCompilerOptionsToSwcConfig(options, join(__dirname, 'intake-worker.ts')),
      // Stack traces of a failing worker point into the TypeScript (see setSourceMapsEnabled).
      sourcemap: 'inline',
    };
  }
  return workerSwcOptions;
}

/**
 * Starts an intake worker. Built (dist), the worker is the compiled intake-worker.js. From
 * TypeScript (scripts/run-ts.cjs, jest), the worker compiles the .ts files it requires with
 * swc through a require hook, on the options @swc-node/register uses (swcOptionsForWorkers),
 * which also resolve the @crescent/* paths. It does not load @swc-node/register itself:
 * that loads the TypeScript compiler to read tsconfig.json, about 0.3 CPU s per worker
 * before its first chunk (worker ready after 160 ms instead of 500 ms).
 */
function startWorker(mappingParams: Partial<MappingParams> | undefined): Worker {
  if (!__filename.endsWith('.ts'))
    return new Worker(join(__dirname, 'intake-worker.js'), {
      workerData: { mappingParams },
      resourceLimits: WORKER_HEAP,
    });
  const project = process.env['SWC_NODE_PROJECT'] ?? join(__dirname, '../../../../tsconfig.json');
  const code = [
    'process.setSourceMapsEnabled(true);',
    `const { transformSync } = require(${JSON.stringify(require.resolve('@swc-node/core'))});`,
    `const { addHook } = require(${JSON.stringify(require.resolve('pirates'))});`,
    "const { swc } = require('node:worker_threads').workerData;",
    "addHook((source, file) => transformSync(source, file, swc).code, { exts: ['.ts'] });",
    `require(${JSON.stringify(join(__dirname, 'intake-worker.ts'))});`,
  ].join('\n');
  return new Worker(code, {
    eval: true,
    workerData: { mappingParams, swc: swcOptionsForWorkers(project) },
    resourceLimits: WORKER_HEAP,
  });
}

/** What the merge needs to know about a chunk handed out. */
interface ChunkMeta {
  readonly file: string;
  readonly fileStart: boolean;
  /** Starts an ACLED section (line numbers of its chunks count from the section's start). */
  readonly sectionStart: boolean;
  readonly inSection: boolean;
  readonly bytes: number;
}

/**
 * The backtest's intake on `workerCount` worker threads, with the same result as
 * `readEvents` on one: every file is cut into chunks of whole lines; workers decode,
 * classify and map them (ChunkDecoder) in parallel; this thread merges the results in
 * file order, so de-duplication (the first seen wins), the counts, the rejections and
 * their order, and the impact store are exactly those of the sequential intake. A file's
 * ACLED part (from its first header line on) goes to one worker, in order, since a header
 * rules the rows after it. Only for the bundled registry (workers load it themselves) and
 * without `keepEvents`.
 */
export async function readEventsInParallel(
  files: readonly string[],
  options: IntakeOptions,
  totalBytes: number,
  workerCount: number,
  chunkBytes = PARALLEL_CHUNK_BYTES,
): Promise<Intake> {
  const counts: IntakeCounts = { read: 0, accepted: 0, rejected: 0, duplicate: 0, irrelevant: 0, impacts: 0 };
  const seenIds = new IdTable(expectedKeys(totalBytes));
  const seenHashes = new HashKeys(expectedKeys(totalBytes));
  const store = new ImpactStore(options.registry, seenIds);
  // Validates the parameters here, where a bad one is reported, not in a worker.
  resolveMappingParams(options.mappingParams);
  const workers = Array.from({ length: workerCount }, () => startWorker(options.mappingParams));
  const inFlight = new Array<number>(workerCount).fill(0);
  const results = new Map<number, ChunkResult>();
  const metas = new Map<number, ChunkMeta>();
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  /** Results come in so far: tells `awaitResult` whether one came while it worked. */
  let arrivals = 0;
  workers.forEach((worker, w) => {
    worker.on('message', (r: ChunkResult) => {
      inFlight[w] = (inFlight[w] ?? 0) - 1;
      results.set(r.seq, r);
      arrivals++;
      wake?.();
    });
    worker.on('error', (err: Error & { code?: string }) => {
      failure ??=
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new Error(
              `an intake worker ran out of memory (its heap is bounded; a line of over 100 MB?): run with --workers 1 (${err.message})`,
            )
          : err;
      wake?.();
    });
    worker.on('exit', (code) => {
      if (code !== 0) failure ??= new Error(`backtest intake worker exited with code ${code}`);
      wake?.();
    });
  });
  const nextResult = (): Promise<void> =>
    new Promise<void>((resolve) => {
      wake = () => {
        wake = undefined;
        resolve();
      };
    });

  /** Waits for a worker's result (or failure), doing the caller's `whileWaiting` work meanwhile. */
  const awaitResult = async (): Promise<void> => {
    const before = arrivals;
    const work = options.whileWaiting;
    if (work !== undefined)
      while (failure === undefined && arrivals === before && work(store))
        await new Promise<void>((resolve) => setImmediate(resolve));
    if (failure === undefined && arrivals === before) await nextResult();
  };

  let nextSeq = 0;
  let merged = 0;
  let doneBytes = 0;
  let fileLines = 0;
  let sectionBase = 0;

  const merge = (r: ChunkResult, meta: ChunkMeta): void => {
    if (meta.fileStart) fileLines = 0;
    if (meta.sectionStart) sectionBase = fileLines;
    const base = meta.inSection ? sectionBase : fileLines;
    const wide =
      r.wide.length === 0
        ? undefined
        : new Map(
            Array.from({ length: r.wide.length / 2 }, (_, k) => [r.wide[2 * k] ?? 0, r.wide[2 * k + 1] ?? 0]),
          );
    let rejection = 0;
    let e = 0;
    let idFrom = 0;
    let hashFrom = 0;
    let impactFrom = 0;
    for (let i = 0; i < r.items; i++) {
      counts.read++;
      if (r.itemKind[i] === 0) {
        const rej = r.rejections[rejection++];
        counts.rejected++;
        options.onRejection({
          file: meta.file,
          line: base + (r.itemLine[i] ?? 0),
          code: rej?.code ?? '',
          reason: rej?.reason ?? '',
        });
        continue;
      }
      const idTo = r.idEnd[e] ?? 0;
      const hashTo = r.hashEnd[e] ?? 0;
      const impactTo = r.impactEnd[e] ?? 0;
      const from = impactFrom;
      const ev = e++;
      const idAt = idFrom;
      const hashAt = hashFrom;
      idFrom = idTo;
      hashFrom = hashTo;
      impactFrom = impactTo;
      const idHash = r.idHash[ev] ?? 0;
      const hex = r.hashIsHex[ev] === 1;
      const high = r.hashHigh[ev] ?? 0;
      const low = r.hashLow[ev] ?? 0;
      const national = r.national[ev] ?? 0;
      // An irrelevant event is neither a duplicate nor makes one (as readEvents, and live).
      if (impactTo === from && national === 0) {
        counts.accepted++;
        counts.irrelevant++;
        continue;
      }
      if (
        seenIds.indexOfRange(r.idText, idAt, idTo, idHash) >= 0 ||
        (hex ? seenHashes.hasHalves(high, low) : seenHashes.has(r.hashText.slice(hashAt, hashTo)))
      ) {
        counts.duplicate++;
        continue;
      }
      const idEntry = seenIds.addRange(r.idText, idAt, idTo, idHash);
      if (hex) seenHashes.addHalves(high, low);
      else seenHashes.add(r.hashText.slice(hashAt, hashTo));
      counts.accepted++;
      store.addEncoded(
        idEntry,
        r.atMs[ev] ?? 0,
        r.typeIndex[ev] ?? 0,
        r.place,
        r.signal,
        from,
        impactTo,
        wide,
        national,
      );
    }
    fileLines += r.lines;
    doneBytes += meta.bytes;
    options.onProgress?.(doneBytes, totalBytes);
  };

  /** Merges every result that is next in file order. */
  const drain = (): void => {
    if (failure !== undefined) throw failure;
    for (let r = results.get(merged); r !== undefined; r = results.get(merged)) {
      results.delete(merged);
      const meta = metas.get(merged);
      metas.delete(merged);
      if (meta !== undefined) merge(r, meta);
      merged++;
    }
  };

  const dispatch = async (task: ChunkTask, meta: ChunkMeta, worker: number): Promise<void> => {
    while (nextSeq - merged >= IN_FLIGHT_PER_WORKER * workerCount) {
      drain();
      if (nextSeq - merged < IN_FLIGHT_PER_WORKER * workerCount) break;
      await awaitResult();
    }
    drain();
    metas.set(task.seq, meta);
    inFlight[worker] = (inFlight[worker] ?? 0) + 1;
    workers[worker]?.postMessage(task, [task.bytes.buffer as ArrayBuffer]);
  };

  const leastBusy = (): number => {
    let best = 0;
    for (let w = 1; w < workerCount; w++) if ((inFlight[w] ?? 0) < (inFlight[best] ?? 0)) best = w;
    return best;
  };

  const restoreScavenges = serialScavengesWhileWorking();
  try {
    for (const file of files) {
      let fileStart = true;
      let sectionWorker = -1;
      const send = async (bytes: Uint8Array, last: boolean): Promise<void> => {
        const seq = nextSeq++;
        let section: ChunkTask['section'] = 'fresh';
        let sectionStart = false;
        if (sectionWorker >= 0) section = last ? 'last' : 'continue';
        else if (
          ACLED_HEADER_MARKS.some(
            (mark) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).indexOf(mark) >= 0,
          )
        ) {
          section = last ? 'open-last' : 'open';
          sectionStart = true;
          sectionWorker = leastBusy();
        }
        const inSection = section !== 'fresh';
        const worker = inSection ? sectionWorker : leastBusy();
        const meta = { file, fileStart, sectionStart, inSection, bytes: bytes.length };
        fileStart = false;
        await dispatch({ seq, bytes, fileStart: meta.fileStart, section }, meta, worker);
      };

      const handle = await open(file, 'r');
      try {
        let tail = new Uint8Array(0);
        let held: Uint8Array | undefined;
        for (;;) {
          const buffer = new Uint8Array(tail.length + chunkBytes);
          buffer.set(tail);
          const { bytesRead } = await handle.read(buffer, tail.length, chunkBytes, null);
          if (bytesRead === 0) break;
          const filled = tail.length + bytesRead;
          const cut = buffer.lastIndexOf(10, filled - 1) + 1;
          if (cut === 0) {
            // No line ends in it yet: read on.
            tail = buffer.subarray(0, filled);
            continue;
          }
          tail = buffer.slice(cut, filled);
          if (held !== undefined) await send(held, false);
          held = buffer.subarray(0, cut);
        }
        if (tail.length > 0) {
          if (held !== undefined) await send(held, false);
          held = tail.byteOffset === 0 && tail.length === tail.buffer.byteLength ? tail : tail.slice();
        }
        if (held !== undefined) await send(held, true);
      } finally {
        await handle.close();
      }
    }
    while (merged < nextSeq) {
      drain();
      if (merged < nextSeq) await awaitResult();
    }
    drain();
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    restoreScavenges();
  }
  seenIds.seal();
  counts.impacts = store.length;
  return { counts, store, events: [] };
}
