import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';
import {
  DEFAULT_CACHE_CONTROL,
  HELMET_OPTIONS,
  defaultCacheControl,
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
