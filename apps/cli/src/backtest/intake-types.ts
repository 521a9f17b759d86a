import type { AssetRegistry, GeoEvent, MappingParams } from '@crescent/domain';
import type { ImpactStore } from './impact-store';
import type { FileRejection } from './outcomes-file';

/** What happened to every input record. read = accepted + rejected + duplicate. */
export interface IntakeCounts {
  read: number;
  /** Valid and new; includes the irrelevant ones. */
  accepted: number;
  rejected: number;
  /** Same id, or same raw.contentHash, as an event already accepted. */
  duplicate: number;
  /** Accepted but with no bearing on supply: type `irrelevant`, or no asset touched. */
  irrelevant: number;
  /** Asset impacts produced by the accepted events. */
  impacts: number;
}

export interface IntakeOptions {
  readonly registry: AssetRegistry;
  readonly mappingParams?: Partial<MappingParams>;
  /** Keep the accepted events themselves (a sweep over mapping parameters re-maps them). */
  readonly keepEvents: boolean;
  readonly onRejection: (r: FileRejection) => void;
  /** Bytes read so far over all inputs, and their total. */
  readonly onProgress?: (doneBytes: number, totalBytes: number) => void;
  /**
   * Worker threads to decode, classify and map on (see parallel-intake.ts); 1 or unset:
   * all on this thread. Used only for the bundled registry, without `keepEvents`, and for
   * inputs of at least `parallelMinBytes` (default PARALLEL_MIN_BYTES): starting a worker
   * costs more than a small file takes.
   */
  readonly workers?: number;
  /**
   * Work for this thread while it waits for its workers (parallel intake only), in slices:
   * called again, with a turn of the event loop between calls, as long as it returns true
   * and no worker's result has come in. It is given the store, which holds the events
   * merged so far, in input order, and may read it.
   */
  readonly whileWaiting?: (store: ImpactStore) => boolean;
  readonly parallelMinBytes?: number;
  /** Bytes per chunk handed to a worker (tests use small ones). */
  readonly chunkBytes?: number;
}

export interface Intake {
  readonly counts: IntakeCounts;
  readonly store: ImpactStore;
  readonly events: readonly GeoEvent[];
}
