import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every score published, per asset (and `LY` for the national aggregate). */
@Entity({ name: 'score_history' })
@Index('uq_score_history_asset_seq', ['assetId', 'seq'], { unique: true })
@Index('ix_score_history_asset_as_of', ['assetId', 'asOf'])
@Index('ix_score_history_unpublished', ['id'], { where: '"published_at" IS NULL' })
export class ScoreHistoryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'asset_id', type: 'text' })
  assetId!: string;

  /** Per-asset sequence number: consumers tell a replay from a new score by it. */
  @Column({ type: 'bigint' })
  seq!: string;

  @Column({ name: 'as_of', type: 'timestamptz' })
  asOf!: Date;

  /** 0–100 */
  @Column({ type: 'double precision' })
  score!: number;

  @Column({ name: 'p_disruption', type: 'double precision' })
  pDisruption!: number;

  /** kb/d */
  @Column({ name: 'expected_loss_kbd', type: 'double precision' })
  expectedLossKbd!: number;

  /** kb/d */
  @Column({ name: 'baseline_kbd', type: 'double precision' })
  baselineKbd!: number;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'jsonb' })
  drivers!: Array<Record<string, unknown>>;

  /** National extras (loss share, P10/P50/P90, disrupted kb/d); null for assets. */
  @Column({ type: 'jsonb', nullable: true })
  detail!: Record<string, unknown> | null;

  @Column({ name: 'model_version', type: 'text' })
  modelVersion!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  /** Null while the row waits in the outbox for the relay to put it on Kafka. */
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
