import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, type Notification } from 'pg';

const root = resolve(__dirname, '..', '..');

/** The server in a plain Node process (see the script), and the next JSON line it prints. */
class ServerProcess {
  private buffered = '';
  private readonly lines: string[] = [];
  private waiter: (() => void) | undefined;
  readonly exited: Promise<number | null>;

  constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => {
      this.buffered += chunk.toString();
      const parts = this.buffered.split('\n');
      this.buffered = parts.pop() ?? '';
      this.lines.push(...parts.filter((l) => l.trim() !== ''));
      this.waiter?.();
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    this.exited = new Promise((res) =>
      child.once('exit', (code) => {
        if (code !== 0 && stderr) process.stderr.write(stderr);
        res(code);
        this.waiter?.();
      }),
    );
  }

  static start(dataDir: string): ServerProcess {
    return new ServerProcess(
      spawn(process.execPath, ['scripts/run-ts.cjs', 'test/persistence/scripts/pglite-server.ts', dataDir], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
  }

  async next<T>(): Promise<T> {
    while (this.lines.length === 0) {
      if (this.child.exitCode !== null) throw new Error(`the server exited (${this.child.exitCode})`);
      await new Promise<void>((res) => (this.waiter = res));
    }
    return JSON.parse(this.lines.shift()!) as T;
  }

  /** SIGTERM: the server closes its connections and PGlite, says so, and exits 0. */
  async stop(): Promise<{ stopped: boolean; code: number | null }> {
    this.child.kill('SIGTERM');
    const said = await this.next<{ stopped: boolean }>();
    return { ...said, code: await this.exited };
  }
}

/** The socket under a pg client, to cut it off as a killed process would. */
function socketOf(client: Client): { destroy(): void } {
  return (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream;
}

describe('embedded PGlite served over the PostgreSQL protocol (crescent up without DATABASE_URL)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'crescent-pglite-server-'));
  let server: ServerProcess;
  let url: string;
  const clients: Client[] = [];

  async function connect(): Promise<Client> {
    const client = new Client({ connectionString: url });
    client.on('error', () => undefined); // the abandoned client's socket is cut on purpose
    await client.connect();
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    server = ServerProcess.start(dataDir);
    ({ url } = await server.next<{ url: string }>());
    const setup = await connect();
    await setup.query('CREATE TABLE items (id int, tag text, body text)');
    await setup.query('CREATE TABLE counter (n int)');
    await setup.query('INSERT INTO counter VALUES (0)');
  });

  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.end()));
    if (server) await server.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("never lets another connection's statement in between a Parse and its Bind (pglite-socket lost INSERTs there)", async () => {
    const [a, b] = [await connect(), await connect()];
    // 300 kB parameters arrive in several TCP chunks, so Parse reaches the server well
    // before its Bind: the window in which another client's Parse replaced the statement.
    const big = 'x'.repeat(300_000);
    const inserts = (async () => {
      const ids: number[] = [];
      for (let i = 0; i < 60; i++) {
        const r = await a.query<{ id: number }>(
          `INSERT INTO items VALUES ($1, 'interleave', $2) RETURNING id`,
          [i, big],
        );
        ids.push(r.rows[0]!.id);
      }
      return ids;
    })();
    const selects = (async () => {
      const seen: string[] = [];
      for (let i = 0; i < 60; i++) {
        const r = await b.query<{ v: string }>('SELECT $1::text AS v, length($2::text) AS w', [`b${i}`, 'x']);
        seen.push(r.rows[0]!.v);
      }
      return seen;
    })();
    const [ids, seen] = await Promise.all([inserts, selects]);
    expect(ids).toEqual([...Array(60).keys()]);
    expect(seen).toEqual([...Array(60).keys()].map((i) => `b${i}`));
    const rows = await a.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM items WHERE tag = 'interleave'`,
    );
    expect(rows.rows[0]!.n).toBe(60);
  });

  it("holds the session for a whole BEGIN … ROLLBACK: another connection's write waits, and the rollback takes only its own", async () => {
    const [a, b] = [await connect(), await connect()];
    await a.query('BEGIN');
    await a.query(`INSERT INTO items (id, tag) VALUES (1, 'rolled-back')`);
    let bDone = false;
    const bWrite = b.query(`INSERT INTO items (id, tag) VALUES (2, 'kept')`).then(() => (bDone = true));
    // A's next round trip completes while B's write still waits for the session.
    const inside = await a.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM items WHERE tag IN ('rolled-back', 'kept')`,
    );
    expect(inside.rows[0]!.n).toBe(1);
    expect(bDone).toBe(false);
    await a.query('ROLLBACK');
    await bWrite;
    const after = await a.query<{ tag: string }>(
      `SELECT tag FROM items WHERE tag IN ('rolled-back', 'kept') ORDER BY tag`,
    );
    expect(after.rows.map((r) => r.tag)).toEqual(['kept']);
  });

  it('loses no update when read-modify-write transactions of several connections run at once', async () => {
    const conns = [await connect(), await connect(), await connect()];
    await Promise.all(
      conns.map(async (c) => {
        for (let i = 0; i < 15; i++) {
          await c.query('BEGIN');
          const r = await c.query<{ n: number }>('SELECT n FROM counter');
          await c.query('UPDATE counter SET n = $1', [r.rows[0]!.n + 1]);
          await c.query('COMMIT');
        }
      }),
    );
    const r = await conns[0]!.query<{ n: number }>('SELECT n FROM counter');
    expect(r.rows[0]!.n).toBe(45);
  });

  it('rolls back what a connection cut off mid-transaction left, and serves the others on', async () => {
    const [doomed, other] = [await connect(), await connect()];
    await doomed.query('BEGIN');
    await doomed.query(`INSERT INTO items (id, tag) VALUES (3, 'abandoned')`);
    const waiting = other.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM items WHERE tag = 'abandoned'`,
    );
    socketOf(doomed).destroy();
    expect((await waiting).rows[0]!.n).toBe(0);
    const inTx = await other.query<{ tx: boolean }>(`SELECT now() = statement_timestamp() AS tx`);
    expect(inTx.rows[0]!.tx).toBe(true); // a fresh transaction per statement: nothing left open
  });

  it('delivers NOTIFY to the connection that LISTENs, not to the one whose commit fired it', async () => {
    const [listener, writer] = [await connect(), await connect()];
    const heard: Notification[] = [];
    const wrong: Notification[] = [];
    listener.on('notification', (n) => heard.push(n));
    writer.on('notification', (n) => wrong.push(n));
    await listener.query('LISTEN crescent_test');
    await writer.query(`SELECT pg_notify('crescent_test', 'hello')`);
    // The notification was written to the listener's socket before the writer's reply,
    // so one round trip of the listener's own is enough to have read it.
    await listener.query('SELECT 1');
    expect(heard.map((n) => [n.channel, n.payload])).toEqual([['crescent_test', 'hello']]);
    expect(wrong).toEqual([]);
  });

  it('closes cleanly: a new server on the same folder has every committed row', async () => {
    const before = await (await connect()).query<{ n: number }>('SELECT count(*)::int AS n FROM items');
    await Promise.allSettled(clients.splice(0).map((c) => c.end()));
    expect(await server.stop()).toEqual({ stopped: true, code: 0 });
    server = ServerProcess.start(dataDir);
    ({ url } = await server.next<{ url: string }>());
    const after = await (await connect()).query<{ n: number }>('SELECT count(*)::int AS n FROM items');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    expect(after.rows[0]!.n).toBe(61);
  });
});
