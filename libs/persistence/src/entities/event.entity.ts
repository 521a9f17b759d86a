import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An accepted, normalised event (`GeoEvent`), stored once: the id and the content hash dedupe. */
@Entity({ name: 'events' })
@Index('uq_events_source_content', ['source', 'contentHash'], { unique: true })
@Index('ix_events_known_at', ['knownAt'])
@Index('ix_events_type_known_at', ['type', 'knownAt'])
@Index('ix_events_occurred_at_id', ['occurredAt', 'id'])
export class EventEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  source!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'known_at', type: 'timestamptz' })
  knownAt!: Date;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'jsonb' })
  actors!: string[];

  @Column({ name: 'primary_actor', type: 'text', nullable: true })
  primaryActor!: string | null;

  @Column({ type: 'jsonb' })
  location!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  assets!: string[];

  @Column({ type: 'double precision' })
  severity!: number;

  @Column({ type: 'double precision' })
  confidence!: number;

  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'jsonb' })
  evidence!: Array<{ rule: string; text: string }>;

  @Column({ name: 'raw_ref', type: 'text' })
  rawRef!: string;

  @Column({ name: 'content_hash', type: 'text' })
  contentHash!: string;

  /** The raw-topic message that first stored this event: tells a retry of our own batch from a duplicate. */
  @Column({ name: 'origin_topic', type: 'text', nullable: true })
  originTopic!: string | null;

  @Column({ name: 'origin_partition', type: 'integer', nullable: true })
  originPartition!: number | null;

  @Column({ name: 'origin_offset', type: 'bigint', nullable: true })
  originOffset!: string | null;

  @Column({ name: 'ingested_at', type: 'timestamptz', default: () => 'now()' })
  ingestedAt!: Date;
}
