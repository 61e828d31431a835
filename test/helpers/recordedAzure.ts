import fs from 'node:fs';
import path from 'node:path';
import { createHttpHeaders, type HttpClient, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { ComputeManagementClient } from '@azure/arm-compute';
import { RecoveryServicesClient } from '@azure/arm-recoveryservices';
import { RecoveryServicesBackupClient } from '@azure/arm-recoveryservicesbackup';
import { staticTokenCredential } from '../../src/backup/azureClients';
import { exchangeSchema, type Exchange } from '../fidelity/recording';

// Bodies recorded against live Azure (test/fixtures/azure-recordings, format in SOURCES.md), served to
// the real Azure SDK clients through their `httpClient` option: the SDK parses and deserialises them
// exactly as it would Azure's responses (dates become Date objects, unknown keys pass through), so the
// bot's views are tested on what Azure really sends, not on hand-written objects.

/** One recorded exchange, in the SOURCES.md format the fidelity replayer reads (one schema for both). */
export type RecordedExchange = Exchange;

const DIR = path.join(__dirname, '..', 'fixtures', 'azure-recordings');

export function loadRecording(file: string): RecordedExchange[] {
  return exchangeSchema.array().parse(JSON.parse(fs.readFileSync(path.join(DIR, file.endsWith('.json') ? file : `${file}.json`), 'utf8')));
}

/** The exchange with `seq` in a recording file (throws when it is not there, so a test cannot pass on nothing). */
export function recorded(file: string, seq: number): RecordedExchange {
  const exchange = loadRecording(file).find((e) => e.seq === seq);
  if (!exchange) throw new Error(`no exchange ${seq} in ${file}`);
  return exchange;
}

const normalisePath = (p: string) => decodeURIComponent(p).replace(/\/+$/, '').toLowerCase();

/**
 * An HttpClient answering each request with the next unused exchange of the same method and path
 * (case-insensitive, percent-decoded), in recording order; the requests it saw are kept in `seen`.
 */
export function replayHttpClient(exchanges: RecordedExchange[]): HttpClient & { seen: PipelineRequest[] } {
  const unused = [...exchanges];
  const seen: PipelineRequest[] = [];
  return {
    seen,
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      seen.push(request);
      const url = new URL(request.url);
      const index = unused.findIndex((e) => e.method === request.method && normalisePath(e.path) === normalisePath(url.pathname));
      if (index < 0) throw new Error(`no recorded exchange for ${request.method} ${url.pathname}`);
      const [exchange] = unused.splice(index, 1);
      const headers = createHttpHeaders({ 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': `replay-${exchange.seq}` });
      for (const [name, value] of Object.entries(exchange.headers ?? {})) headers.set(name, value);
      const bodyAsText = exchange.body === '' || exchange.body === null ? '' : JSON.stringify(exchange.body);
      return { request, status: exchange.status, headers, bodyAsText };
    },
  };
}

export interface RecordedClients {
  backup: RecoveryServicesBackupClient;
  vaults: RecoveryServicesClient;
  compute: ComputeManagementClient;
  http: ReturnType<typeof replayHttpClient>;
}

/** SDK clients for the recording's subscription, answered from `exchanges` (never the network). */
export function recordedClients(subscriptionId: string, exchanges: RecordedExchange[]): RecordedClients {
  const http = replayHttpClient(exchanges);
  const options = { httpClient: http, retryOptions: { maxRetries: 0 } };
  const credential = staticTokenCredential('recorded');
  return {
    backup: new RecoveryServicesBackupClient(credential, subscriptionId, options),
    vaults: new RecoveryServicesClient(credential, subscriptionId, options),
    compute: new ComputeManagementClient(credential, subscriptionId, options),
    http,
  };
}

/** Subscription, resource group and vault named in an exchange's path. */
export function scopeOf(exchange: RecordedExchange): { subscriptionId: string; resourceGroup: string; vault: string } {
  const match = /\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.RecoveryServices\/vaults\/([^/]+)/i.exec(exchange.path);
  if (!match) throw new Error(`no vault in ${exchange.path}`);
  return { subscriptionId: decodeURIComponent(match[1]), resourceGroup: decodeURIComponent(match[2]), vault: decodeURIComponent(match[3]) };
}
