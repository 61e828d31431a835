import type { Activity, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import { failureFacts, ProactiveSendError } from '../bot/sendFailure';
import type { ConversationAddress } from '../bot/chatTypes';
import type { ProactiveSender } from '../bot/proactiveSender';

/**
 * The real ProactiveSender: botbuilder's CloudAdapter `continueConversationAsync`, then
 * `sendActivity` / `updateActivity` on the turn it opens. `botAppId` is the bot's app id, or ''
 * in anonymous mode (local sandbox, tests).
 */
export function createAdapterSender(adapter: CloudAdapter, botAppId: string): ProactiveSender {
  const inConversation = async <T>(address: ConversationAddress, work: (context: TurnContext) => Promise<T>): Promise<T> => {
    let outcome: { result: T } | { error: unknown } | undefined;
    try {
      // Our address is the saved subset of botbuilder's reference (chatTypes.ts); botbuilder reads the same fields.
      const reference = address as Partial<ConversationReference>;
      await adapter.continueConversationAsync(botAppId, reference, async (context) => {
        withoutSdkRetries(context);
        // Caught here, not around continueConversationAsync: botbuilder hands an error thrown in
        // the turn to the adapter's onTurnError, which logs it and returns, so the outbox would
        // record a 429/403/500 (or a failed edit) as sent.
        try {
          outcome = { result: await work(context) };
        } catch (err) {
          outcome = { error: err };
        }
      });
    } catch (err) {
      throw toProactiveSendError(err);
    }
    if (outcome === undefined) throw new ProactiveSendError('the proactive turn never ran', undefined, 'ENOTURN');
    if ('error' in outcome) throw toProactiveSendError(outcome.error);
    return outcome.result;
  };

  return {
    send: (reference, activity) =>
      inConversation(reference, async (context) => {
        const response = await context.sendActivity(activity);
        return { id: response?.id };
      }),
    update: (reference, activityId, activity) =>
      inConversation(reference, async (context) => {
        await context.updateActivity({ ...activity, id: activityId } as Partial<Activity>);
      }),
  };
}

/**
 * The connector client retries 429 and 5xx on its own (up to 3 times, immediately or with its own
 * backoff). Those hidden attempts would bypass the outbox's pacing and Retry-After handling, so the
 * retry policy is removed from the client this turn uses (a fresh client per proactive turn).
 */
function withoutSdkRetries(context: TurnContext): void {
  // SDK boundary: ConnectorClient wraps a @azure/core-client ServiceClient in `.client`.
  const connector = context.turnState.get(context.adapter.ConnectorClientKey) as
    | { client?: { pipeline?: { removePolicy(options: { phase: 'Retry' }): unknown } } }
    | undefined;
  connector?.client?.pipeline?.removePolicy({ phase: 'Retry' });
}

/** Keeps status, code and Retry-After of a connector error; drops the request (and its token). */
export function toProactiveSendError(err: unknown): ProactiveSendError {
  if (err instanceof ProactiveSendError) return err;
  const facts = failureFacts(err);
  const what = facts.statusCode !== undefined ? `HTTP ${facts.statusCode}` : 'network error';
  return new ProactiveSendError(`${what}${facts.code ? ` ${facts.code}` : ''}: ${facts.message}`, facts.statusCode, facts.code, facts.retryAfterMs);
}
