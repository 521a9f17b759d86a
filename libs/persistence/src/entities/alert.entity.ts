import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A status crossing (e.g. elevated → critical) for an asset or `LY`, as published on the alerts topic. */
@Entity({ name: 'alerts' })
@Index('ix_alerts_as_of', ['asOf'])
@Index('ix_alerts_asset_as_of', ['assetId', 'asOf'])
@Index('ix_alerts_as_of_id', ['asOf', 'id'])
@Index('ix_alerts_unpublished', ['id'], { where: '"published_at" IS NULL' })
export class AlertEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'asset_id', type: 'text' })
  assetId!: string;

  @Column({ type: 'bigint' })
  seq!: string;

  @Column({ name: 'as_of', type: 'timestamptz' })
  asOf!: Date;

  @Column({ name: 'previous_status', type: 'text' })
  previousStatus!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'double precision' })
  score!: number;

  /** kb/d */
  @Column({ name: 'expected_loss_kbd', type: 'double precision' })
  expectedLossKbd!: number;

  @Column({ type: 'jsonb' })
  drivers!: Array<Record<string, unknown>>;

  @Column({ name: 'model_version', type: 'text' })
  modelVersion!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
