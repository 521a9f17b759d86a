// Integration tier global setup: a real Kafka broker and a fresh PostgreSQL database
// per run. Each part records what it started so global-teardown stops only that.
export default async function globalSetup(): Promise<void> {
  // Filled in by the Kafka and database setup modules.
}
