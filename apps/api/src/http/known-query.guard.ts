import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ApiError } from './api-error';

/** The query parameters a handler reads, from its `@Query('name')` arguments. */
function queryNames(context: ExecutionContext): ReadonlySet<string> {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ??
    {}) as Record<string, { data?: unknown }>;
  const names = new Set<string>();
  for (const [key, arg] of Object.entries(args))
    if (key.startsWith(`${RouteParamtypes.QUERY}:`) && typeof arg.data === 'string') names.add(arg.data);
  return names;
}

/**
 * Refuses a query parameter the endpoint does not read, with a 400 naming it and the ones it
 * does. Ignored, a typo filtered nothing: `/v1/alerts?assetId=es-sider` (for `asset=`)
 * answered every alert, as if they were Es Sider's. The names come from the handler's own
 * `@Query` arguments, so the list cannot drift from the code.
 */
@Injectable()
export class KnownQueryGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const query = context.switchToHttp().getRequest<{ query?: Record<string, unknown> }>().query ?? {};
    const known = queryNames(context);
    for (const name of Object.keys(query)) {
      if (known.has(name)) continue;
      const takes = known.size === 0 ? 'takes no query parameters' : `takes ${[...known].join(', ')}`;
      throw ApiError.badParameter(name, `unknown parameter "${name}": this endpoint ${takes}`);
    }
    return true;
  }
}
