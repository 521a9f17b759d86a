import { type BeforeApplicationShutdown, Inject, Injectable, type MessageEvent } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { NATIONAL_ASSET_ID } from '@crescent/domain';
import { RiskReadRepository } from '@crescent/persistence';
import { ApiError } from '../http/api-error';

export const STREAM_POLL_MS = Symbol('STREAM_POLL_MS');

/**
 * Streams one key may hold open at once. Each polls the database every API_STREAM_POLL_MS for
 * as long as it stays open, and the rate limit counts only its opening: without a cap one key
 * could open hundreds of them within its budget and keep the database busy.
 */
export const MAX_STREAMS_PER_KEY = 10;

/** Rows per poll and table; a full batch is followed by another poll at once. */
const BATCH = 500;

/** Where a stream stands: the last score_history and alerts row ids sent. Also the SSE event id. */
interface StreamCursor {
  scoreId: string;
  alertId: string;
}

const formatId = (c: StreamCursor): string => `${c.scoreId}-${c.alertId}`;

/**
 * Live updates for the dashboard, fed from the database (not the score topic): each
 * connection polls score_history and alerts for rows after its cursor, so the api needs
 * no Kafka consumer and a reconnecting client resumes exactly where it left off with
 * `Last-Event-ID`. Events: `score` (an asset), `national` (LY), `alert`.
 * Limit: row ids are taken at insert, so a row of a scorer transaction that commits after a
 * concurrent one with a higher id can be passed over by a poll in between; the per-asset
 * `seq` in each event lets a client notice the gap and re-read `/v1/scores`.
 */
@Injectable()
export class RiskStreamService implements BeforeApplicationShutdown {
  private readonly reads = new RiskReadRepository();
  /** The open streams' stop switches. */
  private readonly open = new Set<AbortController>();
  private closing = false;
  /** Open streams per key id. */
  private readonly perKey = new Map<string, number>();

  constructor(
    private readonly ds: DataSource,
    @Inject(STREAM_POLL_MS) private readonly pollMs: number,
  ) {}

  /** Validates a Last-Event-ID (from this stream) before the response starts. */
  parseLastEventId(raw: string | undefined): StreamCursor | undefined {
    if (raw === undefined || raw === '') return undefined;
    const m = /^(\d{1,18})-(\d{1,18})$/.exec(raw);
    if (!m?.[1] || !m[2])
      throw ApiError.badParameter('Last-Event-ID', 'Last-Event-ID is not an id this stream sent');
    return { scoreId: m[1], alertId: m[2] };
  }

  /**
   * Unsubscribing (Nest does when the client disconnects) stops the polling; so does the
   * api stopping (see beforeApplicationShutdown), which ends the stream, and `stillAllowed`
   * answering false (the key was revoked), checked before every poll. With `keyId`, at most
   * MAX_STREAMS_PER_KEY are open for that key; one more is refused with a 429.
   */
  changes(
    from: StreamCursor | undefined,
    stillAllowed: () => Promise<boolean> = () => Promise.resolve(true),
    keyId?: string,
  ): Observable<MessageEvent> {
    return new Observable<MessageEvent>((subscriber) => {
      if (keyId !== undefined) {
        const held = this.perKey.get(keyId) ?? 0;
        if (held >= MAX_STREAMS_PER_KEY) {
          // Before any byte is sent: the problem filter answers 429.
          subscriber.error(
            new ApiError(
              'rate_limited',
              `this key has ${held} streams open, the most one key may; close one first`,
              undefined,
              60,
            ),
          );
          return;
        }
        this.perKey.set(keyId, held + 1);
      }
      const stop = new AbortController();
      if (this.closing) stop.abort();
      this.open.add(stop);
      const run = async (): Promise<void> => {
        const cursor = from ?? (await this.reads.changeHead(this.ds.manager));
        while (!stop.signal.aborted) {
          // A key revoked while its stream is open gets nothing more: the stream ends, and
          // the client's reconnect is refused (401).
          if (!(await stillAllowed())) break;
          const scores = await this.reads.scoresAfter(this.ds.manager, cursor.scoreId, BATCH);
          const alerts = await this.reads.alertsAfter(this.ds.manager, cursor.alertId, BATCH);
          for (const { id, score } of scores) {
            cursor.scoreId = id;
            const type = score.assetId === NATIONAL_ASSET_ID ? 'national' : 'score';
            subscriber.next({ type, id: formatId(cursor), data: score });
          }
          for (const alert of alerts) {
            cursor.alertId = alert.id;
            subscriber.next({ type: 'alert', id: formatId(cursor), data: alert });
          }
          if (scores.length < BATCH && alerts.length < BATCH)
            await sleep(this.pollMs, undefined, { signal: stop.signal }).catch(() => undefined);
        }
      };
      run().then(
        () => subscriber.complete(),
        (err: unknown) => subscriber.error(err),
      );
      return () => {
        stop.abort();
        this.open.delete(stop);
        if (keyId !== undefined) {
          const held = (this.perKey.get(keyId) ?? 1) - 1;
          if (held > 0) this.perKey.set(keyId, held);
          else this.perKey.delete(keyId);
        }
      };
    });
  }

  /**
   * Ends every open stream, after the poll it may have in flight, before the HTTP server
   * closes: a dashboard keeps its stream open for hours, and the server's close (then the
   * database's, which waits for running handlers) would otherwise wait for it until the
   * shutdown timeout. Clients reconnect with Last-Event-ID and lose nothing.
   */
  beforeApplicationShutdown(): void {
    this.closing = true;
    for (const stop of this.open) stop.abort();
  }
}
