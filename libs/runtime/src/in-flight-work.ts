import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { finalize, type Observable } from 'rxjs';

/**
 * Handlers still running. A handler goes on when its client hangs up (nothing cancels its
 * queries), so the HTTP server can be closed, with no connection left, while handlers still
 * await PostgreSQL: the database waits for them (`DatabaseModule`) before it closes, instead
 * of failing them with "Cannot use a pool after calling end on the pool".
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

/** Counts every handler in `InFlightWork` from its start until its result or error is in. */
@Injectable()
export class InFlightInterceptor implements NestInterceptor {
  constructor(private readonly work: InFlightWork) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const end = this.work.begin();
    try {
      return next.handle().pipe(finalize(end));
    } catch (err) {
      end();
      throw err;
    }
  }
}
