import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One event's effect on one asset through one channel (`Impact`). */
@Entity({ name: 'impacts' })
@Index('uq_impacts_event_asset_channel', ['eventId', 'assetId', 'channel'], { unique: true })
@Index('ix_impacts_asset_at', ['assetId', 'at'])
export class ImpactEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'asset_id', type: 'text' })
  assetId!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  @Column({ type: 'text' })
  channel!: string;

  /** Signed hazard contribution before decay (see docs/model.md). */
  @Column({ type: 'double precision' })
  intensity!: number;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'text', nullable: true })
  outage!: string | null;

  @Column({ type: 'text', nullable: true })
  via!: string | null;

  @Column({ type: 'text' })
  explanation!: string;
}
