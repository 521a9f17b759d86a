import {
  createLineDecoder,
  ImpactColumns,
  mapEventToColumns,
  type AssetRegistry,
  type DecodedItem,
  type LineDecoder,
  type MappingParams,
} from '@crescent/domain';
import {
  encodePlace,
  encodeSignal,
  eventTypeIndex,
  isWideSignal,
  NATIONAL_CHANNEL,
  nationalSignal,
  placeShiftFor,
} from './impact-store';
import { READ_CHUNK_BYTES, Utf8LineSplitter } from './line-splitter';
import { hashText, hex16Halves, readHex16 } from './seen-keys';

/**
 * One piece of an input file for a worker: whole lines (it ends just after a `\n`, or at
 * the end of the file). `section` names the decoder it is read with: a chunk of its own
 * (`fresh`), or the next chunk of a file's ACLED part, which shares one decoder from the
 * chunk that holds the first ACLED header to the end of the file (a header rules the rows
 * after it, and a quoted CSV field may run over a chunk's end).
 */
export interface ChunkTask {
  readonly seq: number;
  readonly bytes: Uint8Array;
  /** The chunk starts the file (a BOM on its first line is dropped, as for line 1). */
  readonly fileStart: boolean;
  /** fresh: its own decoder; open: starts the file's ACLED section; continue / last: in it (last ends it). */
  readonly section: 'fresh' | 'open' | 'continue' | 'last' | 'open-last';
}

/**
 * What a chunk became, in compact columns (typed arrays travel between threads without
 * copying). Items are the decoder's, in order: `itemKind` 0 for a rejection (its code and
 * reason in `rejections`, in order), 1 for an event (its fields at the event's index, in
 * order). Lines are counted from the start of the chunk's section, from 1.
 */
export interface ChunkResult {
  readonly seq: number;
  /** Lines in this chunk. */
  readonly lines: number;
  readonly items: number;
  readonly itemKind: Uint8Array;
  readonly itemLine: Uint32Array;
  readonly rejections: readonly { readonly code: string; readonly reason: string }[];
  /** Every event's id, one after another; event k's is idText[idEnd[k-1] .. idEnd[k]). */
  readonly idText: string;
  readonly idEnd: Uint32Array;
  /** Each id's `hashText`, for the id table (the merging thread does not hash). */
  readonly idHash: Int32Array;
  /** The content hashes not in hex form, one after another (see hashEnd). */
  readonly hashText: string;
  readonly hashEnd: Uint32Array;
  /** 1 when the content hash is 16 hex digits, given then as two halves (see HashKeys). */
  readonly hashIsHex: Uint8Array;
  readonly hashHigh: Int32Array;
  readonly hashLow: Int32Array;
  readonly atMs: Float64Array;
  readonly typeIndex: Uint8Array;
  /** End of event k's impacts in place / signal (they start at the previous event's end). */
  readonly impactEnd: Uint32Array;
  /**
   * Event k's national impact on every asset, kept once: its signal, or 0 when it has none
   * or they are in place / signal (see ImpactStore.addEncoded).
   */
  readonly national: Int32Array;
  readonly place: Uint32Array;
  readonly signal: Int32Array;
  /** Intensities of wide signals (see encodeSignal): [impact index, intensity, ...]. */
  readonly wide: readonly number[];
}

/** The ArrayBuffers of a result, to hand over rather than copy. */
export function transferables(r: ChunkResult): ArrayBuffer[] {
  return [
    r.itemKind,
    r.itemLine,
    r.idEnd,
    r.idHash,
    r.hashEnd,
    r.hashIsHex,
    r.hashHigh,
    r.hashLow,
    r.atMs,
    r.typeIndex,
    r.impactEnd,
    r.national,
    r.place,
    r.signal,
  ].map((a) => a.buffer as ArrayBuffer);
}

function grow<T extends Uint8Array | Uint32Array | Int32Array | Float64Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/**
 * Decodes, normalises, classifies and maps the chunks of a worker: the work of the
 * backtest's intake that does not depend on the events before (de-duplication does, so it
 * stays with the caller, which merges the results in file order). An ACLED section keeps
 * its decoder from chunk to chunk; a worker is given all of a section's chunks.
 */
export class ChunkDecoder {
  private readonly columns: ImpactColumns;
  private readonly shift: number;
  private section: LineDecoder | undefined;
  /** Lines the section's decoder numbers before the section's first (1 for the BOM guard line). */
  private sectionOffset = 0;

  constructor(
    private readonly registry: AssetRegistry,
    private readonly params: MappingParams,
  ) {
    this.columns = new ImpactColumns(registry);
    this.shift = placeShiftFor(registry.assets.length);
  }

