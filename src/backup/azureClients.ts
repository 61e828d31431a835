import { Agent as HttpsAgent } from 'node:https';
import type { AccessToken, TokenCredential } from '@azure/identity';
import type { RecoveryServicesBackupClient } from '@azure/arm-recoveryservicesbackup';
import type { RecoveryServicesClient } from '@azure/arm-recoveryservices';
import type { ComputeManagementClient } from '@azure/arm-compute';
import { sdkModules } from './sdkModules';
import type { Logger } from '../logger';
import { createArmRecorder } from './recording/armRecorder';

/**
 * Builds the SDK clients the BackupService uses, once per subscription. Azure mode signs in with
 * DefaultAzureCredential (managed identity in Azure). Sandbox mode sends a static bearer token to
 * the sandbox URL and trusts the sandbox's CA through an https.Agent set on each request by a
 * pipeline policy, so TLS verification stays on and nothing changes globally.
 */

export interface SandboxConnection {
  url: string;
  caPem: string;
  token: string;
}

export interface RetrySettings {
  maxRetries: number;
  retryDelayInMs?: number;
  maxRetryDelayInMs?: number;
}

export interface AzureClientsOptions {
  mode: 'sandbox' | 'azure';
  sandbox?: SandboxConnection;
  /** How the SDK retries 429/5xx/network errors (the SDK default is 3 retries with exponential backoff). */
  retry?: RetrySettings;
  /** Longest one call may take, its retries included (AZURE_CALL_TIMEOUT_MS); 0 means no limit. */
  requestTimeoutMs?: number;
  /** Overrides the credential (tests, or a specific identity). */
  credential?: TokenCredential;
  /** ARM_RECORD_DIR: write every ARM exchange, sanitised, to a JSON file there (see recording/armRecorder.ts). */
  recordDir?: string;
  logger?: Logger;
}

export interface SubscriptionClients {
  subscriptionId: string;
  backup: RecoveryServicesBackupClient;
  vaults: RecoveryServicesClient;
  compute: ComputeManagementClient;
}

export interface AzureClients {
  forSubscription(subscriptionId: string): SubscriptionClients;
  /** Enabled subscriptions the credential can see (used when none are configured). */
  discoverSubscriptionIds(): Promise<string[]>;
  /** Closes the kept-alive sandbox connections. */
  close(): void;
}

/** A pipeline policy: the shape every client's `pipeline.addPolicy` accepts. */
interface RequestPolicy {
  name: string;
  sendRequest: Parameters<RecoveryServicesBackupClient['pipeline']['addPolicy']>[0]['sendRequest'];
}

export function createAzureClients(options: AzureClientsOptions): AzureClients {
  const connection = options.mode === 'sandbox' ? requireSandbox(options.sandbox) : undefined;
  const credential = options.credential ?? (connection ? staticTokenCredential(connection.token) : defaultCredentialOnFirstUse());
  const clientOptions = {
    ...(connection ? { endpoint: connection.url } : {}),
    ...(options.retry ? { retryOptions: options.retry } : {}),
  };
  const agent = connection ? new HttpsAgent({ ca: connection.caPem, keepAlive: true }) : undefined;
  const policies = [agentPolicy(agent), deadlinePolicy(options.requestTimeoutMs ?? 0)].filter((policy) => policy !== undefined);
  const recorder = options.recordDir ? createArmRecorder(options.recordDir, options.logger) : undefined;
  const cache = new Map<string, SubscriptionClients>();

  // Every client the bot builds comes through here, so the recorder sees every ARM exchange.
  function withPolicy<T extends { pipeline: { addPolicy(policy: RequestPolicy, options?: { afterPhase?: 'Retry' }): void } }>(client: T): T {
    for (const policy of policies) client.pipeline.addPolicy(policy);
    // After the retry policy: each attempt is an exchange of its own, as Azure saw it.
    if (recorder) client.pipeline.addPolicy(recorder.policy, { afterPhase: 'Retry' });
    return client;
  }

  return {
    forSubscription(subscriptionId) {
      const key = subscriptionId.toLowerCase();
      let clients = cache.get(key);
      if (!clients) {
        const { backup, vaults, compute } = sdkModules();
        clients = {
          subscriptionId,
          backup: withPolicy(new backup.RecoveryServicesBackupClient(credential, subscriptionId, clientOptions)),
          vaults: withPolicy(new vaults.RecoveryServicesClient(credential, subscriptionId, clientOptions)),
          compute: withPolicy(new compute.ComputeManagementClient(credential, subscriptionId, clientOptions)),
        };
        cache.set(key, clients);
      }
      return clients;
    },
    async discoverSubscriptionIds() {
      const client = withPolicy(new (sdkModules().subscriptions.SubscriptionClient)(credential, clientOptions));
      const ids: string[] = [];
      for await (const subscription of client.subscriptions.list()) {
        if (subscription.subscriptionId && (subscription.state === undefined || subscription.state === 'Enabled')) ids.push(subscription.subscriptionId);
      }
      return ids;
    },
    close() {
      recorder?.flushSync();
      agent?.destroy();
    },
  };
}

