import { applyDecorators } from '@nestjs/common';
import { ApiQuery, ApiResponse, ApiSecurity } from '@nestjs/swagger';

export const API_KEY_SECURITY = 'api-key';

/** Every /v1 endpoint: needs a key, may answer 400/401/429 as problem+json. */
export function ApiKeyed(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiSecurity(API_KEY_SECURITY),
    ApiResponse({ status: 400, description: 'a bad parameter (application/problem+json, names it)' }),
    ApiResponse({ status: 401, description: 'no API key, or an unknown or revoked one' }),
    ApiResponse({ status: 429, description: 'the key is over its rate limit (Retry-After)' }),
  );
}

export function ApiPaged(): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'limit', required: false, description: 'page size, 1–500 (default 50)' }),
    ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' }),
  );
}

export function ApiWindow(): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'from', required: false, description: 'ISO-8601 time, inclusive' }),
    ApiQuery({ name: 'to', required: false, description: 'ISO-8601 time, exclusive; after from' }),
  );
}
