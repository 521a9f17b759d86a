/**
 * Worker thread of the backtest's parallel intake (see parallel-intake.ts): decodes,
 * classifies and maps the chunks it is sent, in the order sent, and posts each result
 * back with its typed arrays transferred.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LIBYA_REGISTRY, resolveMappingParams, type MappingParams } from '@crescent/domain';
import { ChunkDecoder, transferables, type ChunkTask } from './intake-chunk';

interface IntakeWorkerData {
  readonly mappingParams: Partial<MappingParams> | undefined;
}

const port = parentPort;
if (port === null) throw new Error('intake-worker: not started as a worker thread');
const data = workerData as IntakeWorkerData;
const decoder = new ChunkDecoder(LIBYA_REGISTRY, resolveMappingParams(data.mappingParams));
port.on('message', (task: ChunkTask) => {
  const result = decoder.decode(task);
  port.postMessage(result, transferables(result));
});
