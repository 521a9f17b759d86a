import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LocalKafkaConfig, LocalKafkaSecurity } from '@crescent/config';
import {
  type BrokerLayout,
  brokerLayout,
  formatStorageArguments,
  javaArguments,
  newClusterId,
  renderLogConfig,
  renderServerProperties,
} from './broker-files';
import { ensureKafkaJars, requireJava } from './broker-jars';
import { isPortFree, probeBroker, type ProbeSecurity, warmUpGroupCoordinator } from './broker-probe';
import { ensureTlsFiles } from './broker-tls';
import { withFileLock } from './file-lock';
import { LocalBrokerError } from './local-broker.error';
import { isProcessAlive, processCommandLine, sendSignal, waitForExit } from './process-control';
import { pathExists } from './path-exists';
import { lastLines, runProcess } from './run-process';

/** Who started a broker decides who may stop it: a test run never stops one started by hand. */
export type BrokerStarter = 'command' | 'lease';

/** Contents of broker.json, written next to the pid file. */
interface BrokerInfo {
  readonly pid: number;
  readonly version: string;
  readonly port: number;
  readonly controllerPort: number;
  /** Absent in files written before listeners could be secured: plaintext. */
  readonly security?: LocalKafkaSecurity;
  readonly startedBy: BrokerStarter;
  readonly startedAt: string;
}

export interface BrokerStatus {
  /** The process is alive and answers a cluster description. */
  readonly running: boolean;
  readonly pid: number | null;
  readonly brokers: readonly string[];
  readonly version: string | null;
  readonly stateDir: string;
  readonly detail: string;
}

export interface StartResult {
  readonly brokers: readonly string[];
  readonly pid: number;
  readonly version: string;
  readonly stateDir: string;
  /** A broker from this state dir was already running and answering; nothing was started. */
  readonly reused: boolean;
  /** Maven ran because the jar cache for this version was not complete. */
  readonly jarsFetched: boolean;
  readonly elapsedMs: number;
}

export interface StopResult {
  readonly wasRunning: boolean;
  readonly pid: number | null;
  /** SIGTERM did not end it within the deadline, so it was killed. */
  readonly forced: boolean;
  readonly detail: string;
}

export interface LocalKafkaBrokerOptions {
  readonly config: LocalKafkaConfig;
  /** Relative state dirs, the Maven pom and the jar cache are found from here. */
  readonly repoRoot: string;
  /** Human-readable progress (fetching jars, stale pid files); silent when absent. */
  readonly onProgress?: (message: string) => void;
}

type Inspection =
  | { readonly kind: 'none' }
  | { readonly kind: 'stale'; readonly pid: number; readonly why: string }
  | { readonly kind: 'alive'; readonly pid: number; readonly info: BrokerInfo | null };

/** Kafka's controlled shutdown of one combined node takes a few seconds; past this it is stuck. */
const STOP_GRACE_MS = 30_000;
const KILL_GRACE_MS = 10_000;
/** Jar fetch (first run) plus the start itself is what another process may wait for. */
const LOCK_TIMEOUT_EXTRA_MS = 15 * 60_000;
const PROBE_TIMEOUT_MS = 2_000;
const WARM_UP_TIMEOUT_MS = 15_000;
const LOG_TAIL_LINES = 40;

/**
 * A single-node KRaft broker run from Maven Central jars, for local development and the
 * integration tests. It outlives the process that started it (detached, pid file in the state
 * dir), so `start` twice leaves one broker and `stop` works from any later process. Every
 * mutation holds a lock file, because developers and test runs share one working tree.
 */
export class LocalKafkaBroker {
  private readonly config: LocalKafkaConfig;
  private readonly repoRoot: string;
  private readonly layout: BrokerLayout;
  private readonly progress: (message: string) => void;

  constructor(options: LocalKafkaBrokerOptions) {
    this.config = options.config;
    this.repoRoot = options.repoRoot;
    this.layout = brokerLayout(resolve(options.repoRoot, options.config.stateDir), options.config.version);
    this.progress = options.onProgress ?? (() => undefined);
  }

  get brokers(): readonly string[] {
    return [`127.0.0.1:${this.config.port}`];
  }

  get stateDir(): string {
    return this.layout.stateDir;
  }

  /** Starts the broker, or reuses the one already running from this state dir. */
  start(): Promise<StartResult> {
    return this.locked(() => this.startUnlocked('command'));
  }

