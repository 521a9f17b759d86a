import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import {
  APP_NODE_ARGS,
  apiConfigSchema,
  ingestorConfigSchema,
  loadConfig,
  scorerConfigSchema,
} from '@crescent/config';

// There is no Docker engine on the build machines, so what can be checked without one is:
// the compose file parses, every app's environment passes its config validation, and the
// image is built and started the way the README says.

const root = resolve(__dirname, '..', '..');
interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(readFileSync(resolve(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const SCHEMAS = { api: apiConfigSchema, ingestor: ingestorConfigSchema, scorer: scorerConfigSchema } as const;

function env(service: Service): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)]));
}

describe('docker-compose.yml', () => {
  it('runs Kafka from the official apache/kafka image in KRaft mode and PostgreSQL 16, both with health checks', () => {
    expect(compose.services.kafka?.image).toMatch(/^apache\/kafka:4\./);
    expect(env(compose.services.kafka!)).toMatchObject({ KAFKA_PROCESS_ROLES: 'broker,controller' });
    expect(compose.services.postgres?.image).toBe('postgres:16');
    for (const name of ['kafka', 'postgres', 'api', 'ingestor', 'scorer']) {
      expect(compose.services[name]?.healthcheck?.test.length).toBeGreaterThan(0);
    }
  });

  it.each(Object.keys(SCHEMAS) as Array<keyof typeof SCHEMAS>)(
    "the %s service's environment passes the app's own config validation",
    (app) => {
      const service = compose.services[app]!;
      const config = loadConfig(SCHEMAS[app], env(service));
      expect(config.DATABASE_URL).toMatch(/@postgres:5432\//);
      expect(config.HTTP_HOST).toBe('0.0.0.0');
      if ('KAFKA_BROKERS' in config) expect(config.KAFKA_BROKERS).toEqual(['kafka:9092']);
    },
  );

  it('every app starts from the build output of its own entry point, after the migrations ran', () => {
    for (const app of Object.keys(SCHEMAS)) {
      const service = compose.services[app]!;
      expect(service.command).toEqual(['node', ...APP_NODE_ARGS, `dist/apps/${app}/src/main.js`]);
      expect(existsSync(resolve(root, `apps/${app}/src/main.ts`))).toBe(true);
      expect(service.depends_on?.migrate?.condition).toBe('service_completed_successfully');
    }
    expect(compose.services.migrate?.command).toEqual(['node', 'dist/apps/cli/src/main.js', 'db', 'migrate']);
  });

  it('every way of starting an app gives it the same heap budget (APP_NODE_ARGS)', () => {
    const dockerfile = readFileSync(resolve(root, 'Dockerfile'), 'utf8');
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(JSON.parse(cmd ?? '[]')).toEqual(['node', ...APP_NODE_ARGS, 'dist/apps/api/src/main.js']);
    const scripts = (
      JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    for (const app of Object.keys(SCHEMAS)) {
      expect(scripts[`start:${app}`]).toBe(
        ['node', ...APP_NODE_ARGS, 'scripts/run-ts.cjs', `apps/${app}/src/main.ts`].join(' '),
      );
    }
  });

  it('the Dockerfile builds the way the README does: npm ci, then npm run build', () => {
    const dockerfile = readFileSync(resolve(root, 'Dockerfile'), 'utf8');
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    expect(dockerfile).toMatch(/RUN npm ci\b/);
    expect(dockerfile).toMatch(/RUN npm run build\b/);
    expect(readme).toContain('npm run build');
    expect(readme).toContain('npm ci');
  });

  it('the image holds the data the built CLI reads beside its package.json (bundled history and outages)', () => {
    const dockerfile = readFileSync(resolve(root, 'Dockerfile'), 'utf8');
    const final = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(final).toMatch(/^COPY package\.json \.\/$/m);
    expect(final).toMatch(/^COPY data \.\/data$/m);
  });
});
