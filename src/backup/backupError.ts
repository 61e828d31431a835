/**
 * The one error type the backup domain throws at its callers. `message` is a complete sentence a
 * user can read (what went wrong and what to do); `code` lets callers branch without parsing text.
 * The Teams layer shows the message as is; nothing here knows about Teams.
 */
export type BackupErrorCode =
  | 'invalid-input'
  | 'not-found'
  | 'ambiguous'
  | 'forbidden'
  | 'unauthenticated'
  | 'throttled'
  | 'conflict'
  | 'unavailable'
  | 'timeout'
  | 'unsupported'
  | 'operation-failed'
  | 'azure-error';

export interface BackupErrorOptions {
  /** HTTP status from Azure, when the error came from a response. */
  status?: number;
  /** Azure's own error code (e.g. AuthorizationFailed), kept for logs and tests. */
  azureCode?: string;
  /** Seconds Azure asked us to wait (429 Retry-After). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class BackupError extends Error {
  readonly status?: number;
  readonly azureCode?: string;
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: BackupErrorCode,
    message: string,
    options: BackupErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BackupError';
    this.status = options.status;
    this.azureCode = options.azureCode;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** A name matched several resources; `candidates` lets the caller offer a choice instead of guessing. */
export class AmbiguousNameError extends BackupError {
  constructor(
    message: string,
    readonly candidates: string[],
  ) {
    super('ambiguous', message);
    this.name = 'AmbiguousNameError';
  }
}

/** A name matched nothing; `suggestions` are the closest existing names (possibly none). */
export class NotFoundError extends BackupError {
  constructor(
    message: string,
    readonly suggestions: string[] = [],
  ) {
    super('not-found', message);
    this.name = 'NotFoundError';
  }
}

/** Bad user input (retention, filters, names): nothing was sent to Azure. */
export class InvalidInputError extends BackupError {
  constructor(message: string) {
    super('invalid-input', message);
    this.name = 'InvalidInputError';
  }
}

export function isBackupError(err: unknown): err is BackupError {
  return err instanceof BackupError;
}
