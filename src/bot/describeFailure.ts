import { randomUUID } from 'node:crypto';
import { errorFacts, type Logger } from '../logger';
import { BackupError } from '../backup/backupError';
import { isPollAborted } from '../backup/operationPolling';
import { StorageUnwritableError } from '../store/storageErrors';

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

/**
 * The sentence an error carries for users, or undefined for an unexpected error (whose message
 * must not reach Teams). The backup domain speaks in whole sentences (what failed, what to do):
 * bad input, unknown or ambiguous names, Azure's 403/404/429/5xx.
 */
export function userSentenceOf(err: unknown): string | undefined {
  if (err instanceof StorageUnwritableError) {
    return `I could not save what this needs: the bot's storage cannot be written (${err.reason}). Ask your administrator to make the bot's data directory (DATA_DIR) writable, then try again.`;
  }
  if (isPollAborted(err)) {
    // Shutdown cut a turn that was following an Azure operation it had started: it goes on in Azure,
    // so "something went wrong" would send the user to ask again (a second backup).
    return `I ${err.message}. Check how it went (for example with **jobs**) once the bot is back, before asking again.`;
  }
  return err instanceof UserFacingError || err instanceof BackupError ? err.message : undefined;
}

export function describeFailure(err: unknown, logger: Logger, context: Record<string, unknown> = {}): string {
  const sentence = userSentenceOf(err);
  if (err instanceof StorageUnwritableError) logger.error({ location: err.location, code: err.code, ...context }, 'storage cannot be written');
  if (sentence !== undefined) return sentence;
  const correlationId = randomUUID();
  logger.error({ ...errorFacts(err, { stack: true }), correlationId, ...context }, 'unexpected failure');
  return `Something went wrong on my side. Please try again; if it keeps failing, give your administrator this reference: ${correlationId}.`;
}
