import { RouteTable } from './route-table';

describe('RouteTable', () => {
  function table(): RouteTable {
    const routes = new RouteTable();
    routes.add('GET', '/v1/scores');
    routes.add('GET', '/v1/scores/:assetId/history');
    routes.add(['GET', 'POST'], '/v1/assets/:id');
    routes.add('GET', '/docs/*');
    routes.add('GET', '/docs/openapi.json');
    routes.add('OPTIONS', '*');
    return routes;
  }

  it('names the methods a path answers, HEAD with every GET, whatever the query or parameter values', () => {
    const routes = table();
    expect(routes.allowedMethods('/v1/scores')).toEqual(['GET', 'HEAD']);
    expect(routes.allowedMethods('/v1/scores?kind=field')).toEqual(['GET', 'HEAD']);
    expect(routes.allowedMethods('/v1/scores/es-sider/history')).toEqual(['GET', 'HEAD']);
    expect(routes.allowedMethods('/v1/assets/es%2Dsider')).toEqual(['GET', 'HEAD', 'POST']);
    expect(routes.allowedMethods('/docs/openapi.json')).toEqual(['GET', 'HEAD']);
  });

  it('a path no route has, even with a catch-all OPTIONS route registered, answers nothing (a 404)', () => {
    const routes = table();
    for (const path of [
      '/v1/nowhere',
      '/v1/scores/es-sider',
      '/v1/assets',
      '/v1/assets/a/b',
      '/v1/scoresx',
      '/',
    ])
      expect([path, routes.allowedMethods(path)]).toEqual([path, []]);
  });

  it('reads a route pattern literally apart from its parameters', () => {
    const routes = new RouteTable();
    routes.add('GET', '/docs/openapi.json');
    expect(routes.allowedMethods('/docs/openapi-json')).toEqual([]);
    expect(routes.allowedMethods('/docs/openapi.json')).toEqual(['GET', 'HEAD']);
  });
});
