import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The asset registry as rows, so SQL users see what the domain knows. Synced from the domain data. */
@Entity({ name: 'assets' })
export class AssetEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'jsonb' })
  aliases!: string[];

  @Column({ type: 'text' })
  basin!: string;

  @Column({ type: 'text' })
  operator!: string;

  @Column({ type: 'jsonb' })
  partners!: string[];

  /** kb/d */
  @Column({ name: 'capacity_kbd', type: 'double precision' })
  capacityKbd!: number;

  /** kb/d, 2019–early 2020 */
  @Column({ name: 'baseline_kbd', type: 'double precision' })
  baselineKbd!: number;

  /** GeoJSON geometry (Point or LineString), WGS84. */
  @Column({ type: 'jsonb' })
  geometry!: Record<string, unknown>;

  @Column({ type: 'text' })
  precision!: string;

  @Column({ type: 'jsonb' })
  routes!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  control!: Array<Record<string, unknown>>;

  @Column({ type: 'jsonb' })
  sources!: Array<Record<string, unknown>>;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
