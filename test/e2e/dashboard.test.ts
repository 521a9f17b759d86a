import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { LIBYA_REGISTRY } from '@crescent/domain';
import { ApiKeyRepository, ScorerStateRepository, type ScoreRow } from '@crescent/persistence';
import { cspDirectives } from '../../apps/api/src/http/security-headers';
import { MAX_STREAMS_PER_KEY } from '../../apps/api/src/risk/risk-stream.service';
import { type AppProcess, createMigratedDatabase, startApp } from '../support/apps';
import { openTestDataSource } from '../support/database';
import { eventually } from '../support/eventually';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = resolve(__dirname, '..', '..', '.cache', 'test-output', 'dashboard.png');
/** A name other than localhost for the api, resolved by the browser only (see the launch args). */
const OTHER_HOST = 'crescent.test';

let db: { url: string; drop: () => Promise<void> };
let ds: DataSource;
let api: AppProcess;
let browser: Browser;
let page: Page;
let key: string;
const scorer = new ScorerStateRepository();
const keys = new ApiKeyRepository();

function score(assetId: string, seq: number, asOf: string, value: number, status: string): ScoreRow {
  return {
    assetId,
    seq,
    asOf,
    score: value,
    pDisruption: value / 100,
    expectedLossKbd: assetId === 'LY' ? value * 12 : value * 3,
    baselineKbd: assetId === 'LY' ? 1220 : 300,
    status,
    drivers:
      assetId === 'LY'
        ? []
        : [
            {
              eventId: 'ev-es-sider-blockade',
              eventType: 'blockade',
              assetId,
              channel: 'direct',
              share: 0.8,
            },
          ],
    detail:
      assetId === 'LY'
        ? { p10Kbd: value * 6, p50Kbd: value * 11, p90Kbd: value * 18, lossShare: value / 100 }
        : null,
    modelVersion: 'test',
  };
}

/** A blockade event at Es Sider with its evidence and impact, stored as the ingestor stores it. */
async function seed(): Promise<void> {
  await ds.transaction(async (m) => {
    await m.query(
      `INSERT INTO events (id, source, kind, occurred_at, known_at, type, actors, primary_actor, location, assets,
                           severity, confidence, summary, evidence, raw_ref, content_hash)
       VALUES ($1, 'analyst', 'event', $2, $2, 'blockade', '["lna"]', 'lna', '{"name":"Es Sider"}', '["es-sider"]',
               0.9, 0.85, $3, $4, $1, $1)`,
      [
        'ev-es-sider-blockade',
        '2020-01-18T06:00:00Z',
        'Tribal groups close the Es Sider terminal gates',
        JSON.stringify([{ rule: 'blockade', text: 'forces closed the port of Es Sider' }]),
      ],
    );
    await m.query(
      `INSERT INTO impacts (event_id, asset_id, event_type, channel, intensity, at, outage, via, explanation)
       VALUES ('ev-es-sider-blockade', 'es-sider', 'blockade', 'direct', 0.9, '2020-01-18T06:00:00Z', 'start', NULL,
               'the blockade shuts Es Sider loadings')`,
    );
    await scorer.insertScores(m, [
      score('es-sider', 1, '2020-01-17T00:00:00Z', 12, 'normal'),
      score('es-sider', 2, '2020-01-18T06:00:00Z', 48, 'high'),
      score('es-sider', 3, '2020-01-18T12:00:00Z', 74, 'critical'),
      score('ras-lanuf', 1, '2020-01-18T12:00:00Z', 40, 'elevated'),
      score('sharara', 1, '2020-01-18T12:00:00Z', 8, 'normal'),
      score('LY', 1, '2020-01-17T00:00:00Z', 5, 'normal'),
      score('LY', 2, '2020-01-18T12:00:00Z', 22, 'elevated'),
    ]);
    await scorer.insertAlerts(m, [
      {
        assetId: 'es-sider',
        seq: 3,
        asOf: '2020-01-18T12:00:00Z',
        previousStatus: 'high',
        status: 'critical',
        score: 74,
        expectedLossKbd: 222,
        drivers: [],
        modelVersion: 'test',
      },
    ]);
  });
}

