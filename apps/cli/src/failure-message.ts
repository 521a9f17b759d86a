import { ConfigError } from '@crescent/config';

/** Node's system error codes that mean "the server is not there", not a bug. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN']);

/**
 * What the CLI prints when a command fails with an exception. Operational failures (the
 * configuration, a database that is not there or has no schema, a file system refusal) are
 * one line that says what to do; anything else is a bug, printed with its stack.
 * `CRESCENT_DEBUG=1` prints the stack in every case.
 */
export function failureMessage(err: unknown, env: NodeJS.ProcessEnv): string {
  if (!(err instanceof Error)) return String(err);
  const detail = err.stack ?? err.message;
  if (env['CRESCENT_DEBUG'] === '1') return detail;
  if (err instanceof ConfigError) return err.message;
  const code = (err as NodeJS.ErrnoException).code;
  // pg reports a missing table as SQLSTATE 42P01 ("relation ... does not exist").
  if (code === '42P01')
    return `${err.message}: the database has no schema yet; run \`npm run crescent -- db migrate\``;
  if (code === '3D000') return `${err.message}: create the database, or point DATABASE_URL at one`;
  const cause = (err as { cause?: unknown }).cause;
  const causeCode = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (
    (code !== undefined && UNREACHABLE.has(code)) ||
    (causeCode !== undefined && UNREACHABLE.has(causeCode))
  )
    return `${err.message}: is the server running, and is its address right (DATABASE_URL, KAFKA_BROKERS)?`;
  if (
    code !== undefined &&
    ['EEXIST', 'ENOTDIR', 'EACCES', 'EPERM', 'ENOENT', 'EISDIR', 'ENOSPC'].includes(code)
  )
    return err.message;
  return detail;
}
