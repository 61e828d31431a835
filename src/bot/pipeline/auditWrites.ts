import { randomUUID } from 'node:crypto';
import { isPollAborted } from '../../backup/operationPolling';
import type { AuditedWrite } from '../handlerContext';
import type { Middleware } from './turnScope';

/**
 * Gives handlers `audited(write)`: every Azure write a command or click makes lands in the audit
 * trail, once when it starts and once with its outcome, under one correlation id, with the asker
 * as actor. (Writes through a four-eyes request are audited by the approval service.)
 */
export const auditWrites: Middleware = async (scope, next) => {
  scope.audited = async <T>({ what, write, outcome }: AuditedWrite<T>): Promise<T> => {
    const audit = scope.services.audit;
    const actor = { aadObjectId: scope.sender.aadObjectId, name: scope.sender.name };
    const correlationId = randomUUID();
    await audit.append({ event: 'azureWrite', actor, what, outcome: 'started', correlationId });
    try {
      const result = await write();
      await audit.append({ event: 'azureWrite', actor, what, outcome: `succeeded (${outcome(result)})`, correlationId });
      return result;
    } catch (err) {
      // A poll cut by shutdown: Azure took the write and goes on with it, so it did not fail.
      const ended = isPollAborted(err) ? `interrupted: ${err.message}` : `failed: ${err instanceof Error ? err.message : String(err)}`;
      await audit.append({ event: 'azureWrite', actor, what, outcome: ended, correlationId });
      throw err;
    }
  };
  await next();
};
