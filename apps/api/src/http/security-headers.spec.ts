import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';
import {
  DEFAULT_CACHE_CONTROL,
  DOCS_HELMET_OPTIONS,
  HELMET_OPTIONS,
  defaultCacheControl,
  isUnderPath,
  cspDirectives,
  securityHeaders,
} from './security-headers';

describe('security headers', () => {
  it('are exactly the ones helmet sets on a real response with the api configuration', () => {
    const req = new IncomingMessage(new Socket());
    const res = new ServerResponse(req);
    res.setHeader('x-powered-by', 'something');
    helmet(HELMET_OPTIONS)(req, res, () => undefined);
    const expected = Object.fromEntries(
      Object.entries(res.getHeaders()).map(([name, value]) => [name, String(value)]),
    );
    expect(securityHeaders()).toEqual(expected);
    expect(securityHeaders()).toMatchObject({
      'x-content-type-options': 'nosniff',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
    });
    expect(securityHeaders()['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('Content-Security-Policy', () => {
  const api = cspDirectives(securityHeaders()['content-security-policy']);
  const docs = cspDirectives(securityHeaders(DOCS_HELMET_OPTIONS)['content-security-policy']);

  it('lets no page run inline script, the OpenAPI UI included', () => {
    expect(api.get('script-src')).toEqual(["'self'"]);
    expect(docs.get('script-src')).toEqual(["'self'"]);
    expect(api.get('script-src-attr')).toEqual(["'none'"]);
  });

  it('allows inline styles on the OpenAPI UI only, which differs from the rest in nothing else', () => {
    expect(api.get('style-src')).toEqual(["'self'"]);
    expect(docs.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(new Map([...docs].filter(([name]) => name !== 'style-src'))).toEqual(
      new Map([...api].filter(([name]) => name !== 'style-src')),
    );
  });

  it('does not send upgrade-insecure-requests, which breaks the dashboard over plain HTTP', () => {
    expect(api.has('upgrade-insecure-requests')).toBe(false);
    expect(docs.has('upgrade-insecure-requests')).toBe(false);
  });

  it.each([
    ['/docs', true],
    ['/docs/', true],
    ['/docs/swagger-ui-init.js', true],
    ['/docs?x=1', true],
    ['/docs-yaml', false],
    ['/docsx', false],
    ['/', false],
    ['/dashboard/app.js', false],
    ['/v1/assets?q=/docs/', false],
  ])('%s is under /docs: %s', (url, under) => {
    expect(isUnderPath(url, 'docs')).toBe(under);
  });
});

describe('default Cache-Control', () => {
  const reply = (
    initial: Record<string, string>,
  ): Record<string, string> & {
    hasHeader(n: string): boolean;
    header(n: string, v: string): void;
  } => {
    const headers = { ...initial };
    return Object.assign(headers, {
      hasHeader: (n: string) => n in headers,
      header: (n: string, v: string) => {
        headers[n] = v;
      },
    });
  };

  it('a response that says nothing about caching is no-store', () => {
    const r = reply({});
    defaultCacheControl(r);
    expect(r['cache-control']).toBe(DEFAULT_CACHE_CONTROL);
    expect(DEFAULT_CACHE_CONTROL).toBe('no-store');
  });

  it("a response's own Cache-Control is kept", () => {
    const r = reply({ 'cache-control': 'private, no-cache' });
    defaultCacheControl(r);
    expect(r['cache-control']).toBe('private, no-cache');
  });
});