  /** Stops the broker running from this state dir, whoever started it. */
  stop(): Promise<StopResult> {
    return this.locked(() => this.stopUnlocked());
  }

  /**
   * Starts or reuses the broker on behalf of a process (a test run) and records that the
   * process uses it. Pair with `release(holderPid)`.
   */
  acquire(holderPid: number): Promise<StartResult> {
    return this.locked(async () => {
      const result = await this.startUnlocked('lease');
      await mkdir(this.layout.leasesDir, { recursive: true });
      await writeFile(join(this.layout.leasesDir, String(holderPid)), `${new Date().toISOString()}\n`);
      return result;
    });
  }

  /**
   * Drops the process's lease. The last user of a broker that leases started stops it; a broker
   * someone started with `start()` is left running, and so is one other live processes still use.
   */
  release(holderPid: number): Promise<StopResult> {
    return this.locked(async () => {
      const lease = join(this.layout.leasesDir, String(holderPid));
      if (!(await pathExists(lease))) {
        return { wasRunning: false, pid: null, forced: false, detail: `process ${holderPid} held no lease` };
      }
      await rm(lease, { force: true });
      const others = await this.liveLeaseHolders();
      const found = await this.inspect(true);
      const pid = found.kind === 'alive' ? found.pid : null;
      if (others.length > 0) {
        return {
          wasRunning: pid !== null,
          pid,
          forced: false,
          detail: `still used by processes ${others.join(', ')}`,
        };
      }
      if (found.kind === 'alive' && found.info?.startedBy !== 'lease') {
        return { wasRunning: true, pid, forced: false, detail: 'started by hand; left running' };
      }
      return this.stopUnlocked();
    });
  }

  /** Read-only: never cleans up, so it is safe next to a start in progress. */
  async status(): Promise<BrokerStatus> {
    const found = await this.inspect(false);
    const stateDir = this.layout.stateDir;
    switch (found.kind) {
      case 'none':
        return {
          running: false,
          pid: null,
          brokers: this.brokers,
          version: null,
          stateDir,
          detail: 'not running',
        };
      case 'stale':
        return {
          running: false,
          pid: null,
          brokers: this.brokers,
          version: null,
          stateDir,
          detail: `stale pid file: ${found.why}`,
        };
      case 'alive': {
        const brokers = found.info ? [`127.0.0.1:${found.info.port}`] : this.brokers;
        const security = await this.clientSecurity(
          found.info ? (found.info.security ?? 'plaintext') : undefined,
        );
        const probe = await probeBroker(brokers, PROBE_TIMEOUT_MS, security);
        return {
          running: probe.answered,
          pid: found.pid,
          brokers,
          version: found.info?.version ?? null,
          stateDir,
          detail: probe.answered
            ? `running, cluster ${probe.clusterId}`
            : `process ${found.pid} is alive but does not answer on ${brokers.join(',')} (starting, or stuck: ${probe.reason})`,
        };
      }
      default:
        return assertNever(found);
    }
  }

  private locked<T>(work: () => Promise<T>): Promise<T> {
    return withFileLock(
      this.layout.lockFile,
      `the local Kafka broker in ${this.layout.stateDir}`,
      this.config.startTimeoutMs + LOCK_TIMEOUT_EXTRA_MS,
      work,
    );
  }

  private async startUnlocked(startedBy: BrokerStarter): Promise<StartResult> {
    const began = performance.now();
    await mkdir(this.layout.stateDir, { recursive: true });
    const found = await this.inspect(true);
    if (found.kind === 'alive') return this.reuse(found.pid, found.info, began);

    await this.requireFreePorts();
    await requireJava();
    const jars = await ensureKafkaJars({
      version: this.config.version,
      repoRoot: this.repoRoot,
      onProgress: this.progress,
    });
    await this.writeConfigFiles();
    await this.formatStorageOnce(jars.libsDir);
    const pid = await this.spawnDetached(jars.libsDir, startedBy);
    await this.waitUntilAnswering(pid, began);
    const warmUpFailure = await warmUpGroupCoordinator(
      this.brokers,
      WARM_UP_TIMEOUT_MS,
      await this.clientSecurity(),
    );
    if (warmUpFailure !== null) {
      // Not fatal: the broker answers, and consumers retry until the coordinator is ready.
      this.progress(`The group coordinator was not ready after ${WARM_UP_TIMEOUT_MS} ms (${warmUpFailure}).`);
    }
    return {
      brokers: this.brokers,
      pid,
      version: this.config.version,
      stateDir: this.layout.stateDir,
      reused: false,
      jarsFetched: jars.fetched,
      elapsedMs: Math.round(performance.now() - began),
    };
  }

