import { DateTime } from 'luxon';
import type { GeoEvent } from '../events/geo-event';
import { reject, type Result } from '../events/rejection';

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

const suspect = (s: string | undefined): boolean => s !== undefined && SUSPECT.test(s);

function anySuspect(list: readonly string[]): boolean {
  for (let i = 0; i < list.length; i++) if (SUSPECT.test(list[i] as string)) return true;
  return false;
}

/**
 * Whether any string of `event` holds NUL or a surrogate. It runs on every event of a
 * backtest, so it reads the fields by name: 0.4 µs an event where findUnstorableText's
 * walk takes 0.8 µs. storable-text.spec.ts puts a NUL in every string of events of every
 * kind in turn, so a field added to GeoEvent and not read here fails it.
 */
function suspectEvent(e: GeoEvent): boolean {
  const l = e.location;
  if (suspect(e.id) || suspect(e.source) || suspect(e.kind) || suspect(e.type) || suspect(e.summary))
    return true;
  if (suspect(e.primaryActor) || anySuspect(e.actors) || anySuspect(e.assets)) return true;
  if (suspect(l.name) || suspect(l.precision) || suspect(l.country)) return true;
  for (let i = 0; i < e.evidence.length; i++) {
    const ev = e.evidence[i] as GeoEvent['evidence'][number];
    if (SUSPECT.test(ev.rule) || SUSPECT.test(ev.text)) return true;
  }
  return suspect(e.raw.kind) || suspect(e.raw.ref) || suspect(e.raw.contentHash);
}

/**
 * An event the event store could not keep, refused: `invalid_field` naming the first
 * such string's path (`event.summary`, `event.actors[0]`). Every entry point of the
 * formats ends with this, so the ingestor, the backtest and `classify` refuse the same
 * inputs. Impacts need no check of their own: their text is made of the event's strings
 * and the registry's names (see storable-text.spec.ts).
 */
export function storableEvent(result: Result<GeoEvent>): Result<GeoEvent> {
  if (!result.ok || !suspectEvent(result.value)) return result;
  const field = findUnstorableText({ event: result.value });
  if (field === undefined) return result;
  return reject(
    'invalid_field',
    `${field} holds a NUL character or a lone UTF-16 surrogate, which the event store cannot keep`,
    field,
  );
}
