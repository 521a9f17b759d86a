import 'reflect-metadata';
import { loadAppConfigOrExit, startHttpApp } from '@crescent/runtime';
import { ingestorConfigSchema } from './ingestor.config';
import { IngestorModule } from './ingestor.module';

async function bootstrap(): Promise<void> {
  const config = loadAppConfigOrExit('ingestor', ingestorConfigSchema, process.env);
  await startHttpApp(IngestorModule.forRoot(config), {
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  });
}

void bootstrap();
