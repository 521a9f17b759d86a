import { DateTime } from 'luxon';

/**
 * Text PostgreSQL cannot store: U+0000 (text columns refuse the byte, jsonb the escape)
 * and a lone UTF-16 surrogate (JSON.stringify writes it as an escape jsonb refuses).
 * JSON may carry either as an escape ("\u0000", "\ud800"), so valid JSON in valid UTF-8
 * can still hold one.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const unstorable = (s: string): boolean => s.includes('\u0000') || LONE_SURROGATE.test(s);

/**
 * The path of the first string in `value` (objects and arrays, walked depth first) that
 * PostgreSQL cannot store, or undefined when there is none. A luxon DateTime is not
 * walked: it is stored as the ISO text it makes.
 */
export function findUnstorableText(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return unstorable(value) ? path || '(value)' : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (DateTime.isDateTime(value)) return undefined;
  for (const [key, v] of Object.entries(value)) {
    const found = findUnstorableText(v, path ? `${path}.${key}` : key);
    if (found !== undefined) return found;
  }
  return undefined;
}
