import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The scorer's event-time clock: the latest impact time applied (per scorer group). */
@Entity({ name: 'scorer_clock' })
export class ScorerClockEntity {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @Column({ type: 'timestamptz' })
  watermark!: Date;
}