  private async reuse(pid: number, info: BrokerInfo | null, began: number): Promise<StartResult> {
    if (info && (info.version !== this.config.version || info.port !== this.config.port)) {
      throw new LocalBrokerError(
        'version-mismatch',
        `a Kafka ${info.version} broker on port ${info.port} is already running from ${this.layout.stateDir} (pid ${pid}); ` +
          `stop it first (npm run kafka:stop) to run Kafka ${this.config.version} on port ${this.config.port}`,
      );
    }
    const runningSecurity = info?.security ?? 'plaintext';
    if (info && runningSecurity !== this.config.security) {
      throw new LocalBrokerError(
        'version-mismatch',
        `the broker running from ${this.layout.stateDir} (pid ${pid}) has a ${runningSecurity} listener; ` +
          `stop it first (npm run kafka:stop) to start it with KAFKA_LOCAL_SECURITY=${this.config.security}`,
      );
    }
    await this.waitUntilAnswering(pid, began, { killOnFailure: false });
    return {
      brokers: this.brokers,
      pid,
      version: this.config.version,
      stateDir: this.layout.stateDir,
      reused: true,
      jarsFetched: false,
      elapsedMs: Math.round(performance.now() - began),
    };
  }

  private async stopUnlocked(): Promise<StopResult> {
    const found = await this.inspect(true);
    if (found.kind === 'none') {
      return {
        wasRunning: false,
        pid: null,
        forced: false,
        detail: `no broker running from ${this.layout.stateDir}`,
      };
    }
    if (found.kind === 'stale') {
      return {
        wasRunning: false,
        pid: null,
        forced: false,
        detail: `removed a stale pid file: ${found.why}`,
      };
    }
    const forced = await this.terminate(found.pid);
    await this.forgetBroker();
    await rm(this.layout.leasesDir, { recursive: true, force: true });
    return {
      wasRunning: true,
      pid: found.pid,
      forced,
      detail: forced ? `killed after ${STOP_GRACE_MS} ms without a clean shutdown` : 'stopped cleanly',
    };
  }

  /** SIGTERM (Kafka shuts down in order), SIGKILL after a grace period. True when it had to kill. */
  private async terminate(pid: number): Promise<boolean> {
    sendSignal(pid, 'SIGTERM');
    if (await waitForExit(pid, STOP_GRACE_MS)) return false;
    this.progress(`Broker ${pid} did not stop within ${STOP_GRACE_MS} ms; killing it.`);
    sendSignal(pid, 'SIGKILL');
    await waitForExit(pid, KILL_GRACE_MS);
    return true;
  }

  /**
   * What the pid file says, checked against the process table. With `clean`, a stale pid file
   * (process gone, or the pid now belongs to something else) is removed and reported.
   */
  private async inspect(clean: boolean): Promise<Inspection> {
    const pid = await readPid(this.layout.pidFile);
    if (pid === null) return { kind: 'none' };
    let why: string | null = null;
    if (!(await isProcessAlive(pid))) {
      why = `process ${pid} is gone`;
    } else {
      const commandLine = await processCommandLine(pid);
      const isOurBroker =
        commandLine === null ||
        (commandLine.includes('kafka.Kafka') && commandLine.includes(this.layout.serverProperties));
      if (!isOurBroker) why = `pid ${pid} now belongs to another program`;
    }
    if (why === null) return { kind: 'alive', pid, info: await readInfo(this.layout.infoFile) };
    if (clean) {
      await this.forgetBroker();
      this.progress(`Removed stale pid file ${this.layout.pidFile}: ${why}.`);
    }
    return { kind: 'stale', pid, why };
  }

  private async forgetBroker(): Promise<void> {
    await rm(this.layout.pidFile, { force: true });
    await rm(this.layout.infoFile, { force: true });
  }

  private async liveLeaseHolders(): Promise<number[]> {
    let names: string[];
    try {
      names = await readdir(this.layout.leasesDir);
    } catch {
      return [];
    }
    const live: number[] = [];
    for (const name of names) {
      const pid = Number.parseInt(name, 10);
      if (Number.isInteger(pid) && (await isProcessAlive(pid))) live.push(pid);
      // A test run that crashed cannot release; its lease must not keep the broker forever.
      else await rm(join(this.layout.leasesDir, name), { force: true });
    }
    return live;
  }

