import { FastifyAdapter } from '@nestjs/platform-fastify';
import { lastValueFrom, of, Subject, throwError } from 'rxjs';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { countRequests, InFlightInterceptor, InFlightWork } from './in-flight-work';

describe('InFlightWork', () => {
  it('drains once every piece of work has ended, each end counted once', async () => {
    const work = new InFlightWork();
    expect(await work.drained(10)).toBe(true);
    const a = work.begin();
    const b = work.begin();
    const drained = work.drained(1_000);
    a();
    a();
    expect(work.count).toBe(1);
    b();
    expect(await drained).toBe(true);
    expect(work.count).toBe(0);
  });

  it('gives up after the timeout when work does not end', async () => {
    const work = new InFlightWork();
    work.begin();
    expect(await work.drained(20)).toBe(false);
    expect(work.count).toBe(1);
  });

  it('the interceptor counts a handler until its result or its error is in', async () => {
    const work = new InFlightWork();
    const interceptor = new InFlightInterceptor(work);
    const context = { getType: () => 'rpc' } as unknown as ExecutionContext;
    const result = new Subject<string>();
    const pending = lastValueFrom(interceptor.intercept(context, { handle: () => result }));
    expect(work.count).toBe(1);
    result.next('done');
    result.complete();
    expect(await pending).toBe('done');
    expect(work.count).toBe(0);

    const failing: CallHandler = { handle: () => throwError(() => new Error('boom')) };
    await expect(lastValueFrom(interceptor.intercept(context, failing))).rejects.toThrow('boom');
    expect(work.count).toBe(0);
    expect(await lastValueFrom(interceptor.intercept(context, { handle: () => of(1) }))).toBe(1);
    expect(work.count).toBe(0);
  });

  it('counts an HTTP request from its arrival until its reply is sent', async () => {
    const work = new InFlightWork();
    const fastify = new FastifyAdapter().getInstance();
    countRequests(fastify, work);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((res) => (release = res));
    let countInHandler = -1;
    fastify.get('/slow', async () => {
      countInHandler = work.count;
      await gate;
      return { ok: true };
    });
    const response = fastify.inject({ method: 'GET', url: '/slow' });
    while (countInHandler < 0) await new Promise((r) => setTimeout(r, 1));
    expect(countInHandler).toBe(1);
    expect(await work.drained(20)).toBe(false);
    release();
    expect((await response).statusCode).toBe(200);
    expect(work.count).toBe(0);
    expect((await fastify.inject({ method: 'GET', url: '/missing' })).statusCode).toBe(404);
    expect(work.count).toBe(0);
    await fastify.close();
  });
});
