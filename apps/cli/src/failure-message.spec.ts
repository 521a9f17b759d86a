import { ConfigError } from '@crescent/config';
import { failureMessage } from './failure-message';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

describe('what the CLI prints when a command fails', () => {
  it('operational failures are one line that says what to do, without a stack', () => {
    const missing = failureMessage(withCode('relation "api_keys" does not exist', '42P01'), {});
    expect(missing).toBe(
      'relation "api_keys" does not exist: the database has no schema yet; run `npm run crescent -- db migrate`',
    );
    expect(failureMessage(withCode('connect ECONNREFUSED 127.0.0.1:5999', 'ECONNREFUSED'), {})).toMatch(
      /^connect ECONNREFUSED 127\.0\.0\.1:5999: is the server running/,
    );
    expect(failureMessage(withCode('database "x" does not exist', '3D000'), {})).toContain('DATABASE_URL');
    expect(failureMessage(withCode("EEXIST: file already exists, mkdir '/tmp/f'", 'EEXIST'), {})).toBe(
      "EEXIST: file already exists, mkdir '/tmp/f'",
    );
    expect(failureMessage(new ConfigError(['DATABASE_URL: must be a postgres:// URL']), {})).not.toContain(
      '    at ',
    );
  });

  it('anything else is a bug: printed with its stack, as is everything with CRESCENT_DEBUG=1', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
    expect(failureMessage(bug, {})).toContain('    at ');
    expect(
      failureMessage(withCode('relation "t" does not exist', '42P01'), { CRESCENT_DEBUG: '1' }),
    ).toContain('    at ');
  });
});
