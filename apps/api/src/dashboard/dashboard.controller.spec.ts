import { NotFoundException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DashboardController } from './dashboard.controller';

describe('DashboardController.file', () => {
  const controller = new DashboardController();
  const reply = (): FastifyReply & { typed?: unknown } => {
    const r = {
      typed: undefined as unknown,
      type(value: unknown) {
        r.typed = value;
        return r;
      },
    };
    return r as unknown as FastifyReply & { typed?: unknown };
  };

  it('serves the script and style with their types', () => {
    const r = reply();
    expect(controller.file('app.js', r)).toContain('x-api-key');
    expect(r.typed).toBe('text/javascript; charset=utf-8');
  });

  it("serves the stream's retry rules the page loads before its script", () => {
    const r = reply();
    expect(controller.file('stream-retry.js', r)).toContain('CrescentStreamRetry');
    expect(r.typed).toBe('text/javascript; charset=utf-8');
  });

  // Object.prototype's names were looked up in the type table: /dashboard/constructor was a
  // 500 (and an error log with a stack) for anyone, without a key.
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'index.html', '..'])(
    '%s is a 404, not a read of that file',
    (name) => {
      expect(() => controller.file(name, reply())).toThrow(NotFoundException);
    },
  );
});