beforeAll(async () => {
  db = await createMigratedDatabase('dashboard');
  ds = await openTestDataSource(db.url);
  key = (await keys.create(ds.manager, 'risk desk', 'viewer')).key;
  await seed();
  api = await startApp('api', { DATABASE_URL: db.url, API_STREAM_POLL_MS: '200' }, 'dashboard-api');
  await api.ready();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--host-resolver-rules=MAP ${OTHER_HOST} 127.0.0.1`,
    ],
  });
  page = await browser.newPage({ viewport: { width: 1600, height: 960 } });
});

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await ds?.destroy();
  await db?.drop();
});

describe('the risk officer dashboard in a browser', () => {
  const outside: string[] = [];

  it('is served without a key, loads nothing from outside the api, and draws Libya and every asset', async () => {
    page.on('request', (request) => {
      if (!request.url().startsWith(api.url('/'))) outside.push(request.url());
    });
    const res = await page.goto(api.url(`/#key=${key}`));
    expect(res?.status()).toBe(200);
    const assets = page.locator('#map [data-asset-id]');
    await eventually(async () => expect(await assets.count()).toBe(LIBYA_REGISTRY.assets.length));
    expect(await page.locator('#map [data-country="Libya"]').count()).toBe(1);
    expect(await page.locator('#map [data-asset-id="es-sider"]').getAttribute('data-status')).toBe(
      'critical',
    );
    expect(await page.locator('#gauge').innerText()).toContain('264'); // 22 × 12 kb/d expected loss
    expect(await page.locator('#alert-list').innerText()).toContain('Es Sider');
    expect(await page.locator('#event-list').innerText()).toContain(
      'Tribal groups close the Es Sider terminal gates',
    );
    // The key came in the fragment and is not left in the address bar.
    expect(page.url()).not.toContain(key);
    expect(outside).toEqual([]);
  });

  it('clicking Es Sider shows its score history and the event that drives it', async () => {
    await page.locator('#map [data-asset-id="es-sider"]').click();
    const detail = page.locator('#asset-detail[data-asset="es-sider"]');
    await detail.waitFor();
    expect(await detail.getAttribute('data-status')).toBe('critical');
    expect(await page.locator('#asset-history circle[data-seq]').count()).toBe(3);
    const driver = page.locator('#drivers [data-event-id="ev-es-sider-blockade"]');
    const text = await driver.innerText();
    expect(text).toContain('80%');
    expect(text).toContain('Tribal groups close the Es Sider terminal gates');
    expect(text).toContain('the blockade shuts Es Sider loadings');
  });

  it('a new score arrives live: the map, the panel and the chart change without a reload', async () => {
    await page.locator('#live.on').waitFor();
    await page.evaluate(() => {
      (globalThis as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    await ds.transaction(async (m) => {
      await scorer.insertScores(m, [score('es-sider', 4, '2020-01-18T18:00:00Z', 93, 'disrupted')]);
    });
    await eventually(async () => {
      expect(await page.locator('#map [data-asset-id="es-sider"]').getAttribute('data-status')).toBe(
        'disrupted',
      );
      expect(await page.locator('#asset-detail').getAttribute('data-seq')).toBe('4');
      expect(await page.locator('#asset-history circle[data-seq]').count()).toBe(4);
    });
    expect(await page.locator('#asset-score').innerText()).toBe('93');
    expect(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    expect(outside).toEqual([]);

    mkdirSync(resolve(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    process.stdout.write(`dashboard screenshot: ${SCREENSHOT}\n`);
  });
});

/** A dashboard in its own browser context, with the page's clock faked, counting its /v1/stream requests. */
interface Dashboard {
  readonly page: Page;
  readonly context: BrowserContext;
  /** How many times the page has asked for /v1/stream so far. */
  streamRequests(): number;
}

async function openDashboard(
  apiKey: string,
  prepare?: (context: BrowserContext) => Promise<unknown>,
): Promise<Dashboard> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await prepare?.(context);
  const page = await context.newPage();
  // Time in the page moves on its own as well, but timers can be run ahead: minutes of retries in a moment.
  await page.clock.install();
  let streams = 0;
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/v1/stream') streams += 1;
  });
  await page.goto(api.url(`/#key=${apiKey}`));
  await page.locator('#map [data-asset-id]').first().waitFor();
  return { page, context, streamRequests: () => streams };
}

/** Runs the page's timers `minutes` ahead, in steps, so each retry the page schedules can happen. */
async function runPageClock(page: Page, minutes: number): Promise<void> {
  for (let ms = 0; ms < minutes * 60_000; ms += 10_000) await page.clock.runFor(10_000);
}

describe('the asset panel when the api fails a read', () => {
  it('an asset whose history the api fails to give says so in its panel, with no uncaught error in the page', async () => {
    const { page, context } = await openDashboard(key);
    const uncaught: string[] = [];
    page.on('pageerror', (error) => uncaught.push(error.message));
    try {
      // The api stays real; only the history read the selection makes is answered with a failure.
      await page.route('**/v1/scores/sharara/history**', (route) =>
        route.fulfill({
          status: 503,
          contentType: 'application/problem+json',
          body: JSON.stringify({
            type: 'about:blank',
            title: 'Service Unavailable',
            status: 503,
            detail: 'database down',
          }),
        }),
      );
      await page.locator('#map [data-asset-id="sharara"]').click();
      await eventually(async () =>
        expect(await page.locator('#asset-error').innerText()).toBe(
          'Could not load Sharara: /v1/scores/sharara/history?limit=500: database down',
        ),
      );
      // Another asset still loads once its reads succeed.
      await page.locator('#map [data-asset-id="es-sider"]').click();
      await page.locator('#asset-detail[data-asset="es-sider"]').waitFor();
      expect(uncaught).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('the dashboard when /v1/stream is refused or lost', () => {
  it('a key revoked while the page is open: the page says the key was refused and how to get another, and stops asking', async () => {
    const issued = await keys.create(ds.manager, 'desk to revoke', 'viewer');
    const { page, context, streamRequests } = await openDashboard(issued.key);
    try {
      await page.locator('#live.on').waitFor();
      expect(streamRequests()).toBe(1);
      await keys.revoke(ds.manager, issued.id);
      // The api ends the open stream at its next poll; the page's reconnect is refused (401).
      await eventually(async () => {
        await page.clock.runFor(1_000);
        expect(await page.locator('#error').innerText()).toContain('refused');
      });
      await runPageClock(page, 10);
      expect(streamRequests()).toBeLessThanOrEqual(2);
      const message = await page.locator('#error').innerText();
      expect(message).toContain('keys create');
      expect(message).toContain('npm start');
      expect(await page.locator('#live').innerText()).toBe('key refused');
      // A reload does not try the refused key again.
      expect(
        await page.evaluate(() =>
          (
            globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }
          ).sessionStorage.getItem('crescent.apiKey'),
        ),
      ).toBeNull();
    } finally {
      await context.close();
    }
  });

  it('a page opened with a revoked key says it was refused and never asks for the stream', async () => {
    const issued = await keys.create(ds.manager, 'desk revoked before', 'viewer');
    await keys.revoke(ds.manager, issued.id);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.clock.install();
      let streams = 0;
      page.on('request', (request) => {
        if (new URL(request.url()).pathname === '/v1/stream') streams += 1;
      });
      await page.goto(api.url(`/#key=${issued.key}`));
      await eventually(async () => expect(await page.locator('#error').innerText()).toContain('refused'));
      await runPageClock(page, 2);
      expect(streams).toBe(0);
      expect(await page.locator('#error').innerText()).toContain('keys create');
    } finally {
      await context.close();
    }
  });

  it(`with ${MAX_STREAMS_PER_KEY} streams already open on its key, the page waits as long as the api asks (429), says so, and goes live once one closes`, async () => {
    const issued = await keys.create(ds.manager, 'desk with many streams', 'viewer');
    const held = Array.from({ length: MAX_STREAMS_PER_KEY }, () => new AbortController());
    const opened = await Promise.all(
      held.map((abort) =>
        fetch(api.url('/v1/stream'), { headers: { 'x-api-key': issued.key }, signal: abort.signal }),
      ),
    );
    expect(opened.map((r) => r.status)).toEqual(held.map(() => 200));
    const { page, context, streamRequests } = await openDashboard(issued.key);
    try {
      await eventually(async () =>
        expect(await page.locator('#live').innerText()).toMatch(/^reconnecting in \d+ s$/),
      );
      expect(streamRequests()).toBe(1);
      // Half of the 60 s the api's Retry-After asks for: no second attempt yet.
      await page.clock.runFor(30_000);
      expect(streamRequests()).toBe(1);
      expect(await page.locator('#live').innerText()).toMatch(/^reconnecting in \d+ s$/);
      expect(await page.locator('#error').isHidden()).toBe(true);
      for (const abort of held) abort.abort();
      await eventually(async () => {
        await page.clock.runFor(5_000);
        expect(await page.locator('#live').innerText()).toBe('live');
      });
    } finally {
      for (const abort of held) abort.abort();
      await context.close();
    }
  });

  it('while the network fails the page retries with growing waits, shows when, and goes live when it is back', async () => {
    const { page, context, streamRequests } = await openDashboard(key, (c) =>
      c.route('**/v1/stream', (route) => route.abort('connectionrefused')),
    );
    try {
      await eventually(async () =>
        expect(await page.locator('#live').innerText()).toMatch(/^reconnecting in \d+ s$/),
      );
      await runPageClock(page, 5);
      // 2 s doubling to 60 s, each wait at least half its nominal: at most 14 attempts in five
      // minutes (retrying every 2 s would be 150), and still trying.
      expect(streamRequests()).toBeGreaterThanOrEqual(4);
      expect(streamRequests()).toBeLessThanOrEqual(14);
      // Between an attempt and its failure the badge says "connecting".
      await eventually(async () =>
        expect(await page.locator('#live').innerText()).toMatch(/^reconnecting in \d+ s$/),
      );
      await context.unrouteAll();
      await eventually(async () => {
        await page.clock.runFor(10_000);
        expect(await page.locator('#live').innerText()).toBe('live');
      });
    } finally {
      await context.close();
    }
  });
});

describe('the Content-Security-Policy of the pages the api serves', () => {
  /** Opens `path`, waits for `ready`, and returns the policy header and every CSP violation the page reported. */
  async function load(
    path: string,
    ready: (page: Page) => Promise<void>,
  ): Promise<{ csp: Map<string, string[]>; violations: string[] }> {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) violations.push(message.text());
      });
      await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
      await page.addInitScript({
        content: `document.addEventListener('securitypolicyviolation', (e) =>
          reportCspViolation(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));`,
      });
      const res = await page.goto(api.url(path));
      expect(res?.status()).toBe(200);
      await ready(page);
      return { csp: cspDirectives(res?.headers()['content-security-policy']), violations };
    } finally {
      await context.close();
    }
  }

  it('the dashboard runs, live, with no violation under a policy without inline script or style', async () => {
    const { csp, violations } = await load(`/#key=${key}`, async (page) => {
      await page.locator('#live.on').waitFor();
      // The gauge's width is a style the script sets: still applied under the policy.
      const gauge = page.locator('#gauge .bar .fill');
      await gauge.waitFor();
      expect((await gauge.boundingBox())?.width).toBeGreaterThan(0);
    });
    expect(violations).toEqual([]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
  });

  it('the OpenAPI page (Swagger UI) renders with no violation, and runs no inline script', async () => {
    const { csp, violations } = await load('/docs', async (page) => {
      await eventually(async () =>
        expect(await page.locator('.swagger-ui .info .title').innerText()).toContain('Crescent risk API'),
      );
      await page.locator('.swagger-ui .opblock').first().waitFor();
    });
    expect(violations).toEqual([]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
  });

  it(`over plain HTTP under a name other than localhost (${OTHER_HOST}) the dashboard still loads its script and data`, async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const res = await page.goto(api.url(`/#key=${key}`).replace('127.0.0.1', OTHER_HOST));
      expect(res?.status()).toBe(200);
      await page.locator('#live.on').waitFor({ timeout: 20_000 });
      expect(await page.locator('#map [data-asset-id]').count()).toBe(LIBYA_REGISTRY.assets.length);
    } finally {
      await context.close();
    }
  });
});
