import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { ApiKeyRepository, hashApiKey, type ApiKeyInfo, type ApiKeyRole } from '@crescent/persistence';
import { ApiError } from '../http/api-error';
import { KEYS_VERSION, type KeysVersionRead, ReadCache } from '../http/read-cache';
import { RateLimiter, rateLimitHeaders } from './rate-limiter';
import { ROLES_KEY } from './roles.decorator';

export const API_KEY_HEADER = 'x-api-key';
export const RATE_LIMITER = Symbol('RATE_LIMITER');

export type AuthenticatedRequest = FastifyRequest & KeysVersionRead & { apiKey?: ApiKeyInfo };

/**
 * Authentication (`x-api-key`, 401), the per-key rate limit (429) and roles (403), in that
 * order: a refused role still spends a token, so probing is limited too.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys = new ApiKeyRepository();

  constructor(
    private readonly ds: DataSource,
    private readonly reflector: Reflector,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    private readonly cache: ReadCache,
  ) {}

  /**
   * The live key for a presented secret: from memory when verified under the keys version
   * (`read`, the one read for this request after it arrived, so a revocation committed
   * before is seen; else read now), else from the database.
   */
  private async authenticate(
    presented: string,
    read?: KeysVersionRead[typeof KEYS_VERSION],
  ): Promise<ApiKeyInfo | undefined> {
    const hash = hashApiKey(presented);
    const version = read ? read.version : await this.cache.keysVersion();
    const cached = this.cache.key(hash, version);
    if (cached) return cached;
    const key = await this.keys.authenticate(this.ds.manager, presented);
    if (key) this.cache.rememberKey(hash, key, version);
    return key;
  }

  /**
   * Whether a key that was accepted is still live (not revoked since): for a request that
   * outlives its check, such as /v1/stream. Costs the shared keys-version read while no key
   * changed; a revocation is seen at the next call.
   */
  async stillLive(presented: string): Promise<boolean> {
    return (await this.authenticate(presented)) !== undefined;
  }

  /** The request's live key, recorded on it; an `unauthenticated` ApiError without one. */
  async identify(request: AuthenticatedRequest): Promise<ApiKeyInfo> {
    const presented = request.headers[API_KEY_HEADER];
    if (typeof presented !== 'string' || presented === '')
      throw new ApiError('unauthenticated', `send an API key in the ${API_KEY_HEADER} header`);
    const key = await this.authenticate(presented, request[KEYS_VERSION]);
    if (!key) throw new ApiError('unauthenticated', 'the API key is unknown or revoked');
    request.apiKey = key;
    return key;
  }

  /**
   * The request's live key, once it has taken a request from the key's rate limit; the
   * RateLimit headers are set on `reply` either way. `unauthenticated` or `rate_limited`
   * ApiError otherwise.
   */
  async admit(request: AuthenticatedRequest, reply: FastifyReply): Promise<ApiKeyInfo> {
    const key = await this.identify(request);
    const taken = this.limiter.take(key.id);
    void reply.headers(rateLimitHeaders(taken));
    if (!taken.allowed)
      throw new ApiError(
        'rate_limited',
        'this key has used its requests for now',
        undefined,
        taken.retryAfterSeconds,
      );
    return key;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const key = await this.admit(http.getRequest<AuthenticatedRequest>(), http.getResponse<FastifyReply>());

    const roles = this.reflector.getAllAndOverride<ApiKeyRole[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (roles && !roles.includes(key.role))
      throw new ApiError(
        'forbidden',
        `this endpoint needs the role ${roles.join(' or ')}; the key is ${key.role}`,
      );
    return true;
  }
}