  private async requireFreePorts(): Promise<void> {
    const ports = [
      { port: this.config.port, variable: 'KAFKA_LOCAL_PORT' },
      { port: this.config.controllerPort, variable: 'KAFKA_LOCAL_CONTROLLER_PORT' },
    ];
    for (const { port, variable } of ports) {
      if (!(await isPortFree(port))) {
        throw new LocalBrokerError(
          'port-in-use',
          `port ${port} on 127.0.0.1 is already in use by a process that is not the local Kafka broker of ${this.layout.stateDir}; ` +
            `stop that process (\`ss -ltnp 'sport = :${port}'\` names it) or choose another port with ${variable}`,
        );
      }
    }
  }

  private async writeConfigFiles(): Promise<void> {
    await mkdir(this.layout.dataDir, { recursive: true });
    await mkdir(this.layout.javaLogDir, { recursive: true });
    const tls =
      this.config.security === 'sasl_ssl' ? await ensureTlsFiles(this.layout, this.progress) : undefined;
    // Holds the SCRAM password and the keystore password when the listener is secured: owner only.
    await rm(this.layout.serverProperties, { force: true });
    await writeFile(
      this.layout.serverProperties,
      renderServerProperties({
        version: this.config.version,
        port: this.config.port,
        controllerPort: this.config.controllerPort,
        dataDir: this.layout.dataDir,
        security: this.config.security,
        sasl: this.config.sasl,
        tls,
      }),
      { mode: 0o600 },
    );
    await writeFile(this.layout.logConfig, renderLogConfig(this.config.version));
  }

  /** Formatting costs a JVM start, so it runs only while the data dir has no meta.properties. */
  private async formatStorageOnce(libsDir: string): Promise<void> {
    const scram = this.scramMarker();
    if (await pathExists(this.layout.formattedMarker)) {
      await this.checkScramUser(scram);
      return;
    }
    const clusterId = newClusterId(randomBytes);
    const args = javaArguments({
      version: this.config.version,
      libsDir,
      layout: this.layout,
      mainClass: 'kafka.tools.StorageTool',
      args: formatStorageArguments(clusterId, this.layout.serverProperties, this.config.sasl),
    });
    const outcome = await runProcess('java', args, { cwd: this.layout.stateDir });
    if (outcome === null || outcome.exitCode !== 0) {
      throw new LocalBrokerError(
        'format-failed',
        `formatting the KRaft storage in ${this.layout.dataDir} failed (exit ${String(outcome?.exitCode)}):\n${this.redact(lastLines(outcome?.output ?? '', LOG_TAIL_LINES))}`,
      );
    }
    if (scram !== null)
      await writeFile(this.layout.scramMarker, `${JSON.stringify(scram)}\n`, { mode: 0o600 });
  }

  /** Who the data dir was formatted with, as stored next to it: a user name and a password hash. */
  private scramMarker(): { username: string; passwordSha256: string } | null {
    const sasl = this.config.sasl;
    if (!sasl) return null;
    return {
      username: sasl.username,
      passwordSha256: createHash('sha256').update(sasl.password).digest('hex'),
    };
  }

  /**
   * SCRAM users live in the KRaft metadata written at format time, so a data dir formatted for
   * another user (or without one) would refuse every login. Say so instead of starting it.
   */
  private async checkScramUser(wanted: { username: string; passwordSha256: string } | null): Promise<void> {
    if (wanted === null) return;
    const stored = await readFile(this.layout.scramMarker, 'utf8').then(
      (text) => JSON.parse(text) as { username?: string; passwordSha256?: string },
      () => null,
    );
    if (stored?.username === wanted.username && stored.passwordSha256 === wanted.passwordSha256) return;
    throw new LocalBrokerError(
      'format-failed',
      `the broker data in ${this.layout.dataDir} was formatted ${stored ? `for SCRAM user "${stored.username ?? ''}" with another password` : 'without this SCRAM user'}; ` +
        `SCRAM users are created when the storage is formatted, so stop the broker and delete ${this.layout.dataDir} (its topics are lost) or use another KAFKA_LOCAL_STATE_DIR`,
    );
  }

  /** Tool output may echo its arguments; the password never leaves this process. */
  private redact(text: string): string {
    const password = this.config.sasl?.password;
    return password ? text.split(password).join('***') : text;
  }

