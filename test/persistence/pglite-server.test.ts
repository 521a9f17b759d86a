import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { Client, type Notification } from 'pg';

const root = resolve(__dirname, '..', '..');

/** A bare PostgreSQL protocol client, to stop between Parse and Bind as pg never does on its own. */
class RawConnection {
  private input = Buffer.alloc(0);
  private wake: (() => void) | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.input = Buffer.concat([this.input, chunk]);
      this.wake?.();
    });
  }

  static async open(url: string): Promise<RawConnection> {
    const { hostname, port } = new URL(url);
    const socket = createConnection(Number(port), hostname);
    await new Promise<void>((res, rej) => socket.once('connect', res).once('error', rej));
    const raw = new RawConnection(socket);
    const params = Buffer.from('user\0postgres\0database\0postgres\0\0');
    const startup = Buffer.alloc(8);
    startup.writeInt32BE(8 + params.length, 0);
    startup.writeInt32BE(196608, 4);
    socket.write(Buffer.concat([startup, params]));
    await raw.until('Z');
    return raw;
  }

  send(type: string, body: Buffer): void {
    const head = Buffer.alloc(5);
    head.write(type, 0, 'latin1');
    head.writeInt32BE(body.length + 4, 1);
    this.socket.write(Buffer.concat([head, body]));
  }

  /** Messages up to and including the first of `type`: [type, body] each. */
  async until(type: string): Promise<Array<[string, Buffer]>> {
    const seen: Array<[string, Buffer]> = [];
    for (;;) {
      while (this.input.length >= 5 && this.input.length >= 1 + this.input.readInt32BE(1)) {
        const end = 1 + this.input.readInt32BE(1);
        const m: [string, Buffer] = [String.fromCharCode(this.input[0]!), this.input.subarray(5, end)];
        this.input = this.input.subarray(end);
        seen.push(m);
        if (m[0] === 'E') throw new Error(`server error: ${m[1].toString('latin1')}`);
        if (m[0] === type) return seen;
      }
      await new Promise<void>((res) => (this.wake = res));
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

/** The server in a plain Node process (see the script), and the next JSON line it prints. */
class ServerProcess {
  private buffered = '';
  private readonly lines: string[] = [];
  private waiter: (() => void) | undefined;
  /** What the server wrote to stderr. */
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => {
      this.buffered += chunk.toString();
      const parts = this.buffered.split('\n');
      this.buffered = parts.pop() ?? '';
      this.lines.push(...parts.filter((l) => l.trim() !== ''));
      this.waiter?.();
    });
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((res) =>
      child.once('exit', (code) => {
        res(code);
        this.waiter?.();
      }),
    );
  }

  /** On `port`, or any free port. */
  static start(dataDir: string, port = 0): ServerProcess {
    return new ServerProcess(
      spawn(
        process.execPath,
        ['scripts/run-ts.cjs', 'test/persistence/scripts/pglite-server.ts', dataDir, String(port)],
        { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
      ),
    );
  }

  async next<T>(): Promise<T> {
    while (this.lines.length === 0) {
      if (this.child.exitCode !== null)
        throw new Error(`the server exited (${this.child.exitCode}):\n${this.stderr}`);
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

  it("keeps the session for a connection between its Parse and its Sync: another client's query waits, and the Bind binds its own statement", async () => {
    const a = await RawConnection.open(url);
    const b = await connect();
    try {
      a.send('P', Buffer.from('\0SELECT $1::int + 1000 AS v\0\0\0', 'latin1')); // unnamed, no types
      a.send('H', Buffer.alloc(0)); // Flush: ParseComplete now, the exchange still open
      await a.until('1');
      // B's whole exchange (its own unnamed Parse included) goes out now, before A's Bind.
      let bDone = false;
      const bQuery = b.query<{ v: string }>('SELECT $1::text AS v', ['b']).then((r) => {
        bDone = true;
        return r.rows[0]!.v;
      });
      // Bind: unnamed portal and statement, no format codes, one text parameter "7".
      a.send('B', Buffer.from('\0\0\0\0\0\x01\0\0\0\x017\0\0', 'latin1'));
      a.send('E', Buffer.from('\0\0\0\0\0', 'latin1'));
      a.send('H', Buffer.alloc(0));
      const rows = (await a.until('C')).filter(([type]) => type === 'D');
      // DataRow: int16 column count, int32 length, the text value.
      expect(rows.map(([, body]) => body.toString('latin1', 6))).toEqual(['1007']);
      expect(bDone).toBe(false);
      a.send('S', Buffer.alloc(0));
      await a.until('Z');
      expect(await bQuery).toBe('b');
    } finally {
      a.close();
    }
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

  it('rolls back the write of a connection cut off between its Execute and its Sync', async () => {
    const a = await RawConnection.open(url);
    const b = await connect();
    a.send('P', Buffer.from(`\0INSERT INTO items (id, tag) VALUES (4, 'unsynced')\0\0\0`, 'latin1'));
    a.send('B', Buffer.from('\0\0\0\0\0\0\0\0', 'latin1'));
    a.send('E', Buffer.from('\0\0\0\0\0', 'latin1'));
    a.send('H', Buffer.alloc(0));
    await a.until('C'); // INSERT 0 1, in the exchange's implicit transaction, not yet committed
    const count = b.query<{ n: number }>(`SELECT count(*)::int AS n FROM items WHERE tag = 'unsynced'`);
    a.close();
    expect((await count).rows[0]!.n).toBe(0);
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

describe('embedded PGlite: a port already taken', () => {
  it('says at once which port is taken and how to choose another, before it opens the folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'crescent-pglite-busy-'));
    const squatter = createServer();
    await new Promise<void>((res) => squatter.listen(0, '127.0.0.1', res));
    const { port } = squatter.address() as AddressInfo;
    try {
      const refused = ServerProcess.start(dataDir, port);
      expect(await refused.exited).toBe(1);
      expect(refused.stderr).toContain(`127.0.0.1:${port} is already in use by another process`);
      expect(refused.stderr).toContain('set PGLITE_PORT');
      // Neither initialised (a new folder takes seconds) nor claimed by a pid file.
      expect(readdirSync(dataDir)).toEqual([]);
    } finally {
      squatter.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
