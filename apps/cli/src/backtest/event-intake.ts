import { statSync } from 'node:fs';
import {
  createLineDecoder,
  ImpactColumns,
  LIBYA_REGISTRY,
  mapEventToColumns,
  resolveMappingParams,
  type AssetRegistry,
  type GeoEvent,
  type MappingParams,
} from '@crescent/domain';
import { ImpactStore } from './impact-store';
import { forEachLine } from './line-splitter';
import { readEventsInParallel } from './parallel-intake';
import { expectedKeys, HashKeys, IdTable } from './seen-keys';
import type { Intake, IntakeCounts, IntakeOptions } from './intake-types';

export type { Intake, IntakeCounts, IntakeOptions } from './intake-types';

/** Below this much input the intake stays on one thread whatever `workers` says. */
export const PARALLEL_MIN_BYTES = 8 << 20;

/**
 * Streams every input line by line (memory does not grow with the raw input), decodes it
 * with the format recognised from its content, drops duplicates, maps each accepted event
 * to asset impacts and keeps only those, compactly.
 */
export async function readEvents(files: readonly string[], options: IntakeOptions): Promise<Intake> {
  const workers = options.workers ?? 1;
  if (workers > 1 && !options.keepEvents && options.registry === LIBYA_REGISTRY) {
    const totalBytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
    if (totalBytes >= (options.parallelMinBytes ?? PARALLEL_MIN_BYTES))
      return readEventsInParallel(files, options, totalBytes, workers, options.chunkBytes);
  }
  const counts: IntakeCounts = { read: 0, accepted: 0, rejected: 0, duplicate: 0, irrelevant: 0, impacts: 0 };
  const totalBytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  const seenIds = new IdTable(expectedKeys(totalBytes));
  const seenHashes = new HashKeys(expectedKeys(totalBytes));
  const store = new ImpactStore(options.registry, seenIds);
  const params = resolveMappingParams(options.mappingParams);
  const columns = new ImpactColumns(options.registry);
  const events: GeoEvent[] = [];
  let doneBytes = 0;

  // As in the live ingestor, which stores only events that reach an asset: an irrelevant
  // event is neither a duplicate nor makes one, so a later relevant version under the
  // same id (a news item re-sent with a fuller text) is taken, as it is live.
  const take = (event: GeoEvent): void => {
    const n = event.type === 'irrelevant' ? 0 : mapEventToColumns(event, options.registry, params, columns);
    if (n === 0) {
      counts.accepted++;
      counts.irrelevant++;
      if (options.keepEvents) events.push(event);
      return;
    }
    if (seenIds.has(event.id) || seenHashes.has(event.raw.contentHash)) {
      counts.duplicate++;
      return;
    }
    const idEntry = seenIds.add(event.id);
    seenHashes.add(event.raw.contentHash);
    counts.accepted++;
    if (options.keepEvents) events.push(event);
    store.add(idEntry, event.knownAt.toMillis(), event.type, columns);
  };

  for (const file of files) {
    const decoder = createLineDecoder({ registry: options.registry });
    const handle = (results: ReturnType<typeof decoder.push>): void => {
      for (const { line, result } of results) {
        counts.read++;
        if (result.ok) take(result.value);
        else {
          counts.rejected++;
          options.onRejection({ file, line, code: result.rejection.code, reason: result.rejection.reason });
        }
      }
    };
    const before = doneBytes;
    doneBytes += await forEachLine(
      file,
      (line, notUtf8) => handle(decoder.push(line, notUtf8)),
      (bytes) => options.onProgress?.(before + bytes, totalBytes),
    );
    handle(decoder.end());
  }
  seenIds.seal();
  counts.impacts = store.length;
  return { counts, store, events };
}

/**
 * Re-maps kept events under other mapping parameters (sweep), same order. Kept events
 * include the irrelevant ones, which take no part in de-duplication (see readEvents); an
 * event that reaches an asset only under these parameters is de-duplicated here as a
 * fresh intake with them would.
 */
export function remapEvents(
  events: readonly GeoEvent[],
  registry: AssetRegistry,
  mappingParams: Partial<MappingParams>,
): ImpactStore {
  const ids = new IdTable();
  const hashes = new HashKeys();
  const store = new ImpactStore(registry, ids);
  const params = resolveMappingParams(mappingParams);
  const columns = new ImpactColumns(registry);
  for (const event of events) {
    if (event.type === 'irrelevant') continue;
    if (mapEventToColumns(event, registry, params, columns) === 0) continue;
    if (ids.has(event.id) || hashes.has(event.raw.contentHash)) continue;
    hashes.add(event.raw.contentHash);
    store.add(ids.add(event.id), event.knownAt.toMillis(), event.type, columns);
  }
  return store;
}
