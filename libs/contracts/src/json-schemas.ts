import { z } from 'zod';
import { MESSAGE_SCHEMAS } from './messages';

/** JSON Schema (draft 2020-12) of every produced topic, generated from the zod contracts. */
export function messageJsonSchemas(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [topic, schema] of Object.entries(MESSAGE_SCHEMAS)) {
    out[topic] = { $id: `https://crescent.invalid/schemas/${topic}.json`, ...z.toJSONSchema(schema) };
  }
  return out;
}
