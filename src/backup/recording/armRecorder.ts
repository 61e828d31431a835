import fs from 'node:fs';
import path from 'node:path';
import type { RecoveryServicesBackupClient } from '@azure/arm-recoveryservicesbackup';
import { errorFacts, type Logger } from '../../logger';
import type { RecordedExchange } from './exchange';
import { RecordingSanitizer } from './sanitizer';

/**
 * Recording mode (ARM_RECORD_DIR): a pipeline policy on every SDK client writes each ARM exchange
 * the bot makes into one JSON file per run, in the format of test/fixtures/azure-recordings
 * (SOURCES.md), so the first run against real Azure feeds `npm run fidelity -- <dir>`.
 * Everything written goes through the sanitizer first: no request header (bearer tokens) is kept,
 * only the location / azure-asyncoperation / retry-after / date response headers, with signed URL
 * parameters dropped; ids and names become placeholders.
 */

export interface ArmRecorder {
  policy: PipelinePolicy;
  /** The file this run writes. */
  file: string;
  /** Resolves once every exchange seen so far is on disk. */
  flush(): Promise<void>;
  /** Writes what is pending now (shutdown). */
  flushSync(): void;
}

// The SDK's pipeline types, taken from a client the bot uses (no direct dependency on core-rest-pipeline).
type PipelinePolicy = Parameters<RecoveryServicesBackupClient['pipeline']['addPolicy']>[0];
type SendRequest = PipelinePolicy['sendRequest'];
type PipelineRequest = Parameters<SendRequest>[0];
type PipelineResponse = Awaited<ReturnType<SendRequest>>;

const KEPT_HEADERS = ['location', 'azure-asyncoperation', 'retry-after', 'date'];
const URL_HEADERS = new Set(['location', 'azure-asyncoperation']);
const SOURCE = 'teams-backup-bot ARM_RECORD_DIR';

export function createArmRecorder(dir: string, logger?: Logger): ArmRecorder {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `bot-session-${stamp}-${process.pid}.json`);
  const sanitizer = new RecordingSanitizer();
  // Kept as received (request headers never are) and sanitised as a whole at each save: a name first
  // recognised in a later exchange (an id naming it) is then replaced in the earlier ones too.
  const exchanges: Array<{ raw: RecordedExchange; clean?: RecordedExchange; version: number }> = [];
  let writing: Promise<void> = Promise.resolve();
  let scheduled: NodeJS.Timeout | undefined;
  let warned = false;
  // The newest write wins: an older one still in flight is dropped rather than renamed over it.
  let generation = 0;

  /** Exchanges are cleaned again only when an original was learned since they last were. */
  function cleaned(): RecordedExchange[] {
    return exchanges.map((entry) => {
      if (entry.clean === undefined || entry.version !== sanitizer.version) {
        entry.clean = sanitise(sanitizer, entry.raw);
        entry.version = sanitizer.version;
      }
      return entry.clean;
    });
  }

  /** Writes at most every 100 ms: a burst of calls costs one write. */
  function scheduleSave(): void {
    if (scheduled) return;
    scheduled = setTimeout(() => {
      scheduled = undefined;
      save();
    }, 100);
    scheduled.unref();
  }

  function save(): void {
    const text = `${JSON.stringify(cleaned(), null, 1)}\n`;
    // One write at a time, each replacing the whole file through a rename: a crash leaves a valid file.
    const gen = ++generation;
    writing = writing.then(async () => {
      const temp = `${file}.${gen}.tmp`;
      try {
        await fs.promises.writeFile(temp, text, 'utf8');
        if (gen !== generation) {
          await fs.promises.unlink(temp);
          return;
        }
        await fs.promises.rename(temp, file);
      } catch (err) {
        if (!warned) logger?.warn({ ...errorFacts(err), file }, 'could not write the ARM recording; recording goes on in memory');
        warned = true;
      }
    });
  }

  const policy: PipelinePolicy = {
    name: 'armRecorder',
    async sendRequest(request: PipelineRequest, next) {
      const response = await next(request);
      try {
        const exchange = toExchange(exchanges.length, request, response);
        sanitizer.learn(safeDecode(exchange.path), exchange.query, exchange.requestBody, exchange.body, exchange.headers.location ?? '', exchange.headers['azure-asyncoperation'] ?? '');
        exchanges.push({ raw: exchange, version: -1 });
        scheduleSave();
      } catch (err) {
        // Recording must never break the call it observes.
        logger?.warn(errorFacts(err), 'could not record an ARM exchange');
      }
      return response;
    },
  };
  logger?.info({ file }, 'recording ARM exchanges (sanitised) for the fidelity suite');
  return {
    policy,
    file,
    flush: () => {
      if (scheduled) {
        clearTimeout(scheduled);
        scheduled = undefined;
        save();
      }
      return writing;
    },
    flushSync: () => {
      if (scheduled) clearTimeout(scheduled);
      scheduled = undefined;
      generation += 1;
      try {
        fs.writeFileSync(file, `${JSON.stringify(cleaned(), null, 1)}\n`, 'utf8');
      } catch (err) {
        logger?.warn({ ...errorFacts(err), file }, 'could not write the ARM recording at shutdown');
      }
    },
  };
}

function toExchange(seq: number, request: PipelineRequest, response: PipelineResponse): RecordedExchange {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = response.headers.get(name);
    if (value !== undefined) headers[name] = value;
  }
  const requestBody = parseJson(typeof request.body === 'string' ? request.body : undefined);
  return {
    source: SOURCE,
    seq,
    method: request.method,
    path: url.pathname,
    query: decodeQuery(url.search),
    requestBody: requestBody === '' ? null : requestBody,
    status: response.status,
    headers,
    body: parseJson(response.bodyAsText ?? undefined),
  };
}

function sanitise(sanitizer: RecordingSanitizer, exchange: RecordedExchange): RecordedExchange {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(exchange.headers)) headers[name] = URL_HEADERS.has(name) ? sanitizer.cleanUrl(value) : value;
  return {
    ...exchange,
    path: sanitizer.cleanPath(exchange.path),
    query: sanitizer.cleanString(exchange.query),
    requestBody: sanitizer.clean(exchange.requestBody),
    headers,
    body: sanitizer.clean(exchange.body),
  };
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined || text === '') return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function decodeQuery(search: string): string {
  const raw = search.replace(/^\?/, '');
  return raw
    .split('&')
    .filter((part) => part !== '')
    .map((part) => safeDecode(part.replace(/\+/g, ' ')))
    .join('&');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
