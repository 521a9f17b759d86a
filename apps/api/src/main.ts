import 'reflect-metadata';
import { loadAppConfigOrExit, startHttpApp } from '@crescent/runtime';
import { apiConfigSchema } from '@crescent/config';
import { ApiModule } from './api.module';
import { configureApiHttp } from './api-http';
import { allowCorsOrigins } from './http/cors';

async function bootstrap(): Promise<void> {
  const config = loadAppConfigOrExit('api', apiConfigSchema, process.env);
  await startHttpApp(
    ApiModule.forRoot(config),
    {
      host: config.HTTP_HOST,
      port: config.HTTP_PORT,
      shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    },
    (app) => {
      allowCorsOrigins(app, config.API_CORS_ORIGINS);
      return configureApiHttp(app);
    },
  );
}

void bootstrap();
