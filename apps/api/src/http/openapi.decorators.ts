import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiQuery, ApiResponse, ApiSecurity, getSchemaPath } from '@nestjs/swagger';
import { ProblemModel } from './openapi.models';

export const API_KEY_SECURITY = 'api-key';

/** An error response: RFC 9457 problem details. */
export function ApiProblem(
  status: number,
  description: string,
  headers?: Record<string, { description: string; schema: { type: 'integer' } }>,
): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status,
    description,
    ...(headers !== undefined ? { headers } : {}),
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemModel) } } },
  });
}

const seconds = (description: string) => ({ description, schema: { type: 'integer' as const } });

/**
 * The rate-limit headers, sent on every answer of a keyed route (RateLimit-*) and on a 429
 * (Retry-After too). Listed on the 429, the answer they matter most to.
 */
const RATE_LIMIT_HEADERS = {
  'Retry-After': seconds('seconds until a request can succeed'),
  'RateLimit-Limit': seconds('requests per minute this key may make (also the most at once)'),
  'RateLimit-Remaining': seconds('requests left now'),
  'RateLimit-Reset': seconds('seconds until the full limit is available again'),
};

/** Every /v1 endpoint: needs a key, may answer 400/401/429 as problem+json. */
export function ApiKeyed(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiSecurity(API_KEY_SECURITY),
    ApiExtraModels(ProblemModel),
    ApiProblem(400, 'a bad parameter; invalid-params names it'),
    ApiProblem(401, 'no API key, or an unknown or revoked one'),
    ApiProblem(
      429,
      'the key is over its rate limit (Retry-After); every answer carries the RateLimit-* headers',
      RATE_LIMIT_HEADERS,
    ),
  );
}

export function ApiPaged(): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'limit', required: false, description: 'page size, 1–500 (default 50)' }),
    ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' }),
  );
}

const TIME_FORM = 'with a date; no offset means UTC, an offset is from -12:00 to +14:00 (+ sent as %2B)';

export function ApiWindow(): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'from', required: false, description: `ISO-8601 time, inclusive; ${TIME_FORM}` }),
    ApiQuery({
      name: 'to',
      required: false,
      description: `ISO-8601 time, exclusive; after from; ${TIME_FORM}`,
    }),
  );
}
