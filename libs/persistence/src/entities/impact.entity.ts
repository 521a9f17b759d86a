import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One event's effect on one asset through one channel (`Impact`); keyed by those three. */
@Entity({ name: 'impacts' })
export class ImpactEntity {
  @PrimaryColumn({ name: 'event_id', type: 'text', primaryKeyConstraintName: 'pk_impacts' })
  eventId!: string;

  @PrimaryColumn({ name: 'asset_id', type: 'text', primaryKeyConstraintName: 'pk_impacts' })
  assetId!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_impacts' })
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
