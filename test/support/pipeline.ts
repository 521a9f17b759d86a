import type { Consumer, Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { TOPICS } from '@crescent/contracts';
import { openTestDataSource } from './database';
import { type KafkaTestKit, type SeenMessage, toSeenMessage, uniqueName } from './kafka';

/** Collects every message of the given (prefixed) topics from the beginning, for assertions. */
export class TopicRecorder {
  readonly messages: SeenMessage[] = [];
  private consumer?: Consumer;

  constructor(
    private readonly kit: KafkaTestKit,
    private readonly topics: readonly string[],
  ) {}

  async start(): Promise<this> {
    this.consumer = await this.kit.consumer({ groupId: uniqueName('recorder') });
    await this.consumer.subscribe({ topics: [...this.topics], fromBeginning: true });
    await this.consumer.run({
      eachMessage: (payload) => {
        this.messages.push(toSeenMessage(payload));
        return Promise.resolve();
      },
    });
    return this;
  }

  on(topic: string): SeenMessage[] {
    return this.messages.filter((m) => m.topic === topic);
  }

  json<T>(topic: string): T[] {
    return this.on(topic).map((m) => JSON.parse(m.value ?? 'null') as T);
  }
}

/** Names of one isolated pipeline's topics. */
export function topicsFor(prefix: string): { [K in keyof typeof TOPICS]: string } {
  return {
    rawEvents: prefix + TOPICS.rawEvents,
    deadLetter: prefix + TOPICS.deadLetter,
    assetImpacts: prefix + TOPICS.assetImpacts,
    riskScores: prefix + TOPICS.riskScores,
    nationalRisk: prefix + TOPICS.nationalRisk,
    alerts: prefix + TOPICS.alerts,
  };
}

export async function produceRaw(
  producer: Producer,
  topic: string,
  values: ReadonlyArray<string | Buffer>,
): Promise<void> {
  await producer.send({ topic, messages: values.map((value) => ({ value })) });
}

/** A read connection to one test's database. */
export async function openDb(url: string): Promise<DataSource> {
  return openTestDataSource(url);
}

export interface StoredState {
  readonly assetId: string;
  readonly impactCount: number;
  readonly contributions: unknown[];
  readonly outages: unknown[];
}

export async function storedStates(ds: DataSource): Promise<Map<string, StoredState>> {
  const rows: Array<{ asset_id: string; state: Record<string, unknown> }> = await ds.query(
    `SELECT asset_id, state FROM asset_state WHERE asset_id <> 'LY' AND state ? 'contributions' ORDER BY asset_id`,
  );
  return new Map(
    rows.map((r) => [
      r.asset_id,
      {
        assetId: r.asset_id,
        impactCount: Number(r.state.impactCount ?? 0),
        contributions: (r.state.contributions as unknown[]) ?? [],
        outages: (r.state.outages as unknown[]) ?? [],
      },
    ]),
  );
}