  /**
   * kafkajs options the manager's own probes connect with to a broker whose listener is
   * `security` (the running broker's, as its info file says, or this configuration's). Not
   * kafkaSecurityOptions: this module loads in jest's global setup, where the path aliases that
   * module imports through do not resolve.
   */
  private async clientSecurity(security = this.config.security): Promise<ProbeSecurity> {
    const sasl = this.config.sasl;
    if (security === 'plaintext' || !sasl) return {};
    return {
      sasl: { mechanism: 'scram-sha-256', username: sasl.username, password: sasl.password },
      ...(security === 'sasl_ssl' ? { ssl: { ca: [await readFile(this.layout.caFile)] } } : {}),
    };
  }

  /**
   * The broker runs in its own session (detached) with stdout and stderr in broker.log, so it
   * outlives the CLI or test process that started it and a Ctrl-C in that terminal does not reach it.
   */
  private async spawnDetached(libsDir: string, startedBy: BrokerStarter): Promise<number> {
    await rename(this.layout.brokerLog, this.layout.previousBrokerLog).catch(() => undefined);
    const logFd = openSync(this.layout.brokerLog, 'a');
    const args = javaArguments({
      version: this.config.version,
      libsDir,
      layout: this.layout,
      mainClass: 'kafka.Kafka',
      args: [this.layout.serverProperties],
    });
    const child = spawn('java', args, {
      cwd: this.layout.stateDir,
      detached: true,
      stdio: ['ignore', logFd, logFd],
    });
    closeSync(logFd);
    const pid = await new Promise<number>((resolveSpawn, rejectSpawn) => {
      child.once('spawn', () => resolveSpawn(child.pid ?? -1));
      child.once('error', rejectSpawn);
    });
    child.unref();
    const info: BrokerInfo = {
      pid,
      version: this.config.version,
      port: this.config.port,
      controllerPort: this.config.controllerPort,
      security: this.config.security,
      startedBy,
      startedAt: new Date().toISOString(),
    };
    await writeFile(this.layout.pidFile, `${pid}\n`);
    await writeFile(this.layout.infoFile, `${JSON.stringify(info, null, 2)}\n`);
    return pid;
  }

  /**
   * Polls a cluster description until it answers. A broker that exits or misses the deadline
   * fails the start with the tail of its log, and (if we started it) is not left behind.
   */
  private async waitUntilAnswering(
    pid: number,
    began: number,
    options: { readonly killOnFailure: boolean } = { killOnFailure: true },
  ): Promise<void> {
    const deadline = began + this.config.startTimeoutMs;
    let lastReason = 'no answer yet';
    const security = await this.clientSecurity();
    while (performance.now() < deadline) {
      if (!(await isProcessAlive(pid))) {
        await this.forgetBroker();
        throw new LocalBrokerError(
          'broker-exited',
          `the Kafka broker (pid ${pid}) exited during start-up. Last lines of ${this.layout.brokerLog}:\n${await this.logTail()}`,
        );
      }
      const probe = await probeBroker(this.brokers, PROBE_TIMEOUT_MS, security);
      if (probe.answered) return;
      lastReason = probe.reason;
      await sleep(250);
    }
    if (options.killOnFailure) {
      await this.terminate(pid);
      await this.forgetBroker();
    }
    throw new LocalBrokerError(
      options.killOnFailure ? 'start-timeout' : 'not-answering',
      `the Kafka broker (pid ${pid}) did not answer on ${this.brokers.join(',')} within ${this.config.startTimeoutMs} ms ` +
        `(last: ${lastReason})${options.killOnFailure ? '; it was stopped' : '; stop it with `npm run kafka:stop`'}. ` +
        `Last lines of ${this.layout.brokerLog}:\n${await this.logTail()}`,
    );
  }

  private async logTail(): Promise<string> {
    try {
      return this.redact(lastLines(await readFile(this.layout.brokerLog, 'utf8'), LOG_TAIL_LINES));
    } catch {
      return '(no log written)';
    }
  }
}

async function readPid(pidFile: string): Promise<number | null> {
  try {
    const pid = Number.parseInt(await readFile(pidFile, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

async function readInfo(infoFile: string): Promise<BrokerInfo | null> {
  try {
    return JSON.parse(await readFile(infoFile, 'utf8')) as BrokerInfo;
  } catch {
    return null;
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}
