import type { AssetRegistry, Outcome } from '@crescent/domain';
import { DateTime } from 'luxon';
import { splitCsvLine } from './csv-record';

export const OUTCOMES_HEADER = 'asset_id,start,end,lost_kbd,source';

export interface FileRejection {
  readonly file: string;
  /** 1-based line number. */
  readonly line: number;
  readonly code: string;
  readonly reason: string;
}

function parseInstant(raw: string): number | undefined {
  const t = DateTime.fromISO(raw.trim(), { zone: 'utc' });
  return t.isValid ? t.toMillis() : undefined;
}

/**
 * Reads recorded outages: CSV `asset_id,start,end,lost_kbd,source`, ISO dates or times in
 * UTC, empty end = ongoing. A bad line is listed with its reason and skipped.
 */
export function parseOutcomes(
  text: string,
  file: string,
  registry: AssetRegistry,
): { outcomes: Outcome[]; rejections: FileRejection[] } {
  const outcomes: Outcome[] = [];
  const rejections: FileRejection[] = [];
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').replace(/^\uFEFF/, '').trim();
  if (header !== OUTCOMES_HEADER) {
    rejections.push({
      file,
      line: 1,
      code: 'bad_header',
      reason: `expected header "${OUTCOMES_HEADER}", got "${header}"`,
    });
    return { outcomes, rejections };
  }
  lines.forEach((raw, i) => {
    if (i === 0 || raw.trim() === '') return;
    const line = i + 1;
    const bad = (code: string, reason: string): void => {
      rejections.push({ file, line, code, reason });
    };
    const f = splitCsvLine(raw);
    if (f.length !== 5) return bad('bad_column_count', `expected 5 columns, got ${f.length}`);
    const [assetId = '', startRaw = '', endRaw = '', lostRaw = '', source = ''] = f.map((s) => s.trim());
    if (registry.get(assetId) === undefined)
      return bad('invalid_field', `asset_id "${assetId}" is not in the asset registry`);
    const startMs = parseInstant(startRaw);
    if (startMs === undefined) return bad('invalid_date', `start "${startRaw}" is not an ISO-8601 date`);
    const endMs = endRaw === '' ? null : parseInstant(endRaw);
    if (endMs === undefined) return bad('invalid_date', `end "${endRaw}" is not an ISO-8601 date`);
    if (endMs !== null && endMs <= startMs)
      return bad('invalid_field', `end ${endRaw} is not after start ${startRaw}`);
    const lostKbd = Number(lostRaw);
    if (lostRaw === '' || !Number.isFinite(lostKbd) || lostKbd < 0)
      return bad('invalid_field', `lost_kbd "${lostRaw}" is not a number >= 0`);
    outcomes.push({ assetId, startMs, endMs, lostKbd, source });
  });
  return { outcomes, rejections };
}

/** One month of realised national output, kb/d. */
export interface MonthlyOutput {
  /** First instant of the month, epoch ms UTC. */
  readonly monthStartMs: number;
  readonly monthEndMs: number;
  readonly outputKbd: number;
  readonly series: string;
}

/** Reads `month,output_kbd,series,source` (month as YYYY-MM). Bad lines are skipped. */
export function parseMonthlyOutput(text: string): MonthlyOutput[] {
  const out: MonthlyOutput[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (i === 0 || raw.trim() === '') return;
    const [month = '', kbd = '', series = ''] = splitCsvLine(raw);
    const start = DateTime.fromFormat(month.trim(), 'yyyy-MM', { zone: 'utc' });
    const value = Number(kbd);
    if (!start.isValid || !Number.isFinite(value)) return;
    out.push({
      monthStartMs: start.toMillis(),
      monthEndMs: start.plus({ months: 1 }).toMillis(),
      outputKbd: value,
      series: series.trim(),
    });
  });
  return out;
}
