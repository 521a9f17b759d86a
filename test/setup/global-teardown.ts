import { teardownDatabase } from './database';
import { teardownKafka } from './kafka';

export default async function globalTeardown(): Promise<void> {
  await teardownKafka();
  await teardownDatabase();
}
