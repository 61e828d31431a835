import https from 'node:https';
import { startSandbox, type SandboxHandle } from '../../src/sandbox';
import { allowedBecause, skippedBecause } from './allowlist';
import { compareExchange, type Difference } from './compare';
import { apiVersionOf, kindOf, type Exchange, type RecordingFile } from './recording';
import { decodedPath, estateOf, operationIdOfHeaders, operationIdOfPoll } from './seed';

// Replays a recording against a sandbox seeded with the recording's own entities, in the recorded
// order (sequences such as discovery, configure protection and backup now stay sequences), with the
// sandbox clock following the recorded response dates, and compares every answer.

export interface ExchangeResult {
  file: string;
  index: number;
  seq: number | null | undefined;
  kind: string;
  apiVersion: string;
  /** Set when the exchange is of a kind that is not replayed (with the allowlist's reason). */
  skipped?: string;
  /** Differences left after the allowlist. */
  differences: Difference[];
  /** Differences the allowlist accepts, with its reason. */
  allowed: Array<Difference & { reason: string }>;
}

type Json = Record<string, unknown>;

export async function replayRecording(recording: RecordingFile): Promise<ExchangeResult[]> {
  const sandbox = await startSandbox({ estate: estateOf(recording), retryAfterSeconds: 60 });
  const ids = new Map<string, string>();
  const skippedIds = new Map<string, string>();
  const results: ExchangeResult[] = [];
  try {
    for (const [index, exchange] of recording.exchanges.entries()) {
      const base = { file: recording.file, index, seq: exchange.seq, kind: kindOf(exchange), apiVersion: apiVersionOf(exchange) };
      const skipped = skippedBecause(exchange) ?? followsSkipped(exchange, skippedIds);
      if (skipped) {
        results.push({ ...base, skipped, differences: [], allowed: [] });
        rememberSkipped(recording, index, skipped, skippedIds);
        continue;
      }
      await followClock(sandbox, exchange);
      prepare(sandbox, recording, index, ids);
      const actual = await send(sandbox, exchange, ids);
      learnIds(exchange, actual, ids);
      const all = compareExchange({ status: exchange.status, headers: exchange.headers, body: exchange.body }, actual);
      const allowed: ExchangeResult['allowed'] = [];
      const differences: Difference[] = [];
      for (const difference of all) {
        const reason = allowedBecause(exchange, difference);
        if (reason) allowed.push({ ...difference, reason });
        else differences.push(difference);
      }
      results.push({ ...base, differences, allowed });
    }
  } finally {
    await sandbox.close();
  }
  return results;
}

async function followClock(sandbox: SandboxHandle, exchange: Exchange): Promise<void> {
  const at = Date.parse(exchange.headers.date ?? '');
  if (Number.isNaN(at)) return;
  const minutes = (at - sandbox.control.now().getTime()) / 60_000;
  if (minutes > 0) await sandbox.control.advanceClock(minutes);
}

/**
 * Before a write that starts an operation, tell the sandbox how many polls the recording saw "in
 * progress", and for a backup, how long its snapshot and transfer took (the recording's own times).
 */
function prepare(sandbox: SandboxHandle, recording: RecordingFile, index: number, ids: Map<string, string>): void {
  const exchange = recording.exchanges[index];
  if (exchange.method === 'GET' || exchange.status !== 202) return;
  const op = operationIdOfHeaders(exchange.headers);
  const later = recording.exchanges.slice(index + 1);
  if (op) {
    const polls = later.filter((candidate) => operationIdOfPoll(candidate) === op);
    sandbox.control.setNextOperationPolls(polls.filter((poll) => poll.status === 202 || (poll.body as Json | undefined)?.status === 'InProgress').length);
    if (/\/backup$/i.test(exchange.path)) backupTimes(sandbox, exchange, polls, later);
    if (exchange.method === 'PUT') configureFailure(sandbox, exchange, polls);
  }
  void ids;
}

/**
 * A configure protection the recording saw fail because the VM agent was not ready: the agent broke
 * after the VM was last read, so the sandbox's VM gets the same agent state just before the PUT.
 */
function configureFailure(sandbox: SandboxHandle, put: Exchange, polls: Exchange[]): void {
  const final = polls[polls.length - 1]?.body as Json | undefined;
  const code = (final?.error as Json | undefined)?.code;
  const vm = /\/protectedItems\/(?:vm;)?iaasvmcontainerv2;([^;/]+);([^;/]+)$/i.exec(decodedPath(put));
  if (final?.status === 'Failed' && code === 'UserErrorGuestAgentStatusUnavailable' && vm) sandbox.control.setVmAgent({ vm: `${vm[1]}/${vm[2]}`, status: 'NotReady' });
}

