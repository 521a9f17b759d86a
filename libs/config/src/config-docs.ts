import type { z } from 'zod';
import { apiConfigSchema } from './apps/api.config';
import { ingestorConfigSchema } from './apps/ingestor.config';
import { scorerConfigSchema } from './apps/scorer.config';
import { localDatabaseConfigSchema } from './local-database.config';
import { localKafkaConfigSchema } from './local-kafka.config';

/** Every configuration schema, by who reads it. The README's configuration table is made from these. */
export const CONFIG_SCHEMAS: ReadonlyArray<{ readonly name: string; readonly schema: z.ZodObject }> = [
  { name: 'api', schema: apiConfigSchema },
  { name: 'ingestor', schema: ingestorConfigSchema },
  { name: 'scorer', schema: scorerConfigSchema },
  { name: 'local broker', schema: localKafkaConfigSchema },
  { name: 'npm start', schema: localDatabaseConfigSchema },
];

export interface ConfigVariable {
  readonly name: string;
  /** Defaults per reader; several when apps differ (HTTP_PORT). */
  readonly defaults: ReadonlyArray<{ readonly value: string; readonly readers: readonly string[] }>;
  readonly readers: readonly string[];
  readonly description: string;
}

function defaultOf(schema: z.ZodObject, key: string): string {
  const parsed = schema.partial().safeParse({});
  const value: unknown = parsed.success ? (parsed.data as Record<string, unknown>)[key] : undefined;
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}

/** All variables, sorted by name, with their defaults and meaning. */
export function configVariables(): ConfigVariable[] {
  const byName = new Map<
    string,
    { defaults: Map<string, string[]>; readers: string[]; description: string }
  >();
  for (const { name: reader, schema } of CONFIG_SCHEMAS) {
    for (const [key, field] of Object.entries<z.ZodType>(schema.shape)) {
      const entry: { defaults: Map<string, string[]>; readers: string[]; description: string } = byName.get(
        key,
      ) ?? {
        defaults: new Map(),
        readers: [],
        description: field.description ?? '',
      };
      const value = defaultOf(schema, key);
      entry.defaults.set(value, [...(entry.defaults.get(value) ?? []), reader]);
      entry.readers.push(reader);
      byName.set(key, entry);
    }
  }
  return [...byName.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, e]) => ({
      name,
      defaults: [...e.defaults.entries()].map(([value, readers]) => ({ value, readers })),
      readers: e.readers,
      description: e.description,
    }));
}

/** The configuration table as Markdown. */
export function configMarkdownTable(): string {
  const rows = configVariables().map((v) => {
    const def =
      v.defaults.length === 1
        ? v.defaults[0]!.value === ''
          ? '(unset)'
          : `\`${v.defaults[0]!.value}\``
        : v.defaults.map((d) => `\`${d.value}\` (${d.readers.join(', ')})`).join(', ');
    return `| \`${v.name}\` | ${def} | ${v.readers.join(', ')} | ${v.description.replace(/\|/g, '\\|')} |`;
  });
  return ['| Variable | Default | Read by | Meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
