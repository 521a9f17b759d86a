import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ApiKeyRole } from '../entities/api-key.entity';

/** How often one process records a key's use (`last_used_at` has minute resolution). */
const USE_RECORD_INTERVAL_MS = 60_000;

/** How every key's secret begins, so a key is recognisable wherever it turns up (a URL, a log). */
export const API_KEY_PREFIX = 'crk_';

/** A key as listed: never its secret or hash. */
export interface ApiKeyInfo {
  readonly id: string;
  readonly name: string;
  readonly role: ApiKeyRole;
  readonly createdAt: string;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

export interface IssuedApiKey extends ApiKeyInfo {
  /** The secret, shown once: 32 random bytes, base64url, prefixed `crk_`. */
  readonly key: string;
}

interface ApiKeyDbRow {
  id: string;
  name: string;
  role: ApiKeyRole;
  key_hash: string;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

/** SHA-256 (hex) of a presented key. A 256-bit random key needs no salt or slow hash. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

function toInfo(r: ApiKeyDbRow): ApiKeyInfo {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    createdAt: r.created_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null,
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
  };
}

/** API keys: issued by the CLI, checked by the api on every request. */
export class ApiKeyRepository {
  async create(m: EntityManager, name: string, role: ApiKeyRole): Promise<IssuedApiKey> {
    const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const rows: ApiKeyDbRow[] = await m.query(
      `INSERT INTO api_keys (id, name, role, key_hash) VALUES ($1, $2, $3, $4) RETURNING *`,
      [randomUUID(), name, role, hashApiKey(key)],
    );
    const row = rows[0];
    if (!row) throw new Error('api key insert returned no row');
    return { ...toInfo(row), key };
  }

  async list(m: EntityManager): Promise<ApiKeyInfo[]> {
    const rows: ApiKeyDbRow[] = await m.query(`SELECT * FROM api_keys ORDER BY created_at, id`);
    return rows.map(toInfo);
  }

  /** Revokes a key; false if there is no such key. Revoking twice keeps the first time. */
  async revoke(m: EntityManager, id: string): Promise<boolean> {
    // Wrapped in a SELECT: TypeORM returns [rows, count] for a bare UPDATE … RETURNING.
    const rows: Array<{ id: string }> = await m.query(
      `WITH revoked AS (UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING id)
       SELECT id FROM revoked`,
      [id],
    );
    return rows.length > 0;
  }

  /**
   * When this instance last recorded each key's use (ms since the epoch). Lets a request
   * skip the `last_used_at` UPDATE round trip entirely when this process wrote it within the
   * minute. (The api caches verified keys only under the `api_keys_version` counter that a
   * revocation moves in its own transaction: see apps/api/src/http/read-cache.ts.)
   */
  private readonly usedAt = new Map<string, number>();

  /**
   * The live (unrevoked) key matching a presented secret, or undefined. The lookup is by
   * hash; the hashes are then compared in constant time as well. Records the use, at most
   * once a minute per key so reads do not turn into a write each.
   */
  async authenticate(m: EntityManager, presented: string): Promise<ApiKeyInfo | undefined> {
    const hash = hashApiKey(presented);
    const rows: ApiKeyDbRow[] = await m.query(
      `SELECT * FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hash],
    );
    const row = rows[0];
    if (!row || !timingSafeEqual(Buffer.from(row.key_hash, 'hex'), Buffer.from(hash, 'hex')))
      return undefined;
    const now = Date.now();
    if (now - (this.usedAt.get(row.id) ?? 0) >= USE_RECORD_INTERVAL_MS) {
      this.usedAt.set(row.id, now);
      await m.query(
        `UPDATE api_keys SET last_used_at = now()
          WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
        [row.id],
      );
    }
    return toInfo(row);
  }
}