function backupTimes(sandbox: SandboxHandle, trigger: Exchange, polls: Exchange[], later: Exchange[]): void {
  const jobId = polls.map((poll) => ((poll.body as Json | undefined)?.properties as Json | undefined)?.jobId).find((id) => typeof id === 'string') as string | undefined;
  const vm = /;([^;/]+);([^;/]+)\/backup$/i.exec(decodedPath(trigger));
  const start = Date.parse(trigger.headers.date ?? '');
  if (!jobId || !vm || Number.isNaN(start)) return;
  const reads = later.filter((candidate) => candidate.method === 'GET' && decodedPath(candidate).toLowerCase().endsWith(`/backupjobs/${jobId.toLowerCase()}`));
  const task = (read: Exchange, index: number) => String(((((read.body as Json).properties as Json).extendedInfo as Json | undefined)?.tasksList as Json[] | undefined)?.[index]?.status ?? '');
  // The moment between the last read before a change and the first read after it.
  const switchTime = (changed: (read: Exchange) => boolean): number | undefined => {
    const after = reads.findIndex(changed);
    if (after < 0) return undefined;
    const before = after > 0 ? Date.parse(reads[after - 1].headers.date ?? '') : start;
    return (before + Date.parse(reads[after].headers.date ?? '')) / 2;
  };
  const snapshotDone = switchTime((read) => task(read, 0) !== 'InProgress' && task(read, 0) !== 'NotStarted');
  const transferStarted = switchTime((read) => task(read, 1) !== 'NotStarted' && task(read, 1) !== '');
  const jobDone = switchTime((read) => ((read.body as Json).properties as Json).status !== 'InProgress');
  if (snapshotDone === undefined) return;
  const transferStart = transferStarted ?? snapshotDone;
  sandbox.control.setOutcome({
    vm: `${vm[1]}/${vm[2]}`,
    status: 'Completed',
    snapshotSeconds: Math.max(1, Math.round((snapshotDone - start) / 1000)),
    transferDelaySeconds: Math.max(0, Math.round((transferStart - snapshotDone) / 1000)),
    transferSeconds: jobDone === undefined ? 7 * 86_400 - 1 : Math.max(1, Math.round((jobDone - transferStart) / 1000)),
  });
}

/** Ids (operations, jobs) started by a skipped write: the exchanges that follow them are skipped too. */
function rememberSkipped(recording: RecordingFile, index: number, reason: string, skippedIds: Map<string, string>): void {
  const exchange = recording.exchanges[index];
  const op = exchange.status === 202 ? operationIdOfHeaders(exchange.headers) : undefined;
  if (!op) return;
  skippedIds.set(op, reason);
  for (const poll of recording.exchanges.slice(index + 1).filter((candidate) => operationIdOfPoll(candidate) === op)) {
    const jobId = ((poll.body as Json | undefined)?.properties as Json | undefined)?.jobId;
    if (typeof jobId === 'string') skippedIds.set(jobId.toLowerCase(), reason);
  }
}

function followsSkipped(exchange: Exchange, skippedIds: Map<string, string>): string | undefined {
  const path = decodedPath(exchange).toLowerCase();
  for (const [id, reason] of skippedIds) if (path.includes(id)) return `follows a skipped write: ${reason}`;
  return undefined;
}

/** Recorded ids (operations, jobs) the sandbox gave other values are substituted in later requests. */
function substitute(text: string, ids: Map<string, string>): string {
  let result = text;
  for (const [recorded, actual] of ids) result = result.split(recorded).join(actual);
  return result;
}

function learnIds(exchange: Exchange, actual: { headers: Record<string, string>; body?: unknown }, ids: Map<string, string>): void {
  const recordedOp = operationIdOfHeaders(exchange.headers);
  const actualOp = operationIdOfHeaders(actual.headers);
  if (recordedOp && actualOp && recordedOp !== actualOp) ids.set(recordedOp, actualOp);
  // Recovery points: the recorded list's ids stand for the sandbox's, in order.
  if (/\/recoveryPoints$/i.test(exchange.path) && Array.isArray((exchange.body as Json | undefined)?.value) && Array.isArray((actual.body as Json | undefined)?.value)) {
    const recorded = (exchange.body as { value: Json[] }).value;
    const got = (actual.body as { value: Json[] }).value;
    recorded.forEach((point, i) => {
      if (got[i] && typeof point.name === 'string') ids.set(point.name, String(got[i].name));
    });
  }
  const recordedJob = ((exchange.body as Json | undefined)?.properties as Json | undefined)?.jobId;
  const actualJob = ((actual.body as Json | undefined)?.properties as Json | undefined)?.jobId;
  if (typeof recordedJob === 'string' && typeof actualJob === 'string' && recordedJob !== actualJob) ids.set(recordedJob.toLowerCase(), actualJob);
}

async function send(sandbox: SandboxHandle, exchange: Exchange, ids: Map<string, string>): Promise<{ status: number; headers: Record<string, string>; body?: unknown }> {
  const path = substitute(exchange.path.toLowerCase() === exchange.path ? exchange.path : exchange.path, ids).replace(/^\/Subscriptions\//, '/subscriptions/');
  const query = encodeQuery(exchange.query);
  const payload = exchange.requestBody === undefined || exchange.requestBody === null ? undefined : substitute(JSON.stringify(exchange.requestBody), ids);
  const headers: Record<string, string> = { Authorization: `Bearer ${sandbox.token}` };
  if (payload !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const request = https.request(new URL(`${path}?${query}`, sandbox.url), { method: exchange.method, headers, ca: sandbox.caPem }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) flat[name.toLowerCase()] = String(value);
        resolve({ status: response.statusCode ?? 0, headers: flat, body: text === '' ? '' : JSON.parse(text) });
      });
    });
    request.on('error', reject);
    if (payload !== undefined) request.write(payload);
    request.end();
  });
}

/** The recorded query is percent-decoded (SOURCES.md): encode each value again. */
function encodeQuery(query: string): string {
  return query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      const name = at < 0 ? pair : pair.slice(0, at);
      const value = at < 0 ? '' : pair.slice(at + 1);
      return `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
    })
    .join('&');
}

export function summaryLine(results: ExchangeResult[]): string {
  const replayed = results.filter((result) => !result.skipped);
  const differ = replayed.filter((result) => result.differences.length > 0).length;
  return `fidelity: ${replayed.length} exchanges, ${replayed.length - differ} match, ${differ} differ`;
}
