/**
 * The V8 heap budget of every Crescent app process: old space capped at 256 MB. Without a
 * cap V8 sizes the heap from the machine's memory (about 4 GB here) and lets it grow long
 * before it collects, so an app working through a backlog sat at 380–424 MB resident
 * although far less of it was live. With the cap it collects sooner and stays under the
 * 300 MB each app is allowed (docs/performance.md, "Memory"). The ingestor's fetches are
 * bounded (128 KiB a partition), so its live data stays well below the cap.
 *
 * Every way of starting an app passes these flags: `npm start` and the e2e tests through
 * `node`'s arguments here, `npm run start:*` in package.json, the image's commands in
 * Dockerfile and docker-compose.yml (test/deploy/compose.spec.ts checks they agree), and the
 * benchmarks. The flag on the command line wins over one in NODE_OPTIONS, so a larger budget
 * is set here (and in the copies the test checks), not per run.
 */
const APP_HEAP_LIMIT_MB = 256;

/** Node's arguments for an app process, before the script. */
export const APP_NODE_ARGS: readonly string[] = [`--max-old-space-size=${APP_HEAP_LIMIT_MB}`];
