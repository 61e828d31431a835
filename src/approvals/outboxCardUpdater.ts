import type { Outbox } from '../notify/outbox';
import type { Logger } from '../logger';
import type { CardUpdater } from './approvalService';

/**
 * Approval card updates from background work (sweep, slow changes) go through the outbox, like
 * every proactive send: paced, retried, and once per key across restarts.
 */
export function outboxCardUpdater(outbox: Pick<Outbox, 'enqueue'>, logger: Logger): CardUpdater {
  return {
    async updateCard(card, content, key) {
      const conversationId = card.conversation.conversation?.id;
      if (!conversationId) return;
      const result = await outbox.enqueue({ key, conversationId, kind: 'update', activityId: card.activityId, activity: { type: 'message', attachments: [content] } });
      if (!result.queued && result.reason !== 'duplicate') logger.warn({ key, reason: result.reason }, 'approval card update not queued');
    },
  };
}
