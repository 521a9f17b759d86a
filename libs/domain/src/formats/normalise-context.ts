import type { AssetRegistry } from '../assets/asset';

/**
 * Size limits for one input. Each exists so a hostile or broken feed costs bounded memory
 * and time; an input over a limit is rejected with code `oversized`, never truncated.
 */
export interface NormaliseLimits {
  /** One Kafka message, one JSON line, or one ACLED CSV record, in UTF-8 bytes. */
  readonly maxMessageBytes: number;
  /** A news body, in UTF-16 code units (what `string.length` counts). */
  readonly maxBodyChars: number;
  /** A headline, summary, ACLED note or any other single text field, in code units. */
  readonly maxTextChars: number;
  /** An id, source name, actor or place name, in code units. */
  readonly maxShortChars: number;
  /** Entries in a structured event's `assets` or `actors` list. */
  readonly maxListEntries: number;
}

export const DEFAULT_NORMALISE_LIMITS: NormaliseLimits = {
  maxMessageBytes: 1024 * 1024,
  maxBodyChars: 200_000,
  maxTextChars: 20_000,
  maxShortChars: 512,
  maxListEntries: 100,
};

/**
 * Everything normalisation depends on. There is deliberately no clock: every time an
 * event carries comes from the input itself, so replaying a file gives the same events.
 */
export interface NormaliseContext {
  readonly registry: AssetRegistry;
  readonly limits?: Partial<NormaliseLimits>;
}

export function resolveLimits(ctx: NormaliseContext): NormaliseLimits {
  return ctx.limits === undefined ? DEFAULT_NORMALISE_LIMITS : { ...DEFAULT_NORMALISE_LIMITS, ...ctx.limits };
}

/** UTF-8 length of a string, counted without allocating. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** True when `text` is over `maxBytes` UTF-8 bytes; exact, but skips the count when the answer is obvious. */
export function exceedsBytes(text: string, maxBytes: number): boolean {
  if (text.length > maxBytes) return true;
  if (text.length * 3 <= maxBytes) return false;
  return utf8Length(text) > maxBytes;
}
