import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ChangeFeed, type ApiKeyInfo } from '@crescent/persistence';

export const READ_CACHE_OPTIONS = Symbol('READ_CACHE_OPTIONS');

/** Set on a request once the keys version has been read for it, so the guard need not read it again. */
export const KEYS_VERSION = Symbol('crescent:keys-version');
export interface KeysVersionRead {
  [KEYS_VERSION]?: { readonly version: string | undefined };
}

export interface ReadCacheOptions {
  /** PostgreSQL server URL; undefined (PGlite): nothing is cached. */
  readonly databaseUrl: string | undefined;
  /** Most responses kept; 0: responses are not cached (verified keys still are). */
  readonly maxEntries: number;
  /** Most bytes of response bodies kept. */
  readonly maxBytes?: number;
}

/** A serialized 200 response to a GET, as sent. */
export interface CachedResponse {
  readonly body: Buffer;
  readonly etag: string;
  readonly contentType: string;
}

/**
 * A verified key is re-read from the database at least this often (its revocation is
 * noticed at once through the change feed; this bounds the `last_used_at` record, which
 * only a database read writes, to about two minutes).
 */
const KEY_TTL_MS = 60_000;
const MAX_KEYS = 10_000;

/** A strong ETag: the body's SHA-1, base64url (27 characters), quoted. */
export function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** If-None-Match (RFC 9110 §13.1.2: weak comparison, a list, or `*`) against an ETag. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined || ifNoneMatch === '') return false;
  if (ifNoneMatch.trim() === '*') return true;
  for (const candidate of ifNoneMatch.split(',')) {
    const tag = candidate.trim();
    if ((tag.startsWith('W/') ? tag.slice(2) : tag) === etag) return true;
  }
  return false;
}

/**
 * In-memory answers for the read API, each valid only under the version it was read at:
 * - verified API keys (by the key's SHA-256), under the keys version, which every request
 *   reads afresh (one shared query per batch of requests): a key revoked anywhere is
 *   refused by the first request that arrives after the revocation committed;
 * - serialized responses (by URL), under the data version, which PostgreSQL's notification
 *   moves a few ms after any write to the tables they come from commits.
 * An entry whose read began under an older version is never stored.
 */
@Injectable()
export class ReadCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ReadCache');
  readonly feed: ChangeFeed;
  private readonly keys = new Map<string, { info: ApiKeyInfo; until: number }>();
  private keysAt: string | undefined;
  private readonly responses = new Map<string, CachedResponse>();
  private responsesAt = -1;
  private bytes = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;

  constructor(@Inject(READ_CACHE_OPTIONS) options: ReadCacheOptions) {
    this.maxEntries = options.maxEntries;
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.feed = new ChangeFeed({
      databaseUrl: options.databaseUrl,
      log: (message) => this.logger.warn(message),
    });
  }

  async onModuleInit(): Promise<void> {
    await this.feed.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.feed.stop();
  }

  /**
   * The keys version read now (a query that starts after this call), or undefined when keys
   * may not be cached (no live feed, or the read failed).
   */
  keysVersion(): Promise<string | undefined> {
    return this.feed.keysVersion();
  }

  /** The data version to read a response under, or undefined when responses may not be cached now. */
  dataVersion(): number | undefined {
    return this.feed.live && this.maxEntries > 0 ? this.feed.dataVersion : undefined;
  }

  /** A live key verified under `version` (from `keysVersion()`), by the SHA-256 of the presented key. */
  key(hash: string, version: string | undefined, now = Date.now()): ApiKeyInfo | undefined {
    if (version === undefined) return undefined;
    if (this.keysAt !== version) {
      // Reads of the version overlap: only a newer one clears the keys; an older one that
      // finishes last is a miss, not a reason to throw away what the newer one verified.
      if (this.keysAt === undefined || BigInt(version) > BigInt(this.keysAt)) {
        this.keys.clear();
        this.keysAt = version;
      }
      return undefined;
    }
    const entry = this.keys.get(hash);
    if (entry === undefined) return undefined;
    if (entry.until <= now) {
      this.keys.delete(hash);
      return undefined;
    }
    return entry.info;
  }

  /** Remembers a key the database verified after `version` was read (a later change moves the version). */
  rememberKey(hash: string, info: ApiKeyInfo, version: string | undefined, now = Date.now()): void {
    if (version === undefined || version !== this.keysAt) return;
    if (this.keys.size >= MAX_KEYS) this.keys.clear();
    this.keys.set(hash, { info, until: now + KEY_TTL_MS });
  }

  /** The response to a GET of `url` read under the current data version. */
  response(url: string): CachedResponse | undefined {
    if (!this.feed.live) return undefined;
    if (this.responsesAt !== this.feed.dataVersion) {
      this.clearResponses();
      this.responsesAt = this.feed.dataVersion;
      return undefined;
    }
    return this.responses.get(url);
  }

  /** Stores a response read under `version` (from `dataVersion()` before the read); the oldest go first. */
  rememberResponse(url: string, response: CachedResponse, version: number | undefined): void {
    if (version === undefined || !this.feed.live || version !== this.feed.dataVersion) return;
    if (this.responsesAt !== version) {
      this.clearResponses();
      this.responsesAt = version;
    }
    const size = response.body.length;
    if (size > this.maxBytes) return;
    const old = this.responses.get(url);
    if (old) {
      this.bytes -= old.body.length;
      this.responses.delete(url);
    }
    while (this.responses.size >= this.maxEntries || this.bytes + size > this.maxBytes) {
      const first = this.responses.entries().next();
      if (first.done) break;
      this.bytes -= first.value[1].body.length;
      this.responses.delete(first.value[0]);
    }
    this.responses.set(url, response);
    this.bytes += size;
  }

  private clearResponses(): void {
    this.responses.clear();
    this.bytes = 0;
  }
}
