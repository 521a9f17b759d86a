// Run by pglite-server.test.ts in a plain Node process: PGlite loads its WebAssembly with a
// dynamic import that Jest's VM sandbox does not allow. Serves the folder given as the
// first argument (on the port given as the second, any free port by default), prints {"url": …} once listening, and on SIGTERM stops and prints
// {"stopped": true}.
import { PGliteServer } from '@crescent/persistence';

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: pglite-server.ts DATA_DIR [PORT]');
  const server = await PGliteServer.start({ dataDir, port: Number(process.argv[3] ?? 0) });
  process.once('SIGTERM', () => {
    void server.stop().then(() => process.stdout.write(`${JSON.stringify({ stopped: true })}\n`));
  });
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
