import type { DataSource } from 'typeorm';
import type { Asset } from '@crescent/domain';

/**
 * Makes the `assets` table equal to the domain registry (the source of truth): upserts
 * every asset and deletes rows for assets no longer in it. Idempotent; one transaction.
 */
export async function syncAssetRegistry(ds: DataSource, assets: readonly Asset[]): Promise<number> {
  await ds.transaction(async (tx) => {
    for (const a of assets) {
      await tx.query(
        `INSERT INTO "assets" ("id","name","kind","aliases","basin","operator","partners","capacity_kbd",
           "baseline_kbd","geometry","precision","routes","control","sources","updated_at")
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14, now())
         ON CONFLICT ("id") DO UPDATE SET "name"=EXCLUDED."name","kind"=EXCLUDED."kind",
           "aliases"=EXCLUDED."aliases","basin"=EXCLUDED."basin","operator"=EXCLUDED."operator",
           "partners"=EXCLUDED."partners","capacity_kbd"=EXCLUDED."capacity_kbd",
           "baseline_kbd"=EXCLUDED."baseline_kbd","geometry"=EXCLUDED."geometry",
           "precision"=EXCLUDED."precision","routes"=EXCLUDED."routes","control"=EXCLUDED."control",
           "sources"=EXCLUDED."sources","updated_at"=now()`,
        [
          a.id,
          a.name,
          a.kind,
          JSON.stringify(a.aliases),
          a.basin,
          a.operator,
          JSON.stringify(a.partners),
          a.capacityKbd,
          a.baselineKbd,
          JSON.stringify(a.geometry),
          a.precision,
          JSON.stringify(a.routes),
          JSON.stringify(a.control),
          JSON.stringify(a.sources),
        ],
      );
    }
    await tx.query(`DELETE FROM "assets" WHERE NOT ("id" = ANY($1::text[]))`, [assets.map((a) => a.id)]);
  });
  return assets.length;
}
