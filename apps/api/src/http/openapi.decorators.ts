import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiQuery, ApiResponse, ApiSecurity, getSchemaPath } from '@nestjs/swagger';
import { ProblemModel } from './openapi.models';

export const API_KEY_SECURITY = 'api-key';

/** An error response: RFC 9457 problem details. */
export function ApiProblem(status: number, description: string): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status,
    description,
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemModel) } } },
  });
}

/** Every /v1 endpoint: needs a key, may answer 400/401/429 as problem+json. */
export function ApiKeyed(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiSecurity(API_KEY_SECURITY),
    ApiExtraModels(ProblemModel),
    ApiProblem(400, 'a bad parameter; invalid-params names it'),
    ApiProblem(401, 'no API key, or an unknown or revoked one'),
    ApiProblem(429, 'the key is over its rate limit (Retry-After)'),
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
