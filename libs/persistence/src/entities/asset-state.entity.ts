import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The scorer's per-asset state (serialised domain `AssetState`) and the per-asset
 * sequence number of the last score published for it.
 */
@Entity({ name: 'asset_state' })
export class AssetStateEntity {
  @PrimaryColumn({ name: 'asset_id', type: 'text' })
  assetId!: string;

  @Column({ type: 'jsonb' })
  state!: Record<string, unknown>;

  @Column({ type: 'bigint', default: 0 })
  seq!: string;

  /** Status of the last score published, to detect crossings for alerts. */
  @Column({ name: 'last_status', type: 'text', default: 'normal' })
  lastStatus!: string;

  @Column({ name: 'model_version', type: 'text' })
  modelVersion!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
