import { loadConfig } from '../load-config';
import { apiConfigSchema } from './api.config';

describe('API_CORS_ORIGINS', () => {
  it('unset: no origin may call the api from a browser', () => {
    expect(loadConfig(apiConfigSchema, {}).API_CORS_ORIGINS).toEqual([]);
  });

  it('a comma-separated list of scheme://host[:port] origins', () => {
    expect(
      loadConfig(apiConfigSchema, { API_CORS_ORIGINS: 'https://desk.example, http://127.0.0.1:8080' })
        .API_CORS_ORIGINS,
    ).toEqual(['https://desk.example', 'http://127.0.0.1:8080']);
  });

  it('a wildcard, a path or a bare host is refused at boot, naming the variable', () => {
    for (const bad of ['*', 'https://*.example', 'https://desk.example/app', 'desk.example'])
      expect(() => loadConfig(apiConfigSchema, { API_CORS_ORIGINS: bad })).toThrow(
        /API_CORS_ORIGINS.*each origin must be scheme:\/\/host\[:port\]/,
      );
  });
});
