import { z } from 'zod';
import { errorCard } from '../bot/cards';
import type { CardActionDefinition } from '../bot/commandTypes';
import { acknowledgedViewModel, alertCard } from './alertCard';
import { alertMessageKey } from './alertStore';
import { canonicalConversationId } from './conversationRegistry';

export const ACKNOWLEDGE_VERB = 'alertAcknowledge';

const OTHER_ALERT_REFUSAL = 'This button does not belong to the alert it names (the card was edited or copied). Acknowledge the alert on its own card. Nothing was changed.';

const dataSchema = z.object({ jobId: z.string().regex(/^[A-Za-z0-9-]{1,100}$/) });

/**
 * "Acknowledge" on an alert card: records who took it and when (first click wins, per conversation)
 * and replaces the card for everyone in the conversation. The job id is the only thing read from
 * the card; the alert itself comes from the store. Card data is untrusted: a click whose job id
 * is not the one of the alert card it came from (Teams names the clicked message) is refused, so
 * one alert's button cannot replace another message for everyone.
 */
export const acknowledgeAlertAction: CardActionDefinition = {
  verb: ACKNOWLEDGE_VERB,
  minRole: 'operator',
  async run(ctx) {
    const notify = ctx.services.notify;
    const parsed = dataSchema.safeParse(ctx.data);
    const rawId = ctx.conversation.conversation?.id;
    const conversationId = rawId === undefined ? undefined : canonicalConversationId(rawId);
    if (!parsed.success || conversationId === undefined) return { card: errorCard('This button\'s data is not a valid alert. Nothing was changed.') };

    const posted = await notify.outbox.sentActivityId(alertMessageKey(parsed.data.jobId, conversationId));
    if (posted !== undefined && ctx.cardActivityId !== undefined && posted !== ctx.cardActivityId) return { card: errorCard(OTHER_ALERT_REFUSAL) };

    const now = notify.clock();
    const outcome = await notify.alerts.acknowledge(parsed.data.jobId, conversationId, {
      by: ctx.user.name || ctx.user.aadObjectId,
      byAadObjectId: ctx.user.aadObjectId,
      at: now.toISOString(),
    });
    if (outcome.kind === 'unknown') return { card: errorCard('I have no record of this alert in this conversation, so there is nothing to acknowledge.') };
    const { record, acknowledgement } = outcome;
    const model = acknowledgedViewModel(record.model, acknowledgement.by, new Date(acknowledgement.at), notify.defaultTimeZone);
    return { card: alertCard(model), replaceForEveryone: true };
  },
};
