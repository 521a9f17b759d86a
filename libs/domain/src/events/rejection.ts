/**
 * Why an input was refused. Every refusal is one of these codes with a human reason;
 * adapters never throw and never drop silently.
 */
export const REJECTION_CODES = [
  'malformed_json',
  'unknown_kind',
  'missing_field',
  'invalid_field',
  'invalid_coordinates',
  'invalid_date',
  'oversized',
  'bad_column_count',
  'bad_header',
  'empty_input',
] as const;

export type RejectionCode = (typeof REJECTION_CODES)[number];

export interface Rejection {
  readonly code: RejectionCode;
  /** Human-readable, names the offending field or column. */
  readonly reason: string;
  /** The field or column at fault, when there is one. */
  readonly field?: string;
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly rejection: Rejection };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const reject = <T = never>(code: RejectionCode, reason: string, field?: string): Result<T> => ({
  ok: false,
  rejection: field === undefined ? { code, reason } : { code, reason, field },
});
