import { parseArgs } from 'node:util';
import { databaseSchema, loadConfig } from '@crescent/config';
import { API_KEY_ROLES, ApiKeyRepository, createDataSource, type ApiKeyRole } from '@crescent/persistence';
import type { CliCommand, CliIo } from './command';

const USAGE = `usage: crescent keys <create|list|revoke>

  create --role viewer|admin --name NAME   issue a key of the HTTP API; prints it ONCE (only its hash is kept)
  list                                     every key: id, name, role, created, revoked, last used (JSON)
  revoke ID                                revoke a key; requests with it get 401 from then on

Send the key in the x-api-key header. viewer reads everything under /v1; admin also manages keys.
DATABASE_URL selects the PostgreSQL server; unset, the embedded PGlite database in PGLITE_DATA_DIR.`;

function usage(io: CliIo, message?: string): number {
  if (message) io.stderr.write(`crescent keys: ${message}\n`);
  io.stderr.write(`${USAGE}\n`);
  return 2;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  let create: { name: string; role: ApiKeyRole } | undefined;
  let revokeId: string | undefined;
  if (sub === 'create') {
    let values: { role?: string; name?: string };
    try {
      ({ values } = parseArgs({
        args: [...rest],
        options: { role: { type: 'string' }, name: { type: 'string' } },
        strict: true,
      }));
    } catch (err) {
      return usage(io, (err as Error).message);
    }
    const role = API_KEY_ROLES.find((r) => r === values.role);
    if (!role) return usage(io, '--role must be viewer or admin');
    const name = values.name?.trim() ?? '';
    if (name === '') return usage(io, '--name is required');
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(name) || name.length > 200)
      return usage(io, '--name must be at most 200 characters, without control characters');
    create = { name, role };
  } else if (sub === 'revoke') {
    revokeId = rest[0];
    if (!revokeId) return usage(io, 'revoke needs the key id (see keys list)');
    // One id: a second one was ignored, and the second key stayed live without a word.
    if (rest.length > 1) return usage(io, 'revoke takes one key id at a time');
  } else if (sub !== 'list' || rest.length > 0) {
    return usage(io);
  }
  const ds = await createDataSource(loadConfig(databaseSchema, io.env)).initialize();
  const keys = new ApiKeyRepository();
  try {
    if (create) {
      const issued = await keys.create(ds.manager, create.name, create.role);
      io.stdout.write(`${JSON.stringify(issued)}\n`);
      io.stderr.write('Store the key now: it is not shown again.\n');
      return 0;
    }
    if (revokeId !== undefined) {
      if (!(await keys.revoke(ds.manager, revokeId))) {
        io.stderr.write(`crescent keys: no key with id ${revokeId}\n`);
        return 1;
      }
      io.stdout.write(`${JSON.stringify({ revoked: revokeId })}\n`);
      return 0;
    }
    io.stdout.write(`${JSON.stringify(await keys.list(ds.manager), null, 2)}\n`);
    return 0;
  } finally {
    await ds.destroy();
  }
}

export const keysCommand: CliCommand = {
  name: 'keys',
  summary: 'create, list and revoke API keys of the HTTP API',
  usage: USAGE,
  run,
};
