import { z } from 'zod';
import { IANAZone } from 'luxon';

// Every setting comes from the environment (and `.env` when present, loaded by index.ts).
// A bad setting must stop start-up with one line naming the variable and what it expects.

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const guidList = (what: string) =>
  z
    .string()
    .optional()
    .transform((raw) => splitList(raw))
    .refine((ids) => ids.every((id) => GUID.test(id)), {
      message: `expected a comma-separated list of ${what} (GUIDs like 00000000-0000-0000-0000-000000000000)`,
    })
    .transform((ids) => ids.map((id) => id.toLowerCase()));

/** A whole number from 1 to `max`; undefined when the setting is empty or missing. */
const optionalPositiveInt = (max = 1_000_000) =>
  z
    .string()
    .optional()
    .transform((raw) => raw?.trim() || undefined)
    .refine((raw) => raw === undefined || (/^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= max), {
      message: `expected a whole number from 1 to ${max}`,
    })
    .transform((raw) => (raw === undefined ? undefined : Number(raw)));

const positiveInt = (fallback: number, max = 1_000_000) => optionalPositiveInt(max).transform((value) => value ?? fallback);

const port = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((raw) => (raw === undefined || raw.trim() === '' ? String(fallback) : raw.trim()))
    .refine((raw) => /^\d+$/.test(raw) && Number(raw) >= 0 && Number(raw) <= 65535, {
      message: 'expected a TCP port number from 0 to 65535',
    })
    .transform(Number);

const ianaZone = z
  .string()
  .optional()
  .transform((raw) => (raw === undefined || raw.trim() === '' ? 'UTC' : raw.trim()))
  .refine((zone) => IANAZone.isValidZone(zone), {
    message: 'expected an IANA time zone such as Europe/Paris or UTC',
  });

const onOff = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((raw) => (raw === undefined || raw.trim() === '' ? (fallback ? 'on' : 'off') : raw.trim().toLowerCase()))
    .refine((raw) => ['on', 'off', 'true', 'false', '1', '0'].includes(raw), { message: 'expected on or off' })
    .transform((raw) => ['on', 'true', '1'].includes(raw));

