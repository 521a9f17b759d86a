import { isUtf8 } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import {
  ContentHasher,
  createLineDecoder,
  isAcledHeader,
  LIBYA_REGISTRY,
  mapEventToImpacts,
  normaliseMessage,
  normaliseRecord,
  NOT_UTF8,
  startsJson,
  type AssetRegistry,
  type GeoEvent,
  type Rejection,
  type Result,
} from '@crescent/domain';
import { DateTime } from 'luxon';
import type { CliCommand, CliIo } from './command';

const USAGE = `usage: crescent classify [--input FILE] [--at ISO-8601]

Reads one item from FILE (default: stdin) and prints, as JSON, the normalised event,
its type with the evidence behind it, and the impacts it has on assets.

Accepted input:
  - a JSON object of any kind: news, event (structured), gdelt ({kind, row}), acled ({kind, record});
  - a raw GDELT 2.0 export line (61 tab-separated columns);
  - an ACLED CSV header line followed by one row;
  - plain text: read as a news item from source "stdin", headline = its first line.
    Plain text carries no date: --at gives its publication time (UTC if no offset);
    without --at it is stamped with the current time.
Refused as the ingestor and the backtest refuse them: input whose bytes are not UTF-8
(malformed_json), JSON null (empty_input) and a JSON array (unknown_kind).

Exit codes: 0 classified (including "irrelevant"), 1 rejected (the reason is printed), 2 usage error.`;

interface ClassifyOptions {
  readonly input?: string;
  readonly at?: string;
}

function parseArgs(args: readonly string[]): ClassifyOptions | string {
  let input: string | undefined;
  let at: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = args[i + 1];
    if (arg === '--input' || arg === '-i' || arg === '--at') {
      if (value === undefined || value.startsWith('--')) return `${arg} needs a value`;
      if (arg === '--at') at = value;
      else input = value;
      i++;
    } else {
      return `unknown argument "${String(arg)}"`;
    }
  }
  return { ...(input === undefined ? {} : { input }), ...(at === undefined ? {} : { at }) };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** The one item in `text`, whatever its format. */
function normaliseOne(
  text: string,
  options: ClassifyOptions,
  registry: AssetRegistry,
): Result<GeoEvent> | string {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const trimmed = body.trim();
  const lines = trimmed.split(/\r?\n/);
  const firstLine = lines[0] ?? '';
  const oneItem = (what: string, count: number): string =>
    `classify takes one item; this input has ${count} ${what} (use backtest for files)`;
  if (firstLine.includes('\t')) {
    // A GDELT row. Several are a file, not one item: they used to fall through to plain text
    // and come out as a confident news event made of the first row.
    if (lines.length > 1) return oneItem('tab-separated lines (GDELT rows?)', lines.length);
    // Only line breaks trimmed: a row's last column (SOURCEURL) may be empty, its tab kept.
    return normaliseMessage(body.replace(/^[\r\n]+|[\r\n]+$/g, ''), { registry });
  }
  // JSON null or an array is JSON to the ingestor and the backtest, which refuse it
  // (empty_input, unknown_kind), not a headline. A text that only starts with "[" and is
  // no JSON ("[Reuters] ...") is still plain text.
  if (trimmed.startsWith('{') || (startsJson(firstLine) && (isJson(trimmed) || isJson(firstLine)))) {
    if (lines.length > 1 && !isJson(trimmed) && isJson(firstLine))
      return oneItem('JSON lines', lines.filter((l) => l.trim() !== '').length);
    return normaliseMessage(trimmed, { registry });
  }
  if (isAcledHeader(firstLine)) {
    const decoder = createLineDecoder({ registry });
    const items = [...lines.flatMap((l) => decoder.push(l)), ...decoder.end()];
    if (items.length !== 1 || items[0] === undefined)
      return `classify takes one item; this ACLED file has ${items.length} (use backtest for files)`;
    return items[0].result;
  }
  if (trimmed === '') return normaliseMessage(trimmed, { registry });
  // Plain text: a news item. The domain reads no clock; the CLI stamps it here.
  const publishedAt = options.at ?? DateTime.utc().toISO();
  const headline = firstLine.trim();
  const rest = lines.slice(1).join('\n').trim();
  const id = `stdin-${new ContentHasher().addNormalised(trimmed).digest().slice(0, 12)}`;
  return normaliseRecord(
    { kind: 'news', id, publishedAt, source: 'stdin', headline, body: rest === '' ? headline : rest },
    { registry },
  );
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function eventJson(event: GeoEvent): Record<string, unknown> {
  return { ...event, occurredAt: event.occurredAt.toISO(), knownAt: event.knownAt.toISO() };
}

function printRejection(io: CliIo, rejection: Rejection): number {
  io.stdout.write(`${JSON.stringify({ rejected: rejection }, null, 2)}\n`);
  io.stderr.write(`crescent classify: rejected (${rejection.code}): ${rejection.reason}\n`);
  return 1;
}

export async function runClassify(
  args: readonly string[],
  io: CliIo,
  registry: AssetRegistry = LIBYA_REGISTRY,
): Promise<number> {
  const options = parseArgs(args);
  if (typeof options === 'string') {
    io.stderr.write(`crescent classify: ${options}\n\n${USAGE}\n`);
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes =
      options.input === undefined || options.input === '-'
        ? await readAll(io.stdin)
        : await readFile(isAbsolute(options.input) ? options.input : join(io.cwd, options.input));
  } catch (err) {
    io.stderr.write(
      `crescent classify: cannot read ${options.input ?? 'stdin'}: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return 2;
  }
  // Decoded, bytes that are not UTF-8 would become replacement characters read as words;
  // the ingestor refuses such a message, and the backtest such a line.
  if (!isUtf8(bytes)) return printRejection(io, NOT_UTF8);
  const result = normaliseOne(bytes.toString('utf8'), options, registry);
  if (typeof result === 'string') {
    io.stderr.write(`crescent classify: ${result}\n`);
    return 2;
  }
  if (!result.ok) return printRejection(io, result.rejection);
  const event = result.value;
  const impacts = mapEventToImpacts(event, registry).map((i) => ({ ...i, at: i.at.toISO() }));
  const output = {
    type: event.type,
    confidence: event.confidence,
    severity: event.severity,
    evidence: event.evidence,
    event: eventJson(event),
    impacts,
  };
  io.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  return 0;
}

/** `crescent classify`: one item in, its event, type, evidence and asset impacts out. */
export const classifyCommand: CliCommand = {
  name: 'classify',
  summary: 'normalise and classify one event (any format, or plain text) and show its asset impacts',
  usage: USAGE,
  run: (args, io) => runClassify(args, io),
};
