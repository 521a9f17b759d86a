/** Rows per multi-row statement: keeps each well under PostgreSQL's 65,535 bind parameters. */
export const ROWS_PER_STATEMENT = 500;

export function chunks<T>(items: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `($1,$2,$3),($4,$5,$6)` for `rows` rows of `columns` columns, with optional casts per column. */
export function placeholders(rows: number, columns: number, casts: readonly string[] = []): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cols: string[] = [];
    for (let c = 0; c < columns; c++) cols.push(`$${r * columns + c + 1}${casts[c] ? `::${casts[c]}` : ''}`);
    out.push(`(${cols.join(',')})`);
  }
  return out.join(',');
}
