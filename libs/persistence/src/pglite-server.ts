import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const PROTOCOL_3 = 196608;
const READY_FOR_QUERY = 0x5a; // 'Z'
const TERMINATE = 0x58; // 'X'
const IDLE = 0x49; // 'I': ReadyForQuery outside any transaction block

function message(type: string, body: Buffer): Uint8Array {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return new Uint8Array(Buffer.concat([head, body]));
}

/**
 * What a connection that leaves while it owns the session sends to give it back clean:
 * ROLLBACK through the extended protocol, then Sync. In an explicit transaction the
 * ROLLBACK ends it; in the implicit transaction of an unfinished Parse/Bind/Execute it
 * aborts that; after an error PostgreSQL ignores it and Sync ends the failed
 * transaction. Either way the session is idle after Sync, and nothing the departed
 * client did without committing survives.
 */
const ABANDON = [
  message('P', Buffer.from('\0ROLLBACK\0\0\0', 'latin1')), // unnamed statement, no parameter types
  message('B', Buffer.from('\0\0\0\0\0\0\0\0', 'latin1')), // unnamed portal, no formats or values
  message('E', Buffer.from('\0\0\0\0\0', 'latin1')), // unnamed portal, all rows
  message('S', Buffer.alloc(0)),
];

/** First come, first served; `acquire` resolves to the function that releases. */
class SessionLock {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((res) => (release = res));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => held);
    return ready;
  }
}

const NOTIFICATION = 0x41; // 'A'

interface Output {
  /** What goes back to the connection that sent the message. */
  readonly reply: Buffer;
  /** Status of the last ReadyForQuery in it, if any. */
  readonly status: number | undefined;
  /** NotificationResponse messages, by channel, for whichever connections LISTEN. */
  readonly notifications: ReadonlyArray<{ readonly channel: string; readonly bytes: Buffer }>;
}

/** Splits the backend's answer to one message (whole messages: type, int32 length, body). */
function splitOutput(out: Uint8Array): Output {
  const buf = Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  const reply: Buffer[] = [];
  const notifications: Array<{ channel: string; bytes: Buffer }> = [];
  let status: number | undefined;
  let i = 0;
  while (i + 5 <= buf.length) {
    const type = buf[i]!;
    const end = i + 1 + buf.readInt32BE(i + 1);
    if (end > buf.length) break;
    if (type === READY_FOR_QUERY) status = buf[i + 5];
    if (type === NOTIFICATION) {
      const channelStart = i + 9; // after the int32 process id
      const channel = buf.toString('utf8', channelStart, buf.indexOf(0, channelStart));
      notifications.push({ channel, bytes: buf.subarray(i, end) });
    } else {
      reply.push(buf.subarray(i, end));
    }
    i = end;
  }
  if (i < buf.length) reply.push(buf.subarray(i));
  return { reply: reply.length === 1 ? reply[0]! : Buffer.concat(reply), status, notifications };
}

/** Channels a query's text starts or stops listening to ('*' = all), in order. */
function listenChanges(text: string): Array<{ listen: boolean; channel: string }> {
  const changes: Array<{ listen: boolean; channel: string }> = [];
  for (const m of text.matchAll(/(?:^|;)\s*(UN)?LISTEN\s+("(?:[^"]|"")+"|[A-Za-z_][\w$]*|\*)/gi)) {
    const name = m[2]!;
    const channel = name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name.toLowerCase();
    changes.push({ listen: m[1] === undefined, channel });
  }
  return changes;
}

/** The SQL text of a simple Query ('Q') or Parse ('P') message; '' for any other. */
function queryText(m: Buffer): string {
  if (m[0] === 0x51) return m.toString('utf8', 5, m.indexOf(0, 5));
  if (m[0] === 0x50) {
    const afterName = m.indexOf(0, 5) + 1;
    return m.toString('utf8', afterName, m.indexOf(0, afterName));
  }
  return '';
}

