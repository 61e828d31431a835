import { StorageUnwritableError } from '../../store/storageErrors';
import type { Middleware, TurnScope } from './turnScope';

/**
 * Keeps the conversation registry (where proactive messages go) up to date: every command and
 * click, and the bot's arrival, save or refresh the reference (the serviceUrl can change); the
 * bot's removal or uninstall retires it.
 */
export const conversationRegistry: Middleware = async (scope, next) => {
  const { input } = scope;
  if (input.kind === 'event' && input.membership?.joined === false) {
    const conversationId = scope.conversation.conversation?.id;
    if (conversationId) await scope.services.conversations.retire(conversationId, input.membership.reason);
  } else if (input.kind !== 'event' || input.membership?.joined === true) {
    await remember(scope);
  }
  await next();
};

async function remember(scope: TurnScope): Promise<void> {
  try {
    await scope.services.conversations.touch(scope.conversation, scope.place);
  } catch (err) {
    // An unwritable store must not stop read commands; commands that need a write say why they failed.
    if (!(err instanceof StorageUnwritableError)) throw err;
    scope.services.logger.warn({ location: err.location, code: err.code }, 'could not refresh the conversation reference: storage cannot be written');
  }
}
