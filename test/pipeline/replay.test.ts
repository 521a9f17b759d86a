import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { KafkaTestKit, uniqueName } from '../support/kafka';
import { readWholeTopic } from '../support/replay';

const run = promisify(execFile);
const root = resolve(__dirname, '..', '..');
const HISTORY = 'data/history/libya-2020.jsonl';

describe('crescent replay', () => {
  const kit = new KafkaTestKit();
  afterAll(() => kit.disconnectAll());

  it('publishes every item of the bundled 2020 history to the raw topic, byte for byte', async () => {
    const prefix = `${uniqueName('replay')}.`;
    const { stdout } = await run(
      process.execPath,
      ['scripts/run-ts.cjs', 'apps/cli/src/main.ts', 'replay', '--input', HISTORY],
      { cwd: root, env: { ...process.env, KAFKA_TOPIC_PREFIX: prefix } },
    );
    const lines = readFileSync(resolve(root, HISTORY), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    expect(JSON.parse(stdout)).toEqual({ topic: `${prefix}geo.events.raw.v1`, sent: lines.length });
    const published = await readWholeTopic(kit, `${prefix}geo.events.raw.v1`);
    expect(published.map((m) => m.value).sort()).toEqual(lines.map((l) => l.trim()).sort());
  });
});