/** In the data folder while a server has it open. */
const PID_FILE = 'crescent-server.pid';

/** The process named in `file` if it is still running (a signal-0 probe), else undefined. */
function livePid(file: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(file, 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

export interface PGliteServerOptions {
  /** Folder of the database (created, and initialised on first use). */
  readonly dataDir: string;
  /** 127.0.0.1 unless told. */
  readonly host?: string;
  /** 0 = any free port. */
  readonly port: number;
  /** Something went wrong on one connection (it is closed); the server carries on. */
  readonly onError?: (err: Error) => void;
}

/**
 * An embedded PGlite database served over the PostgreSQL wire protocol, so that several
 * processes, each with its own `pg` pool, can share it (`crescent up`).
 *
 * PGlite is ONE PostgreSQL session. Any number of clients may connect, but the session
 * belongs to one connection at a time: from the first message that connection sends until
 * the backend answers it with ReadyForQuery in status idle ('I'). That spans a whole
 * Parse/Bind/Describe/Execute/Sync exchange and a whole BEGIN … COMMIT, so no other
 * connection's statement can run inside either; the others queue, first come first served.
 * Transactions are thus serial, which is at least as strict as anything PostgreSQL promises.
 * A connection that closes while it owns the session has its unfinished work rolled back.
 *
 * Why not @electric-sql/pglite-socket (0.2.17): it queues message by message and holds the
 * session only inside an explicit transaction (PGlite's IsTransactionBlock), so another
 * client's Parse can land between a client's Parse and its Bind, which then binds the other
 * statement. Tried with two pg clients (100 parameterised INSERTs of 300 kB against
 * a two-parameter SELECT): every INSERT was acknowledged with its id, one row was missing,
 * in each of three runs. (It also pins @electric-sql/pglite 0.5.14 and seven extension
 * packages as peers.)
 *
 * The session's LISTENs are the union of its connections': a NotificationResponse goes to
 * the connections that asked for its channel, whichever connection's commit raised it.
 * (UNLISTEN by one connection stops the session listening for all; nothing here does that.)
 * A `crescent-server.pid` file in the folder keeps a second server from opening it.
 */
export class PGliteServer {
  private readonly sockets = new Set<Socket>();
  /** The channels each connection LISTENs to: the one session's notifications go to them. */
  private readonly listening = new Map<Socket, Set<string>>();
  private readonly work = new Set<Promise<void>>();
  private readonly lock = new SessionLock();

  private constructor(
    readonly db: PGlite,
    private readonly server: Server,
    readonly host: string,
    readonly port: number,
    readonly dataDir: string,
  ) {}

  static async start(options: PGliteServerOptions): Promise<PGliteServer> {
    const dataDir = resolve(options.dataDir);
    mkdirSync(dataDir, { recursive: true });
    // Two PGlite instances on one folder would corrupt it, and PGlite does not guard it.
    const pidFile = join(dataDir, PID_FILE);
    const holder = livePid(pidFile);
    if (holder !== undefined) throw new Error(`${dataDir} is already served by process ${holder}`);
    // The port first: opening the folder (a new one is initialised) takes seconds, and a port
    // in use should be said at once.
    const host = options.host ?? '127.0.0.1';
    const self: { server?: PGliteServer } = {};
    // Until the database is open there is nothing to serve: a connection then is closed.
    const server = createServer((socket) =>
      self.server ? self.server.accept(socket, options.onError) : socket.destroy(),
    );
    try {
      await new Promise<void>((res, rej) => {
        server.once('error', rej);
        server.listen(options.port, host, () => {
          server.off('error', rej);
          res();
        });
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
        throw new Error(
          `${host}:${options.port} is already in use by another process (another npm start, or a ` +
            'database): stop it, or set PGLITE_PORT to a free port (0 = any free port)',
          { cause: err },
        );
      throw err;
    }
    let db: PGlite;
    try {
      db = await PGlite.create({ dataDir });
    } catch (err) {
      await new Promise<void>((res) => server.close(() => res()));
      throw err;
    }
    writeFileSync(pidFile, `${process.pid}\n`);
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    self.server = new PGliteServer(db, server, host, port, dataDir);
    return self.server;
  }

  /** The DATABASE_URL clients use (PGlite takes any user; its one database answers to any name). */
  get url(): string {
    return `postgres://postgres@${this.host}:${this.port}/postgres`;
  }

  /** Stops listening, closes every connection (rolling back what they left open), then the database. */
  async stop(): Promise<void> {
    await new Promise<void>((res) => {
      this.server.close(() => res());
      for (const socket of this.sockets) socket.destroy();
    });
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
    await this.db.close();
    rmSync(join(this.dataDir, PID_FILE), { force: true });
  }

  private accept(socket: Socket, onError?: (err: Error) => void): void {
    socket.setNoDelay(true);
    this.sockets.add(socket);
    const channels = new Set<string>();
    this.listening.set(socket, channels);
    let input: Buffer = Buffer.alloc(0);
    let started = false;
    let closed = false;
    let release: (() => void) | undefined;
    let chain: Promise<void> = Promise.resolve();
    const queue = (step: () => Promise<void>): void => {
      const next = chain.then(step).catch((err: unknown) => {
        onError?.(err as Error);
        socket.destroy();
      });
      chain = next;
      this.work.add(next);
      void next.finally(() => this.work.delete(next));
    };

    /** Runs one message (or the ABANDON sequence) while owning the session. */
    const exec = async (messages: readonly Uint8Array[], reply: boolean): Promise<void> => {
      for (const m of messages) {
        release ??= await this.lock.acquire();
        const { reply: bytes, status, notifications } = splitOutput(await this.db.execProtocolRaw(m));
        if (reply && !closed && bytes.length > 0) socket.write(bytes);
        for (const n of notifications) {
          for (const [listener, names] of this.listening) {
            if (names.has(n.channel) && !listener.destroyed) listener.write(n.bytes);
          }
        }
        if (status === IDLE) {
          release?.();
          release = undefined;
        }
      }
    };

    const drain = async (): Promise<void> => {
      for (;;) {
        if (closed) return;
        if (!started) {
          if (input.length < 8) return;
          const length = input.readInt32BE(0);
          const code = input.readInt32BE(4);
          if (input.length < length) return;
          const startup = input.subarray(0, length);
          input = input.subarray(length);
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
            socket.write('N');
            continue;
          }
          if (code !== PROTOCOL_3) {
            // A CancelRequest (PGlite cannot interrupt a statement) or something unknown.
            socket.end();
            return;
          }
          started = true;
          await exec([new Uint8Array(startup)], true);
          continue;
        }
        if (input.length < 5) return;
        const length = 1 + input.readInt32BE(1);
        if (input.length < length) return;
        const m = input.subarray(0, length);
        input = input.subarray(length);
        if (m[0] === TERMINATE) {
          socket.end();
          return;
        }
        for (const change of listenChanges(queryText(m))) {
          if (change.channel === '*') channels.clear();
          else if (change.listen) channels.add(change.channel);
          else channels.delete(change.channel);
        }
        await exec([new Uint8Array(m)], true);
      }
    };

    socket.on('data', (chunk: Buffer) => {
      input = input.length === 0 ? chunk : Buffer.concat([input, chunk]);
      queue(drain);
    });
    socket.on('error', () => socket.destroy());
    socket.once('close', () => {
      closed = true;
      this.sockets.delete(socket);
      this.listening.delete(socket);
      queue(async () => {
        try {
          if (release) await exec(ABANDON, false);
        } finally {
          // ABANDON ends in Sync, so the session is idle again; released in any case.
          release?.();
          release = undefined;
        }
      });
    });
  }
}
