import { teardownKafka } from './kafka';

export default async function globalTeardown(): Promise<void> {
  await teardownKafka();
}
