// Integration tier global setup: a real Kafka broker and a fresh PostgreSQL database
// per run. Each part records what it started so global-teardown stops only that.
import { setupDatabase } from './database';
import { setupKafka } from './kafka';

export default async function globalSetup(): Promise<void> {
  await setupDatabase();
  await setupKafka();
}
