import { createServer } from 'node:net';
import { Kafka, type KafkaConfig, logLevel } from 'kafkajs';

/** TLS and SASL options of the probe's client, when the listener is secured. */
export type ProbeSecurity = Pick<KafkaConfig, 'ssl' | 'sasl'>;

export type ProbeResult =
  | { readonly answered: true; readonly clusterId: string }
  | { readonly answered: false; readonly reason: string };

/**
 * Asks the broker for its cluster description with a throwaway admin client. Answering this
 * means the broker has registered with its controller and serves metadata, which is what
 * every client needs first; the process merely listening is not enough.
 */
export async function probeBroker(
  brokers: readonly string[],
  timeoutMs: number,
  security: ProbeSecurity = {},
): Promise<ProbeResult> {
  const kafka = new Kafka({
    ...security,
    clientId: 'crescent-local-broker-probe',
    brokers: [...brokers],
    connectionTimeout: Math.min(timeoutMs, 3_000),
    requestTimeout: timeoutMs,
    // The caller polls; kafkajs' own retries would only stretch each probe past its deadline.
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return { answered: true, clusterId: cluster.clusterId };
  } catch (error) {
    return { answered: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Makes the broker create and load its consumer-offsets topic by describing a group. On a
 * freshly formatted broker the first JoinGroup otherwise meets "the coordinator is loading",
 * which kafkajs answers by crashing and restarting the consumer. Returns why it failed, or null.
 */
export async function warmUpGroupCoordinator(
  brokers: readonly string[],
  timeoutMs: number,
  security: ProbeSecurity = {},
): Promise<string | null> {
  const kafka = new Kafka({
    ...security,
    clientId: 'crescent-local-broker-probe',
    brokers: [...brokers],
    requestTimeout: timeoutMs,
    // kafkajs retries "coordinator not available / loading" with backoff; bound the total.
    retry: { maxRetryTime: timeoutMs, retries: 20 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.describeGroups(['crescent-local-broker-warm-up']);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** True when nothing listens on host:port (we could bind it ourselves). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(false);
      else reject(error);
    });
    server.listen({ port, host, exclusive: true }, () => {
      server.close(() => resolve(true));
    });
  });
}
