import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type ApiKeyRole = 'viewer' | 'admin';
export const API_KEY_ROLES: readonly ApiKeyRole[] = ['viewer', 'admin'];

/** A key of the HTTP API. Only the SHA-256 (hex) of the key is stored. */
@Entity({ name: 'api_keys' })
@Index('uq_api_keys_key_hash', ['keyHash'], { unique: true })
@Check('ck_api_keys_role', `"role" IN ('viewer', 'admin')`)
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  role!: ApiKeyRole;

  @Column({ name: 'key_hash', type: 'text' })
  keyHash!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;
}
