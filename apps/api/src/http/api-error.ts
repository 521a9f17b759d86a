/**
 * Why a request was refused. Every code has exactly one HTTP mapping, in
 * `problem.filter.ts` (an exhaustive switch), so a new code cannot go unmapped.
 */
export type ApiErrorCode =
  'bad_parameter' | 'not_found' | 'method_not_allowed' | 'unauthenticated' | 'forbidden' | 'rate_limited';

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** The offending query or path parameter, for `bad_parameter` and `not_found`. */
    readonly parameter?: string,
    /** For `rate_limited`: seconds until a request can succeed. */
    readonly retryAfterSeconds?: number,
    /** For `method_not_allowed`: the methods the path answers (the `Allow` header). */
    readonly allowedMethods?: readonly string[],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static badParameter(parameter: string, message: string): ApiError {
    return new ApiError('bad_parameter', message, parameter);
  }

  static notFound(parameter: string, message: string): ApiError {
    return new ApiError('not_found', message, parameter);
  }

  static methodNotAllowed(method: string, allowed: readonly string[]): ApiError {
    return new ApiError(
      'method_not_allowed',
      `${method} is not allowed here; this path answers ${allowed.join(', ')}`,
      undefined,
      undefined,
      allowed,
    );
  }
}
