import { redactKeys, redactQuery, redactUrl } from './redact-url';

const KEY = 'crk_p_J-Hwfx4laedRY1xHsxnGkMphOOkN6UPCTdDAvBDnE';

describe('redactUrl', () => {
  it('drops the value of a key given in the query, whatever the parameter is called, and keeps the rest', () => {
    expect(redactUrl(`/v1/scores?kind=field&api_key=${KEY}&limit=5`)).toBe(
      '/v1/scores?kind=field&api_key=REDACTED&limit=5',
    );
    for (const name of ['apiKey', 'x-api-key', 'API_KEY', 'key', 'token', 'access_token', 'x%2Dapi%2Dkey'])
      expect(redactUrl(`/v1/alerts?${name}=not-even-a-key-shape`)).toBe(`/v1/alerts?${name}=REDACTED`);
    // By its value: a key under any name, plain or percent-encoded.
    expect(redactUrl(`/v1/events?q=${KEY}`)).toBe('/v1/events?q=REDACTED');
    expect(redactUrl(`/v1/events?q=%63rk_${KEY.slice(4)}`)).toBe('/v1/events?q=REDACTED');
    expect(redactUrl(`/v1/events?${KEY}`)).toBe('/v1/events?REDACTED');
    expect(redactUrl(`/v1/events?api_key`)).toBe('/v1/events?api_key=REDACTED');
  });

  it('replaces a path segment holding a key, and leaves a URL without credentials exactly as sent', () => {
    expect(redactUrl(`/v1/events/${KEY}`)).toBe('/v1/events/REDACTED');
    for (const url of ['/v1/scores', '/v1/scores?kind=field&minScore=35', '/v1/assets/es-sider?', '/x?a=%ZZ'])
      expect(redactUrl(url)).toBe(url);
  });
});

describe('redactQuery', () => {
  it('replaces the values of credential parameters in a parsed query', () => {
    expect(redactQuery({ kind: 'field', api_key: KEY, q: [`a`, KEY], [KEY]: '' })).toEqual({
      kind: 'field',
      api_key: 'REDACTED',
      q: 'REDACTED',
      REDACTED: 'REDACTED',
    });
  });
});

describe('redactKeys', () => {
  it('replaces every key quoted in a message', () => {
    expect(redactKeys(`no event "${KEY}"`)).toBe('no event "REDACTED"');
    expect(redactKeys('no event "ev-1"')).toBe('no event "ev-1"');
  });
});
