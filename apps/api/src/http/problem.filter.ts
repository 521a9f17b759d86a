import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { redactKeys, redactUrl, redactUrlIn } from '@crescent/runtime';
import { ApiError, type ApiErrorCode } from './api-error';
import { RouteTable } from './route-table';

/** An RFC 9457 problem details object. `invalid-params` names the offending parameter. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  readonly 'invalid-params'?: ReadonlyArray<{ readonly name: string; readonly reason: string }>;
}

const PROBLEM_BASE = 'https://crescent.dev/problems/';

function mapCode(code: ApiErrorCode): { status: number; title: string } {
  switch (code) {
    case 'bad_parameter':
      return { status: 400, title: 'Invalid parameter' };
    case 'not_found':
      return { status: 404, title: 'Not found' };
    case 'method_not_allowed':
      return { status: 405, title: 'Method not allowed' };
    case 'unauthenticated':
      return { status: 401, title: 'Missing or invalid API key' };
    case 'forbidden':
      return { status: 403, title: 'Role not allowed' };
    case 'rate_limited':
      return { status: 429, title: 'Too many requests' };
  }
}

/**
 * The problem details of a refusal of the request at `url`. A secret is never echoed: the
 * `instance` is the URL with any key the client put in it redacted (`?api_key=REDACTED`), and
 * a message quoting what was sent (`no event "…"`) has any key in it redacted too.
 */
export function problemOf(error: ApiError, url: string): Problem {
  const { status, title } = mapCode(error.code);
  const detail = redactKeys(error.message);
  return {
    type: `${PROBLEM_BASE}${error.code.replace(/_/g, '-')}`,
    title,
    status,
    detail,
    instance: redactUrl(url),
    ...(error.parameter !== undefined
      ? { 'invalid-params': [{ name: error.parameter, reason: detail }] }
      : {}),
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply
    .status(problem.status)
    .header('content-type', 'application/problem+json')
    .send(JSON.stringify(problem));
}

/** Sends the refusal of the request at `url`, with the headers its code calls for. */
export function sendRefusal(reply: FastifyReply, error: ApiError, url: string): FastifyReply {
  if (error.retryAfterSeconds !== undefined)
    void reply.header('retry-after', String(error.retryAfterSeconds));
  if (error.allowedMethods !== undefined) void reply.header('allow', error.allowedMethods.join(', '));
  return sendProblem(reply, problemOf(error, url));
}

/** Every error leaves the API as application/problem+json; unknown errors are a logged 500. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  constructor(private readonly routes: RouteTable) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const instance = redactUrl(request.url);
    // No route matched: a path that exists with other methods is a 405, not a 404.
    if (exception instanceof NotFoundException && request.is404) {
      const allowed = this.routes.allowedMethods(request.url);
      if (allowed.length > 0 && !allowed.includes(request.method))
        exception = ApiError.methodNotAllowed(request.method, allowed);
    }
    // Nest's own exceptions (an unknown route, a malformed or oversized request body) may quote
    // the URL in their message ("Cannot GET /x?api_key=…"): quoted redacted, like the instance.
    const quoted = (error: Error): string => redactUrlIn(error.message, request.url);
    // Nothing at this path (no route, no static file) is the api's own not-found problem, so a
    // client tells every 404 by one `type`, not by an exception class name in the title.
    if (exception instanceof HttpException && exception.getStatus() === 404)
      exception = new ApiError('not_found', quoted(exception));
    if (exception instanceof ApiError) {
      void sendRefusal(reply, exception, request.url);
      return;
    }
    let problem: Problem;
    if (exception instanceof HttpException) {
      // No api code fits (400 for a body that is not JSON, 413): keep the status, and, as
      // RFC 9457 §4.2.1 asks of `about:blank`, the status's own phrase as the title.
      const status = exception.getStatus();
      const title = STATUS_CODES[status] ?? 'Error';
      problem = { type: 'about:blank', title, status, detail: quoted(exception), instance };
    } else {
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
      problem = {
        type: 'about:blank',
        title: 'Internal Server Error',
        status: 500,
        detail: 'the server failed to answer; see its logs',
        instance,
      };
    }
    void sendProblem(reply, problem);
  }
}
