import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withFileLock } from './file-lock';
import { isLog4j2 } from './broker-files';
import { LocalBrokerError } from './local-broker.error';
import { pathExists } from './path-exists';
import { lastLines, runProcess } from './run-process';

export const JAVA_INSTALL_HINT = 'apt-get install openjdk-17-jre-headless';
export const MAVEN_INSTALL_HINT = 'apt-get install maven';

/** Pinned because Maven 3.8.7 would otherwise pick its default maven-dependency-plugin 2.8. */
const COPY_DEPENDENCIES = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies';

/** A cold fetch downloads ~40 jars (~35 MB); a slow mirror day can take minutes. */
const FETCH_LOCK_TIMEOUT_MS = 15 * 60_000;

/**
 * `java -version` prints e.g. `openjdk version "17.0.15" 2025-04-15`, `openjdk version "21"`
 * or, before Java 9, `java version "1.8.0_392"`. Returns the feature release (17, 21, 8).
 */
export function parseJavaMajorVersion(versionOutput: string): number | null {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return null;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

/** Kafka 4.x brokers need Java 17+; 3.9 would run on 11, but one rule is simpler to state. */
export async function requireJava(): Promise<number> {
  const outcome = await runProcess('java', ['-version']);
  if (outcome === null) {
    throw new LocalBrokerError(
      'java-missing',
      `Java 17 or newer is needed to run the local Kafka broker, and \`java\` is not on PATH. Install it: ${JAVA_INSTALL_HINT}`,
    );
  }
  const major = parseJavaMajorVersion(outcome.output);
  if (major === null || major < 17) {
    throw new LocalBrokerError(
      'java-too-old',
      `Java 17 or newer is needed to run the local Kafka broker; \`java -version\` says: ${lastLines(outcome.output, 3)}. Install it: ${JAVA_INSTALL_HINT}`,
    );
  }
  return major;
}

export interface KafkaJars {
  readonly libsDir: string;
  /** False when the cache was already complete and Maven was not run. */
  readonly fetched: boolean;
}

export interface EnsureJarsOptions {
  readonly version: string;
  readonly repoRoot: string;
  readonly onProgress?: (message: string) => void;
}

/** Folder of one Kafka version's cached jars (git-ignored). */
export function kafkaCacheDir(repoRoot: string, version: string): string {
  return join(repoRoot, '.cache', 'kafka', version);
}

/**
 * Makes sure `.cache/kafka/<version>/libs` holds the broker and its logging backend. Maven
 * runs only when the completion marker is missing: the marker is written after a successful
 * copy, so an interrupted fetch is redone rather than trusted.
 */
export async function ensureKafkaJars(options: EnsureJarsOptions): Promise<KafkaJars> {
  const cacheDir = kafkaCacheDir(options.repoRoot, options.version);
  const libsDir = join(cacheDir, 'libs');
  const marker = join(cacheDir, 'complete.json');
  if (await pathExists(marker)) return { libsDir, fetched: false };

  return withFileLock(
    `${cacheDir}.lock`,
    `the Kafka ${options.version} jars`,
    FETCH_LOCK_TIMEOUT_MS,
    async () => {
      // Another process may have completed the fetch while we waited for the lock.
      if (await pathExists(marker)) return { libsDir, fetched: false };
      options.onProgress?.(
        `Fetching Apache Kafka ${options.version} jars with Maven into ${libsDir} (first run only)…`,
      );
      await rm(libsDir, { recursive: true, force: true });
      const args = [
        '-B',
        '-q',
        // Plain text: the output is quoted in error messages.
        '-Dstyle.color=never',
        '-f',
        join(options.repoRoot, 'tools', 'kafka', 'pom.xml'),
        `-Dkafka.version=${options.version}`,
        `-Dkafka.libs.dir=${libsDir}`,
        // Maven 3.8 profiles cannot match a version range, so the logging backend is chosen here.
        ...(isLog4j2(options.version) ? [] : ['-Dkafka.logging=reload4j']),
        COPY_DEPENDENCIES,
        '-DincludeScope=runtime',
      ];
      const outcome = await runProcess('mvn', args, { cwd: options.repoRoot });
      if (outcome === null || outcome.exitCode !== 0) await rm(cacheDir, { recursive: true, force: true });
      if (outcome === null) {
        throw new LocalBrokerError(
          'maven-missing',
          `Maven is needed once to fetch the Kafka ${options.version} jars, and \`mvn\` is not on PATH. Install it: ${MAVEN_INSTALL_HINT}`,
        );
      }
      const coreJar = `kafka_2.13-${options.version}.jar`;
      const jars = outcome.exitCode === 0 ? await listJars(libsDir) : [];
      if (!jars.includes(coreJar)) {
        throw new LocalBrokerError(
          'jar-fetch-failed',
          `Maven could not fetch Apache Kafka ${options.version} (exit ${String(outcome.exitCode)}; is it a released version of org.apache.kafka:kafka_2.13?). Maven said:\n${lastLines(outcome.output, 25)}`,
        );
      }
      await writeFile(marker, `${JSON.stringify({ version: options.version, jars }, null, 2)}\n`);
      return { libsDir, fetched: true };
    },
  );
}

async function listJars(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => name.endsWith('.jar')).sort();
  } catch {
    return [];
  }
}