function requireSandbox(sandbox: SandboxConnection | undefined): SandboxConnection {
  if (!sandbox || !sandbox.url || !sandbox.caPem || !sandbox.token) {
    throw new Error('Sandbox mode needs the sandbox URL, its CA certificate and its token.');
  }
  if (!/^https:\/\//i.test(sandbox.url)) throw new Error('The sandbox URL must start with https:// (the SDK refuses bearer tokens over http).');
  return sandbox;
}

/** DefaultAzureCredential, built (and its package loaded) when the first token is needed, not at start. */
function defaultCredentialOnFirstUse(): TokenCredential {
  let credential: TokenCredential | undefined;
  return {
    getToken(scopes, options) {
      credential ??= new (sdkModules().identity.DefaultAzureCredential)();
      return credential.getToken(scopes, options);
    },
  };
}

/** The sandbox accepts one fixed token; it never expires from the SDK's point of view. */
export function staticTokenCredential(token: string): TokenCredential {
  return {
    async getToken(): Promise<AccessToken> {
      return { token, expiresOnTimestamp: Date.now() + 60 * 60 * 1000 };
    },
  };
}

function agentPolicy(agent: HttpsAgent | undefined): RequestPolicy | undefined {
  if (!agent) return undefined;
  return {
    name: 'sandboxAgentPolicy',
    sendRequest(request, next) {
      request.agent = agent;
      return next(request);
    },
  };
}

/** Thrown when one Azure call outlived AZURE_CALL_TIMEOUT_MS; mapAzureError turns it into a sentence. */
export class AzureCallTimeoutError extends Error {
  readonly code = 'TIMEOUT';

  constructor(
    readonly timeoutMs: number,
    options?: { cause: unknown },
  ) {
    super(`Azure did not answer within ${timeoutMs} ms`, options);
    this.name = 'AzureCallTimeoutError';
  }
}

/**
 * A deadline on each call, retries and Retry-After waits included: added without a phase, the
 * policy runs outside the SDK's retry policy, and the abort signal also cuts the retry delays.
 */
function deadlinePolicy(timeoutMs: number): RequestPolicy | undefined {
  if (timeoutMs <= 0) return undefined;
  return {
    name: 'azureCallDeadlinePolicy',
    async sendRequest(request, next) {
      const deadline = AbortSignal.timeout(timeoutMs);
      const existing = request.abortSignal as AbortSignal | undefined;
      request.abortSignal = existing ? AbortSignal.any([existing, deadline]) : deadline;
      try {
        return await next(request);
      } catch (err) {
        if (deadline.aborted && !existing?.aborted) throw new AzureCallTimeoutError(timeoutMs, { cause: err });
        throw err;
      }
    },
  };
}