const envSchema = z.object({
  PORT: port(3978),
  HTTP_HEADERS_TIMEOUT_SECONDS: positiveInt(10, 300),
  HTTP_REQUEST_TIMEOUT_SECONDS: positiveInt(30, 600),
  MicrosoftAppId: z
    .string()
    .optional()
    .transform((raw) => raw?.trim() ?? '')
    .refine((id) => id === '' || GUID.test(id), { message: 'expected the bot registration\'s app id (a GUID) or nothing for local anonymous mode' }),
  MicrosoftAppPassword: z.string().optional().transform((raw) => raw ?? ''),
  MicrosoftAppType: z
    .string()
    .optional()
    .transform((raw) => (raw === undefined || raw.trim() === '' ? 'MultiTenant' : raw.trim()))
    .pipe(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], { message: 'expected MultiTenant, SingleTenant or UserAssignedMSI' })),
  MicrosoftAppTenantId: z
    .string()
    .optional()
    .transform((raw) => raw?.trim() ?? '')
    .refine((id) => id === '' || GUID.test(id), { message: 'expected a tenant id (GUID)' }),
  BACKUP_MODE: z
    .string()
    .optional()
    .transform((raw) => raw?.trim().toLowerCase() || undefined)
    .pipe(z.enum(['sandbox', 'azure'], { message: 'expected sandbox or azure' }).optional()),
  AZURE_SUBSCRIPTION_IDS: guidList('subscription ids'),
  APPROVERS: guidList('AAD object ids'),
  OPERATORS: guidList('AAD object ids'),
  APPROVER_TEAM_ID: z.string().optional().transform((raw) => raw?.trim() ?? ''),
  ALLOWED_TENANTS: guidList('tenant ids'),
  DATA_DIR: z.string().optional().transform((raw) => (raw === undefined || raw.trim() === '' ? './data' : raw.trim())),
  STORAGE: z
    .string()
    .optional()
    .transform((raw) => raw?.trim().toLowerCase() || 'file')
    .pipe(z.enum(['file', 'blob'], { message: 'expected file (one replica, DATA_DIR) or blob (Azure Blob Storage, several replicas)' })),
  AZURE_STORAGE_ACCOUNT_URL: z
    .string()
    .optional()
    .transform((raw) => raw?.trim() || undefined)
    .refine((url) => url === undefined || /^https:\/\/[^\s/]+\/?$/.test(url), { message: "expected the storage account's blob endpoint, like https://myaccount.blob.core.windows.net" }),
  AZURE_STORAGE_CONNECTION_STRING: z
    .string()
    .optional()
    .transform((raw) => raw?.trim() || undefined)
    .refine((cs) => cs === undefined || /(^|;)\s*(AccountName|BlobEndpoint)=/i.test(cs), { message: 'expected a storage connection string (with AccountName= or BlobEndpoint=)' }),
  AZURE_STORAGE_CONTAINER: z
    .string()
    .optional()
    .transform((raw) => raw?.trim() || 'teams-backup-bot')
    .refine((name) => /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/.test(name), { message: 'expected a container name: 3-63 lower-case letters, digits and single hyphens' }),
  AZURITE_PORT: port(10000),
  LEADER_LEASE_SECONDS: z
    .string()
    .optional()
    .transform((raw) => (raw === undefined || raw.trim() === '' ? '30' : raw.trim()))
    .refine((raw) => /^\d+$/.test(raw) && Number(raw) >= 15 && Number(raw) <= 60, { message: 'expected a whole number of seconds from 15 to 60 (the range of a blob lease)' })
    .transform(Number),
  OUTBOX_SEND_TIMEOUT_SECONDS: positiveInt(30, 600),
  DEFAULT_TIMEZONE: ianaZone,
  WATCH_INTERVAL_SECONDS: positiveInt(60, 86_400),
  // Empty means the mode's default (jobFollowDefaultSeconds): read after the mode is known.
  JOB_FOLLOW_INTERVAL_SECONDS: optionalPositiveInt(3_600),
  CACHE_TTL_SECONDS: positiveInt(30, 3_600),
  AZURE_CALL_TIMEOUT_MS: positiveInt(15_000, 600_000),
  APPROVAL_TTL_HOURS: positiveInt(24, 24 * 30),
  STALE_BACKUP_HOURS: positiveInt(48, 24 * 365),
  SHUTDOWN_GRACE_SECONDS: positiveInt(25, 600),
  SANDBOX_PORT: port(9443),
  SANDBOX_ESTATE: z.string().optional().transform((raw) => raw?.trim() || undefined),
  SANDBOX_URL: z
    .string()
    .optional()
    .transform((raw) => raw?.trim() || undefined)
    .refine((url) => url === undefined || /^https:\/\/[^\s]+$/.test(url), { message: 'expected an https:// URL of a running sandbox' }),
  SANDBOX_CA_FILE: z.string().optional().transform((raw) => raw?.trim() || undefined),
  SANDBOX_SPEED: z
    .string()
    .optional()
    .transform((raw) => (raw === undefined || raw.trim() === '' ? '60' : raw.trim()))
    .refine((raw) => /^\d+$/.test(raw) && Number(raw) <= 100_000, { message: 'expected simulated minutes per real minute, 0 (clock only moves when told) to 100000' })
    .transform(Number),
  PLAYGROUND: onOff(true),
  PLAYGROUND_PORT: port(56150),
  ARM_RECORD_DIR: z.string().optional().transform((raw) => raw?.trim() || undefined),
  LOG_LEVEL: z
    .string()
    .optional()
    .transform((raw) => raw?.trim().toLowerCase() || 'info')
    .pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'expected one of fatal, error, warn, info, debug, trace, silent' })),
});

export type Role = 'viewer' | 'operator' | 'approver';

