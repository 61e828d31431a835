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

export type { Logger };
