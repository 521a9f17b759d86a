import { createReadStream } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Partitioners } from 'kafkajs';
import { TOPICS } from '@crescent/contracts';
import { kafkaSchema, loadConfig } from '@crescent/config';
import { createKafka, describeKafkaConnectFailure, ensureTopics, LARGE_VALUES } from '@crescent/kafka';
import { READ_CHUNK_BYTES, Utf8LineSplitter, type LineHandler } from '../backtest/line-splitter';
import { RawMessageReader, type RawMessage } from '../replay/raw-messages';
import type { CliCommand, CliIo } from './command';

const USAGE = `usage: crescent replay --input FILE [--input FILE ...] [--speed N] [--max-gap SECONDS]

Publishes every item of event files (JSONL of any kind, GDELT 2.0 exports, ACLED CSV) to
geo.events.raw.v1 on KAFKA_BROKERS, in file order.
  --speed N        pace by the events' knownAt: N event-seconds per wall second
                   (e.g. 86400 = a day per second); default: as fast as possible
  --max-gap S      with --speed, never wait more than S seconds between two events (default 5)`;

interface ReplayOptions {
  readonly inputs: string[];
  readonly speed?: number;
  readonly maxGapMs: number;
}

function parseArgs(args: readonly string[]): ReplayOptions | string {
  const inputs: string[] = [];
  let speed: number | undefined;
  let maxGapMs = 5_000;
  for (let i = 0; i < args.length; i++) {
    const value = args[i + 1];
    const flag: string = args[i] ?? '';
    switch (flag) {
      case '--input':
        if (!value) return '--input needs a file';
        inputs.push(value);
        i++;
        break;
      case '--speed':
        speed = Number(value);
        if (!Number.isFinite(speed) || speed <= 0) return '--speed must be a positive number';
        i++;
        break;
      case '--max-gap':
        maxGapMs = Number(value) * 1000;
        if (!Number.isFinite(maxGapMs) || maxGapMs < 0) return '--max-gap must be seconds >= 0';
        i++;
        break;
      default:
        return `unknown option ${flag}`;
    }
  }
  if (inputs.length === 0) return 'at least one --input FILE is required';
  return speed === undefined ? { inputs, maxGapMs } : { inputs, speed, maxGapMs };
}

/** The raw-topic messages of `files`, in order: their lines as the backtest cuts them (Utf8LineSplitter). */
async function* messages(files: readonly string[]): AsyncGenerator<RawMessage> {
  for (const file of files) {
    const reader = new RawMessageReader();
    const lines = new Utf8LineSplitter();
    let out: RawMessage[] = [];
    const onLine: LineHandler = (text, notUtf8, bytes) => {
      for (const m of notUtf8 === true && bytes !== undefined
        ? reader.pushBytes(text, bytes)
        : reader.push(text))
        out.push(m);
    };
    for await (const chunk of createReadStream(file, { highWaterMark: READ_CHUNK_BYTES })) {
      lines.push(chunk as Buffer, onLine);
      yield* out;
      out = [];
    }
    lines.end(onLine);
    yield* out;
  }
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const options = parseArgs(args);
  if (typeof options === 'string') {
    io.stderr.write(`crescent replay: ${options}\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(kafkaSchema, io.env);
  const kafka = createKafka(config, 'replay');
  const admin = kafka.admin();
  try {
    await admin.connect();
    await ensureTopics(
      admin,
      [{ topic: TOPICS.rawEvents, partitions: 6, configEntries: LARGE_VALUES }],
      config.KAFKA_TOPIC_PREFIX,
    );
  } catch (error) {
    // A refused login or a listener that wants one: say so (never with the password).
    io.stderr.write(`crescent replay: ${describeKafkaConnectFailure(config, error)}\n`);
    return 1;
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
  await producer.connect();
  const topic = config.KAFKA_TOPIC_PREFIX + TOPICS.rawEvents;
  let sent = 0;
  let lastKnownAt: number | undefined;
  let batch: { value: string | Buffer }[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await producer.send({ topic, messages: batch, acks: -1 });
    sent += batch.length;
    batch = [];
  };
  try {
    for await (const m of messages(options.inputs)) {
      if (options.speed !== undefined && m.knownAtMs !== undefined) {
        if (lastKnownAt !== undefined && m.knownAtMs > lastKnownAt) {
          await flush();
          await sleep(Math.min(options.maxGapMs, (m.knownAtMs - lastKnownAt) / options.speed));
        }
        lastKnownAt = Math.max(lastKnownAt ?? m.knownAtMs, m.knownAtMs);
      }
      batch.push({ value: m.value });
      if (batch.length >= 500) await flush();
    }
    await flush();
  } finally {
    await producer.disconnect();
  }
  io.stdout.write(`${JSON.stringify({ topic, sent })}\n`);
  return 0;
}

export const replayCommand: CliCommand = {
  name: 'replay',
  summary: 'publish event files to geo.events.raw.v1, optionally paced by event time',
  usage: USAGE,
  run,
};
