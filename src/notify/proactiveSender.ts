import type { Activity, ConversationReference } from 'botbuilder';

/**
 * Posts or edits one message in a conversation, outside any incoming turn. The outbox is the only
 * caller; failures are thrown as errors with `statusCode` (see sendFailure.ts), and the sender
 * itself never retries: pacing and retries belong to the outbox.
 */
export interface ProactiveSender {
  send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<{ id?: string }>;
  update(reference: Partial<ConversationReference>, activityId: string, activity: Partial<Activity>): Promise<void>;
}
