import 'reflect-metadata';
import { loadAppConfigOrExit, startHttpApp } from '@crescent/runtime';
import { scorerConfigSchema } from './scorer.config';
import { ScorerModule } from './scorer.module';

async function bootstrap(): Promise<void> {
  const config = loadAppConfigOrExit('scorer', scorerConfigSchema, process.env);
  await startHttpApp(ScorerModule.forRoot(config), {
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  });
}

void bootstrap();
