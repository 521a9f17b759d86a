import { Client } from 'pg';
import { CHANGES_CHANNEL } from './migrations/1764400000000-ChangeNotifications';

export { CHANGES_CHANNEL };

/** `application_name` of the feed's connection (pg_stat_activity). */
export const CHANGE_FEED_APPLICATION = 'crescent-change-feed';

export interface ChangeFeedOptions {
  /** PostgreSQL server URL; undefined (PGlite): the feed never goes live. */
  readonly databaseUrl: string | undefined;
  /** How often the connection is proven alive with a query, ms. */
  readonly heartbeatMs?: number;
  /** A heartbeat slower than this counts as a lost connection, ms. */
  readonly heartbeatTimeoutMs?: number;
  /** Wait before reconnecting after a loss, ms. */
  readonly reconnectMs?: number;
  readonly log?: (message: string) => void;
}

/**
 * What the api's caches are valid under, on one dedicated PostgreSQL connection (see the
 * ChangeNotifications migration):
 * - `dataVersion` moves on every `crescent_changes` notification (any committed write to
 *   assets, scores, alerts, events or impacts) and on every reconnect (notifications sent
 *   meanwhile were missed). It arrives a few ms after the commit.
 * - `keysVersion()` reads `api_keys_version` (moved by any change to who a key is) with a
 *   query that starts after the call, so a key revoked before the call is never accepted
 *   under it. Concurrent callers share one query: while one is in flight, the next callers
 *   wait for the following one (a query that started before they called could predate a
 *   revocation), so under load it costs one round trip per batch, not per request.
 * Whenever the connection is lost (error, end, or a heartbeat unanswered in time) the feed
 * is not live and caches must be bypassed until it has reconnected.
 */
export class ChangeFeed {
  private dataVersionValue = 0;
  private waiting: Array<(version: string | undefined) => void> = [];
  private reading = false;
  private client: Client | undefined;
  private liveValue = false;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly heartbeatMs: number;
  private readonly heartbeatTimeoutMs: number;
  private readonly reconnectMs: number;
  private readonly log: (message: string) => void;

  constructor(private readonly options: ChangeFeedOptions) {
    this.heartbeatMs = options.heartbeatMs ?? 10_000;
    this.heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 5_000;
    this.reconnectMs = options.reconnectMs ?? 1_000;
    this.log = options.log ?? (() => undefined);
  }

  /** True while notifications are being received: only then may a cache answer. */
  get live(): boolean {
    return this.liveValue;
  }

  /** Moves on every change to assets, scores, alerts, events or impacts (and on reconnect). */
  get dataVersion(): number {
    return this.dataVersionValue;
  }

  /**
   * The count of changes to API keys, read by a query started after this call; undefined
   * when the feed is not live or the read failed (then keys must be read from the database).
   */
  keysVersion(): Promise<string | undefined> {
    if (!this.liveValue) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      if (!this.reading) void this.readKeysVersions();
    });
  }

  private async readKeysVersions(): Promise<void> {
    this.reading = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      let version: string | undefined;
      const client = this.client;
      if (client && this.liveValue) {
        // A connection that stops answering must not hold requests: past the heartbeat
        // timeout they go to the database instead, and the connection counts as lost.
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<undefined>((resolve) => {
          timer = setTimeout(() => {
            this.lost(client, 'keys version read unanswered');
            resolve(undefined);
          }, this.heartbeatTimeoutMs);
        });
        const read = client
          .query<{ version: string }>('SELECT version::text AS version FROM api_keys_version')
          .then(
            (result) => result.rows[0]?.version,
            () => undefined,
          );
        version = await Promise.race([read, timeout]);
        clearTimeout(timer);
      }
      for (const resolve of batch) resolve(version);
    }
    this.reading = false;
  }

  /** Connects and listens; a failure is logged and retried, never thrown. */
  async start(): Promise<void> {
    if (this.options.databaseUrl === undefined) return;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.liveValue = false;
    clearTimeout(this.retry);
    clearInterval(this.heartbeat);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.options.databaseUrl,
      keepAlive: true,
      application_name: CHANGE_FEED_APPLICATION,
    });
    this.client = client;
    client.on('notification', (n) => {
      if (n.channel === CHANGES_CHANNEL) this.dataVersionValue += 1;
    });
    client.on('error', (err) => this.lost(client, err.message));
    client.on('end', () => this.lost(client, 'connection ended'));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (err) {
      this.lost(client, (err as Error).message);
      return;
    }
    if (this.client !== client) return;
    this.dataVersionValue += 1;
    this.liveValue = true;
    this.heartbeat = setInterval(() => this.beat(client), this.heartbeatMs);
    this.heartbeat.unref();
  }

  /** A half-open connection delivers nothing and reports nothing: a query that does not come back in time unmasks it. */
  private beat(client: Client): void {
    const timeout = setTimeout(() => this.lost(client, 'heartbeat unanswered'), this.heartbeatTimeoutMs);
    client.query('SELECT 1').then(
      () => clearTimeout(timeout),
      (err: unknown) => {
        clearTimeout(timeout);
        this.lost(client, (err as Error).message);
      },
    );
  }

  private lost(client: Client, reason: string): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.liveValue = false;
    this.dataVersionValue += 1;
    clearInterval(this.heartbeat);
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.log(`change notifications lost (${reason}); caches bypassed until reconnected`);
    this.retry = setTimeout(() => void this.connect(), this.reconnectMs);
    this.retry.unref();
  }
}
