import type { ConversationAddress, OutgoingMessage } from './chatTypes';

/**
 * Posts or edits one message in a conversation, outside any incoming turn. The outbox is the only
 * caller; failures are thrown as errors with `statusCode` (see sendFailure.ts), and the sender
 * itself never retries: pacing and retries belong to the outbox.
 */
export interface ProactiveSender {
  send(reference: ConversationAddress, activity: OutgoingMessage): Promise<{ id?: string }>;
  update(reference: ConversationAddress, activityId: string, activity: OutgoingMessage): Promise<void>;
}