  decode(task: ChunkTask): ChunkResult {
    let decoder: LineDecoder;
    let offset = 0;
    if (task.section === 'continue' || task.section === 'last') {
      decoder = this.section ?? createLineDecoder({ registry: this.registry });
      offset = this.sectionOffset;
    } else {
      decoder = createLineDecoder({ registry: this.registry });
      // The decoder drops a BOM on its line 1 only: a blank first line (which yields
      // nothing) keeps a later chunk's first line as it is.
      if (!task.fileStart) {
        decoder.push('');
        offset = 1;
      }
      if (task.section === 'open') {
        this.section = decoder;
        this.sectionOffset = offset;
      }
    }

    const columns = this.columns;
    const shift = this.shift;
    let items = 0;
    let itemKind = new Uint8Array(8192);
    let itemLine = new Uint32Array(8192);
    const rejections: { code: string; reason: string }[] = [];
    let events = 0;
    let idText = '';
    let idEnd = new Uint32Array(8192);
    let idHash = new Int32Array(8192);
    let contentHashes = '';
    let hashEnd = new Uint32Array(8192);
    let hashIsHex = new Uint8Array(8192);
    let hashHigh = new Int32Array(8192);
    let hashLow = new Int32Array(8192);
    let atMs = new Float64Array(8192);
    let typeIndex = new Uint8Array(8192);
    let impactEnd = new Uint32Array(8192);
    let national = new Int32Array(8192);
    let impacts = 0;
    const assetCount = this.registry.assets.length;
    let place = new Uint32Array(65536);
    let signal = new Int32Array(65536);
    const wide: number[] = [];

    const take = (decoded: readonly DecodedItem[]): void => {
      for (const { line, result } of decoded) {
        const i = items++;
        if (i >= itemKind.length) {
          itemKind = grow(itemKind, i + 1);
          itemLine = grow(itemLine, i + 1);
        }
        itemLine[i] = line - offset;
        if (!result.ok) {
          itemKind[i] = 0;
          rejections.push({ code: result.rejection.code, reason: result.rejection.reason });
          continue;
        }
        itemKind[i] = 1;
        const event = result.value;
        const e = events++;
        if (e >= idEnd.length) {
          idEnd = grow(idEnd, e + 1);
          idHash = grow(idHash, e + 1);
          hashEnd = grow(hashEnd, e + 1);
          hashIsHex = grow(hashIsHex, e + 1);
          hashHigh = grow(hashHigh, e + 1);
          hashLow = grow(hashLow, e + 1);
          atMs = grow(atMs, e + 1);
          typeIndex = grow(typeIndex, e + 1);
          impactEnd = grow(impactEnd, e + 1);
          national = grow(national, e + 1);
        }
        idText += event.id;
        idEnd[e] = idText.length;
        idHash[e] = hashText(event.id);
        const hash = event.raw.contentHash;
        if (readHex16(hash)) {
          const [high, low] = hex16Halves();
          hashIsHex[e] = 1;
          hashHigh[e] = high;
          hashLow[e] = low;
        } else contentHashes += hash;
        hashEnd[e] = contentHashes.length;
        atMs[e] = event.knownAt.toMillis();
        typeIndex[e] = eventTypeIndex(event.type);
        // An event of type `irrelevant` is not mapped: no impacts, which is how the merge knows it.
        if (event.type !== 'irrelevant') {
          const n = mapEventToColumns(event, this.registry, this.params, columns);
          const shared = nationalSignal(columns, n, assetCount);
          national[e] = shared;
          if (impacts + n > place.length) {
            place = grow(place, impacts + n);
            signal = grow(signal, impacts + n);
          }
          let at = impacts;
          for (let k = 0; k < n; k++) {
            const channel = columns.channel[k] ?? 0;
            if (shared !== 0 && channel === NATIONAL_CHANNEL) continue;
            place[at] = encodePlace(columns.asset[k] ?? 0, columns.via[k] ?? -1, shift);
            const intensity = columns.intensity[k] ?? 0;
            const s = encodeSignal(channel, columns.outage[k] ?? 0, intensity);
            if (isWideSignal(s)) wide.push(at, intensity);
            signal[at] = s;
            at++;
          }
          impacts = at;
        }
        impactEnd[e] = impacts;
      }
    };

    // Decoded, checked and cut 64 KiB at a time, as forEachLine does (see READ_CHUNK_BYTES).
    let lines = 0;
    const splitter = new Utf8LineSplitter();
    const onLine = (line: string, notUtf8?: boolean): void => {
      lines++;
      take(decoder.push(line, notUtf8));
    };
    const bytes = task.bytes;
    for (let from = 0; from < bytes.length; from += READ_CHUNK_BYTES)
      splitter.push(bytes.subarray(from, Math.min(bytes.length, from + READ_CHUNK_BYTES)), onLine);
    splitter.end(onLine);
    if (task.section === 'fresh' || task.section === 'last' || task.section === 'open-last')
      take(decoder.end());
    if (task.section !== 'continue' && task.section !== 'open') this.section = undefined;

    return {
      seq: task.seq,
      lines,
      items,
      itemKind,
      itemLine,
      rejections,
      idText,
      idEnd,
      idHash,
      hashText: contentHashes,
      hashEnd,
      hashIsHex,
      hashHigh,
      hashLow,
      atMs,
      typeIndex,
      impactEnd,
      national,
      place,
      signal,
      wide,
    };
  }
}
