import { errorCard } from '../cards';
import { describeFailure } from '../describeFailure';
import type { Middleware } from './turnScope';

/**
 * A command or click that fails answers with one sentence (what failed and what to do, or a
 * reference for the administrator), never a stack trace. Events have nobody to tell: their
 * failures go on to the adapter's onTurnError, which logs them.
 */
export const errorMapping: Middleware = async (scope, next) => {
  try {
    await next();
  } catch (err) {
    const { input } = scope;
    if (input.kind === 'event') throw err;
    const where = input.kind === 'command' ? { command: commandWord(input.text) } : { verb: input.verb };
    await scope.answer(errorCard(describeFailure(err, scope.services.logger, where)));
  }
};

function commandWord(text: string): string {
  return (text.trim().split(/\s+/)[0] ?? '').toLowerCase().slice(0, 40);
}
