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
 * The one way to log an error: `logger.warn({ ...errorFacts(err), ... }, 'what failed')`, never
 * `{ err }`. A log line says what an error is (its message, shortened and scrubbed of anything
 * shaped like a credential, and its codes), not the object: an SDK or connector error can hold its
 * request (headers included) or a credential in its message, and pino's error serializer appends
 * every cause's message, so a BackupError's sentence, which already quotes Azure's (its cause), read
 * twice. `stack: true` adds the stack's frames (code locations only) for failures nobody expected,
 * whose correlation id must lead to where they happened.
 */
export function errorFacts(err: unknown, options: { stack?: boolean } = {}): { error: string; code?: string; status?: number; stack?: string[] } {
  const e = err as { message?: unknown; code?: unknown; azureCode?: unknown; status?: unknown; statusCode?: unknown; stack?: unknown };
  const code = typeof e?.azureCode === 'string' ? e.azureCode : typeof e?.code === 'string' ? e.code : undefined;
  const status = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  const message = scrubbed((typeof e?.message === 'string' ? e.message : String(err)).slice(0, 500));
  const stack = options.stack && typeof e?.stack === 'string' ? stackFrames(e.stack) : undefined;
  return { error: message, code, status, ...(stack && stack.length > 0 ? { stack } : {}) };
}

// Credentials an error message can quote: a bearer token or JWT, a SAS signature or key in a URL or
// connection string, a password or secret parameter.
const SECRETS: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic) [\w\-.~+/]{16,}=*/g, '$1 [redacted]'],
  [/\beyJ[\w-]*\.[\w-]*\.[\w-]*/g, '[redacted]'],
  [/\b(sig|token|access_token|refresh_token|client_secret|password|AccountKey|SharedAccessKey|SharedAccessSignature)=[^&;\s"']+/gi, '$1=[redacted]'],
];

function scrubbed(text: string): string {
  return SECRETS.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}

/** The "at ..." lines of a stack (its first line repeats the message), at most 10. */
function stackFrames(stack: string): string[] {
  return stack
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at '))
    .slice(0, 10);
}

export type { Logger };
