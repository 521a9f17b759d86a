import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';
import { HELMET_OPTIONS, securityHeaders } from './security-headers';

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
