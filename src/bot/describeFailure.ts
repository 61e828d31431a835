import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import { BackupError } from '../backup/backupError';

/**
 * Errors that carry a sentence meant for users implement this; anything else is logged with a
 * correlation id and the user gets a generic sentence that quotes the id (never a stack trace).
 */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserFacingError';
  }
}

export function describeFailure(err: unknown, logger: Logger, context: Record<string, unknown> = {}): string {
  if (err instanceof UserFacingError) return err.message;
  // The backup domain speaks in whole sentences (what failed, what to do): bad input, unknown or
  // ambiguous names, Azure's 403/404/429/5xx. Its errors are shown as they are.
  if (err instanceof BackupError) return err.message;
  const correlationId = randomUUID();
  logger.error({ err, correlationId, ...context }, 'unexpected failure');
  return `Something went wrong on my side. Please try again; if it keeps failing, give your administrator this reference: ${correlationId}.`;
}
