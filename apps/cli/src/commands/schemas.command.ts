import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { messageJsonSchemas } from '@crescent/contracts';
import type { CliCommand, CliIo } from './command';

const USAGE = `usage: crescent schemas [--out DIR] [--check]

Writes the JSON Schema of every message Crescent produces, generated from the zod
contracts in libs/contracts, one file per topic (default DIR: docs/schemas).
--check  writes nothing; exits 1 if the files in DIR differ from the contracts.`;

/** The files `crescent schemas` writes: name -> content. */
export function schemaFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [topic, schema] of Object.entries(messageJsonSchemas())) {
    files.set(`${topic}.schema.json`, `${JSON.stringify(schema, null, 2)}\n`);
  }
  return files;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  let values: { out?: string; check?: boolean };
  try {
    // Strict: a mistyped --chek used to be ignored, and the files written over instead of checked.
    ({ values } = parseArgs({
      args: [...args],
      options: { out: { type: 'string' }, check: { type: 'boolean' } },
      strict: true,
    }));
  } catch (err) {
    io.stderr.write(`crescent schemas: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.out === '') {
    io.stderr.write(`crescent schemas: --out needs a folder\n${USAGE}\n`);
    return 2;
  }
  const dir = resolve(io.cwd, values.out ?? 'docs/schemas');
  const check = values.check === true;
  const stale: string[] = [];
  if (!check) await mkdir(dir, { recursive: true });
  for (const [name, content] of schemaFiles()) {
    const path = join(dir, name);
    if (check) {
      const current = await readFile(path, 'utf8').catch(() => '');
      if (current !== content) stale.push(name);
    } else {
      await writeFile(path, content);
      io.stdout.write(`${path}\n`);
    }
  }
  if (stale.length > 0) {
    io.stderr.write(
      `out of date with libs/contracts: ${stale.join(', ')} (run: npm run crescent -- schemas)\n`,
    );
    return 1;
  }
  return 0;
}

export const schemasCommand: CliCommand = {
  name: 'schemas',
  summary: 'write the JSON Schemas of every produced topic (docs/schemas)',
  usage: USAGE,
  run,
};
