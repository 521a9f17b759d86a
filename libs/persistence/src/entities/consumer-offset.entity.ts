import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Kafka offsets stored with the state they cover (same transaction), so a restart or a
 * rebalance seeks to exactly where the state stands. `next_offset` is the next offset
 * to read (last applied + 1), as Kafka commits it.
 */
@Entity({ name: 'consumer_offsets' })
export class ConsumerOffsetEntity {
  @PrimaryColumn({ name: 'group_id', type: 'text' })
  groupId!: string;

  @PrimaryColumn({ type: 'text' })
  topic!: string;

  @PrimaryColumn({ type: 'integer' })
  partition!: number;

  @Column({ name: 'next_offset', type: 'bigint' })
  nextOffset!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
