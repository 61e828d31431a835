import https from 'node:https';
import { ComputeManagementClient } from '@azure/arm-compute';
import { RecoveryServicesClient } from '@azure/arm-recoveryservices';
import { RecoveryServicesBackupClient } from '@azure/arm-recoveryservicesbackup';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { staticTokenCredential } from '../../src/backup/azureClients';
import type { SandboxHandle } from '../../src/sandbox';

// Real Azure SDK clients pointed at a running sandbox, built here from the published packages
// rather than through src/backup/azureClients, so the sandbox's own tests do not depend on the
// bot's client wiring (the static token is the same one). Only three things differ from production:
//  1. endpoint: the sandbox URL;
//  2. credential: a static token the sandbox accepts;
//  3. TLS trust: a pipeline policy gives every request an https.Agent that trusts the sandbox's
//     self-signed certificate (and nothing else changes: no NODE_TLS_REJECT_UNAUTHORIZED).

export interface SandboxClients {
  backup: RecoveryServicesBackupClient;
  vaults: RecoveryServicesClient;
  compute: ComputeManagementClient;
  subscriptions: SubscriptionClient;
}

/** A per-call pipeline policy making every request trust `caPem`. */
function trustCaPolicy(caPem: string) {
  const agent = new https.Agent({ ca: caPem, keepAlive: true });
  return {
    name: 'sandboxTrustCa',
    sendRequest: (request: { agent?: https.Agent }, next: (request: never) => Promise<unknown>) => {
      request.agent = agent;
      return next(request as never);
    },
  };
}

export function createSandboxClients(handle: Pick<SandboxHandle, 'url' | 'caPem' | 'token'>, subscriptionId: string): SandboxClients {
  const credential = staticTokenCredential(handle.token);
  const options = {
    endpoint: handle.url,
    additionalPolicies: [{ policy: trustCaPolicy(handle.caPem), position: 'perCall' as const }],
    // Fast retries in tests; throttling (429) still waits for Retry-After.
    retryOptions: { maxRetries: 2, retryDelayInMs: 10, maxRetryDelayInMs: 50 },
  };
  return {
    backup: new RecoveryServicesBackupClient(credential, subscriptionId, options as never),
    vaults: new RecoveryServicesClient(credential, subscriptionId, options as never),
    compute: new ComputeManagementClient(credential, subscriptionId, options as never),
    subscriptions: new SubscriptionClient(credential, options as never),
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  text: string;
}

/** A plain HTTPS request to the sandbox (for what the SDK hides: raw status codes, headers, bad input). */
export function rawSandboxRequest(
  handle: Pick<SandboxHandle, 'url' | 'caPem' | 'token'>,
  method: string,
  pathAndQuery: string,
  options: { body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const url = new URL(pathAndQuery, handle.url);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  const token = options.token === undefined ? handle.token : options.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (payload !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const request = https.request(url, { method, headers, ca: handle.caPem }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const flatHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) flatHeaders[name.toLowerCase()] = String(value);
        resolve({ status: response.statusCode ?? 0, headers: flatHeaders, body: text === '' ? undefined : JSON.parse(text), text });
      });
    });
    request.on('error', reject);
    if (payload !== undefined) request.write(payload);
    request.end();
  });
}
