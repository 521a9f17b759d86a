import { Injectable } from '@nestjs/common';

/** One component's answer to "can this process do its job right now?". */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<{ ok: boolean; detail?: string }>;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Record<string, { ok: boolean; detail?: string }>;
}

/**
 * Components that a process needs (database, running Kafka consumer...) register a
 * check here; `/health/ready` is ready only when every check passes.
 */
@Injectable()
export class ReadinessService {
  private readonly checks: ReadinessCheck[] = [];

  register(check: ReadinessCheck): void {
    this.checks.push(check);
  }

  async report(timeoutMs = 2_000): Promise<ReadinessReport> {
    const results = await Promise.all(
      this.checks.map(async (c) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<{ ok: boolean; detail: string }>((res) => {
          timer = setTimeout(() => res({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
        });
        try {
          const r = await Promise.race([
            c.check().catch((err: unknown) => ({ ok: false, detail: (err as Error).message })),
            timeout,
          ]);
          return [c.name, r] as const;
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const checks = Object.fromEntries(results);
    return { ready: results.every(([, r]) => r.ok), checks };
  }
}
