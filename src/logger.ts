import pino, { Logger } from 'pino';

// Paths that can carry credentials in activities, headers or SDK errors; pino replaces them before writing.
const REDACT = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'request.headers.authorization',
  'password',
  '*.password',
  'appPassword',
  '*.appPassword',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'teams-backup-bot' } }, destination);
}

/**
 * What a log line may say about an error: its message (shortened) and codes, not the object. An
 * SDK error holds its request (headers included), and pino's error serializer appends every cause's
 * message, so a BackupError's sentence, which already quotes Azure's (its cause), read twice.
 */
export function errorFacts(err: unknown): { error: string; code?: string; status?: number } {
  const e = err as { message?: unknown; code?: unknown; azureCode?: unknown; status?: unknown; statusCode?: unknown };
  const code = typeof e?.azureCode === 'string' ? e.azureCode : typeof e?.code === 'string' ? e.code : undefined;
  const status = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  return { error: (typeof e?.message === 'string' ? e.message : String(err)).slice(0, 500), code, status };
}

export type { Logger };