export interface Config {
  port: number;
  /** Slow clients are cut off: all headers within `headersTimeoutSeconds`, the whole request within `requestTimeoutSeconds`. */
  http: { headersTimeoutSeconds: number; requestTimeoutSeconds: number };
  mode: 'sandbox' | 'azure';
  bot: { appId: string; appPassword: string; appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI'; tenantId: string };
  subscriptionIds: string[];
  roles: { approvers: string[]; operators: string[]; approverTeamId: string };
  allowedTenants: string[];
  dataDir: string;
  /** Where state lives: `file` under dataDir (one replica) or `blob` (Azure Blob Storage, several replicas). */
  storage: StorageConfig;
  /** Leader lease period: a killed leader's work resumes on another replica within this (plus one renewal). */
  leaderLeaseSeconds: number;
  /** A proactive send not answered by then counts as failed; a message being sent by a replica that died goes again after twice this. */
  outboxSendTimeoutSeconds: number;
  defaultTimeZone: string;
  watchIntervalSeconds: number;
  jobFollowIntervalSeconds: number;
  cacheTtlSeconds: number;
  /** Longest one Azure call (one HTTP request with its retries) may take before the user is told it timed out. */
  azureCallTimeoutMs: number;
  approvalTtlHours: number;
  staleBackupHours: number;
  /** On SIGTERM/SIGINT, how long to wait for approved Azure writes in flight before exiting. */
  shutdownGraceSeconds: number;
  sandbox: { port: number; estateFile?: string; url?: string; caFile?: string; speed: number };
  playground: { enabled: boolean; port: number };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** ARM_RECORD_DIR: when set, every ARM exchange is written there, sanitised (the fidelity suite's format). */
  armRecordDir?: string;
}

export interface StorageConfig {
  kind: 'file' | 'blob';
  /** Blob endpoint reached with DefaultAzureCredential (managed identity). */
  accountUrl?: string;
  connectionString?: string;
  container: string;
  /** Port of the local Azurite started when STORAGE=blob names no account. */
  azuritePort: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.join('\n')}`);
  }
}

/**
 * Seconds between two refreshes of a card that follows its job, when JOB_FOLLOW_INTERVAL_SECONDS is
 * empty. The sandbox clock runs 60x by default, so 15 s there would be 15 simulated minutes: a whole
 * snapshot phase, and the card would jump from Take Snapshot to Completed (issue 13, demo step 3).
 */
const jobFollowDefaultSeconds = { sandbox: 3, azure: 15 } as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message} (got "${describeValue(env, issue.path[0])}")`);
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const problems: string[] = [];
  const mode = e.BACKUP_MODE ?? (e.AZURE_SUBSCRIPTION_IDS.length > 0 ? 'azure' : 'sandbox');
  if (e.MicrosoftAppId !== '' && e.MicrosoftAppType !== 'UserAssignedMSI' && e.MicrosoftAppPassword === '') {
    problems.push('MicrosoftAppPassword: expected the client secret that goes with MicrosoftAppId');
  }
  if (e.MicrosoftAppType === 'SingleTenant' && e.MicrosoftAppTenantId === '') {
    problems.push('MicrosoftAppTenantId: expected your tenant id when MicrosoftAppType is SingleTenant');
  }
  if (e.HTTP_HEADERS_TIMEOUT_SECONDS > e.HTTP_REQUEST_TIMEOUT_SECONDS) {
    problems.push('HTTP_HEADERS_TIMEOUT_SECONDS: expected at most HTTP_REQUEST_TIMEOUT_SECONDS (the headers are part of the request)');
  }
  if (e.AZURE_STORAGE_ACCOUNT_URL !== undefined && e.AZURE_STORAGE_CONNECTION_STRING !== undefined) {
    problems.push('AZURE_STORAGE_CONNECTION_STRING: set either it or AZURE_STORAGE_ACCOUNT_URL (managed identity), not both');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port: e.PORT,
    http: { headersTimeoutSeconds: e.HTTP_HEADERS_TIMEOUT_SECONDS, requestTimeoutSeconds: e.HTTP_REQUEST_TIMEOUT_SECONDS },
    mode,
    bot: { appId: e.MicrosoftAppId, appPassword: e.MicrosoftAppPassword, appType: e.MicrosoftAppType, tenantId: e.MicrosoftAppTenantId },
    subscriptionIds: e.AZURE_SUBSCRIPTION_IDS,
    roles: { approvers: e.APPROVERS, operators: e.OPERATORS, approverTeamId: e.APPROVER_TEAM_ID },
    allowedTenants: e.ALLOWED_TENANTS,
    dataDir: e.DATA_DIR,
    storage: {
      kind: e.STORAGE,
      accountUrl: e.AZURE_STORAGE_ACCOUNT_URL,
      connectionString: e.AZURE_STORAGE_CONNECTION_STRING,
      container: e.AZURE_STORAGE_CONTAINER,
      azuritePort: e.AZURITE_PORT,
    },
    leaderLeaseSeconds: e.LEADER_LEASE_SECONDS,
    outboxSendTimeoutSeconds: e.OUTBOX_SEND_TIMEOUT_SECONDS,
    defaultTimeZone: e.DEFAULT_TIMEZONE,
    watchIntervalSeconds: e.WATCH_INTERVAL_SECONDS,
    jobFollowIntervalSeconds: e.JOB_FOLLOW_INTERVAL_SECONDS ?? jobFollowDefaultSeconds[mode],
    cacheTtlSeconds: e.CACHE_TTL_SECONDS,
    azureCallTimeoutMs: e.AZURE_CALL_TIMEOUT_MS,
    approvalTtlHours: e.APPROVAL_TTL_HOURS,
    staleBackupHours: e.STALE_BACKUP_HOURS,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    sandbox: { port: e.SANDBOX_PORT, estateFile: e.SANDBOX_ESTATE, url: e.SANDBOX_URL, caFile: e.SANDBOX_CA_FILE, speed: e.SANDBOX_SPEED },
    playground: { enabled: e.PLAYGROUND, port: e.PLAYGROUND_PORT },
    logLevel: e.LOG_LEVEL,
    ...(e.ARM_RECORD_DIR ? { armRecordDir: e.ARM_RECORD_DIR } : {}),
  };
}

function splitList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

// Secrets are never echoed back, even in an error line.
function describeValue(env: NodeJS.ProcessEnv, key: PropertyKey | undefined): string {
  if (typeof key !== 'string') return '';
  if (/password|secret|connection_string/i.test(key)) return '***';
  return env[key] ?? '';
}
