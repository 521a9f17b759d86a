import { z } from 'zod';
import { type KafkaSecurityConfig, kafkaSecurityProblems } from './schemas';

/**
 * Thrown at boot when the environment does not satisfy an app's schema. The message
 * names every offending variable, what was wrong and what it means.
 */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type EnvSource = Readonly<Record<string, string | undefined>>;

/**
 * Validates `env` against a schema whose keys are the variable names. Empty strings
 * count as unset, so `FOO=` falls back to the default instead of failing oddly.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: EnvSource): z.infer<S> {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const parsed = schema.safeParse(cleaned);
  if (parsed.success) {
    // Rules across variables (zod objects with refinements cannot be extended into app schemas).
    const crossProblems =
      'KAFKA_SASL_MECHANISM' in schema.shape ? kafkaSecurityProblems(parsed.data as KafkaSecurityConfig) : [];
    if (crossProblems.length > 0) throw new ConfigError(crossProblems);
    return parsed.data;
  }
  const problems = parsed.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const variable = String(issue.path[0] ?? '');
    const description = (schema.shape as Record<string, z.ZodType>)[variable]?.description;
    return `${name}: ${issue.message}${description ? ` (${description})` : ''}`;
  });
  throw new ConfigError(problems);
}
