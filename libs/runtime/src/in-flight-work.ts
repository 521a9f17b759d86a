import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { finalize, type Observable } from 'rxjs';

/** Where a request keeps the end of its count until a handler takes it over or its reply goes. */
const REQUEST_END = Symbol('crescent:in-flight-request');
type CountedRequest = { [REQUEST_END]?: () => void };

/**
 * Requests and handlers still running. A request goes on when its client hangs up (nothing
 * cancels its queries), so the HTTP server can be closed, with no connection left, while
 * requests still await PostgreSQL: the database waits for them (`DatabaseModule`) before it
 * closes, instead of failing them with "Cannot use a pool after calling end on the pool".
 * An HTTP request counts from its arrival (`countRequests`: hooks and guards may query too)
 * until its handler has ended (`InFlightInterceptor`) or, for one answered without a
 * handler (from a cache, refused by a guard, not found), until its reply is sent.
 */
@Injectable()
export class InFlightWork {
  private running = 0;
  private readonly idle: Array<() => void> = [];

  get count(): number {
    return this.running;
  }

  /** Counts one piece of work as started; call the function returned once, when it ends. */
  begin(): () => void {
    this.running++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.running--;
      if (this.running === 0) for (const wake of this.idle.splice(0)) wake();
    };
  }

  /** Resolves when nothing is running, or after `timeoutMs` (true if it drained). */
  async drained(timeoutMs: number): Promise<boolean> {
    if (this.running === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      new Promise<boolean>((res) => this.idle.push(() => res(true))),
      new Promise<boolean>((res) => {
        timer = setTimeout(() => res(false), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    return drained;
  }
}

/** Counts every HTTP request in `work` from its arrival until its reply is sent or a handler takes it over. */
export function countRequests(fastify: FastifyInstance, work: InFlightWork): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    (request as CountedRequest)[REQUEST_END] = work.begin();
    done();
  });
  fastify.addHook('onSend', (request, _reply, payload, done) => {
    (request as CountedRequest)[REQUEST_END]?.();
    done(null, payload);
  });
}

/**
 * Counts every handler in `InFlightWork` from its start until its result or error is in;
 * an HTTP request's own count (see `countRequests`) ends as its handler's begins.
 */
@Injectable()
export class InFlightInterceptor implements NestInterceptor {
  constructor(private readonly work: InFlightWork) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const end = this.work.begin();
    if (context.getType() === 'http') context.switchToHttp().getRequest<CountedRequest>()[REQUEST_END]?.();
    try {
      return next.handle().pipe(finalize(end));
    } catch (err) {
      end();
      throw err;
    }
  }
}
