import { DateTime } from 'luxon';

/**
 * Text PostgreSQL cannot store: U+0000 (text columns refuse the byte, jsonb the escape)
 * and a lone UTF-16 surrogate (JSON.stringify writes it as an escape jsonb refuses).
 * JSON may carry either as an escape ("\u0000", "\ud800"), so valid JSON in valid UTF-8
 * can still hold one.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** NUL or any surrogate: one scan that nearly every string passes, before the exact test. */
// eslint-disable-next-line no-control-regex -- NUL is what it looks for
const SUSPECT = /[\u0000\ud800-\udfff]/;

const unstorable = (s: string): boolean =>
  SUSPECT.test(s) && (s.includes('\u0000') || LONE_SURROGATE.test(s));

/**
 * The path of the first string in `value` (objects and arrays, walked depth first) that
 * PostgreSQL cannot store, or undefined when there is none. A luxon DateTime is not
 * walked: it is stored as the ISO text it makes. It runs on every accepted event with its
 * impacts, so the path is spelt only once a string is found.
 */
export function findUnstorableText(value: unknown): string | undefined {
  const path: Array<string | number> = [];
  if (!holdsUnstorable(value, path)) return undefined;
  let text = '';
  for (let i = path.length - 1; i >= 0; i--) {
    const step = path[i] as string | number;
    text += typeof step === 'number' ? `[${step}]` : text === '' ? step : `.${step}`;
  }
  return text || '(value)';
}

/** Whether `value` holds such a string; if so, `path` gets the way to it, innermost step first. */
function holdsUnstorable(value: unknown, path: Array<string | number>): boolean {
  if (typeof value === 'string') return unstorable(value);
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (holdsUnstorable(value[i], path)) {
        path.push(i);
        return true;
      }
    }
    return false;
  }
  if (DateTime.isDateTime(value)) return false;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (holdsUnstorable((value as Record<string, unknown>)[key], path)) {
      path.push(key);
      return true;
    }
  }
  return false;
}
