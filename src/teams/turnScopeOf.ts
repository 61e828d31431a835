import { ActivityTypes, MessageFactory, TurnContext, type Activity, type AdaptiveCardInvokeResponse } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import type { Services } from '../services';
import type { CardAttachment, ConversationAddress } from '../bot/chatTypes';
import type { HandlerContext } from '../bot/handlerContext';
import { ADAPTIVE_CARD_CONTENT_TYPE, cardMessage } from '../bot/messages';
import type { TurnInput, TurnScope } from '../bot/pipeline/turnScope';
import { rosterOf } from './teamRoster';
import { teamsPlaceOf } from '../bot/teamsPlace';
import { tenantIdsOf } from './tenantGate';

// Builds the pipeline's scope and the handlers' context from a botbuilder turn: the one place the
// handler contract meets botbuilder (with backupBot.ts, which runs the pipeline).

export function turnScopeOf(turn: TurnContext, services: Services): TurnScope {
  const { activity } = turn;
  const conversation = conversationOf(turn);
  const input = inputOf(turn);
  return {
    input,
    tenantIds: tenantIdsOf(activity),
    tenantId: activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id,
    conversation,
    place: teamsPlaceOf(activity.channelData),
    sender: {
      aadObjectId: (activity.from?.aadObjectId ?? '').toLowerCase(),
      name: activity.from?.name ?? '',
      ...(activity.from?.id ? { teamsId: activity.from.id } : {}),
    },
    roster: rosterOf(turn),
    services,
    answer: (card) => answer(turn, input, card),
    reply: async (message) => (await turn.sendActivity(typeof message === 'string' ? MessageFactory.text(message) : MessageFactory.attachment(message)))?.id,
    update: (activityId, card) => enqueueUpdate(services, conversation, activityId, card),
    audited: () => Promise.reject(new Error('the pipeline has no audit step (bot/pipeline/auditWrites.ts)')),
  };
}

/** The handlers' view of the scope, once role resolution has run. */
export function handlerContextOf(scope: TurnScope): HandlerContext {
  const { user } = scope;
  if (user === undefined) throw new Error('a handler ran before role resolution');
  return {
    user,
    role: user.role,
    conversation: scope.conversation,
    ...(scope.tenantId !== undefined ? { tenantId: scope.tenantId } : {}),
    services: scope.services,
    reply: scope.reply,
    update: scope.update,
    audited: (write) => scope.audited(write),
  };
}

export function conversationOf(turn: TurnContext): ConversationAddress {
  return TurnContext.getConversationReference(turn.activity);
}

function inputOf(turn: TurnContext): TurnInput {
  const { activity } = turn;
  if (activity.type === ActivityTypes.Message) {
    const submitted = activity.value as Record<string, unknown> | undefined;
    if (submitted !== undefined && typeof submitted === 'object' && submitted !== null && typeof submitted.verb === 'string' && !activity.text) {
      const { verb, ...data } = submitted;
      return { kind: 'cardAction', verb: String(verb), data, isInvoke: false, ...(activity.replyToId ? { cardActivityId: activity.replyToId } : {}) };
    }
    return { kind: 'command', text: TurnContext.removeRecipientMention(activity) ?? activity.text ?? '' };
  }
  const click = universalActionOf(activity);
  if (click !== undefined) return { ...click, ...(activity.replyToId ? { cardActivityId: activity.replyToId } : {}) };
  return { kind: 'event', activityType: activity.type, ...membershipOf(turn) };
}

/**
 * An Action.Execute click. A malformed one (no value, another action type) stays an event, so
 * botbuilder's activity handler answers it with its own 400 as before.
 */
function universalActionOf(activity: Activity): (TurnInput & { kind: 'cardAction' }) | undefined {
  if (activity.type !== ActivityTypes.Invoke || activity.name !== 'adaptiveCard/action') return undefined;
  const action = (activity.value as { action?: { type?: unknown; verb?: unknown; data?: unknown } } | undefined)?.action;
  if (action?.type !== 'Action.Execute') return undefined;
  const data = action.data !== null && typeof action.data === 'object' ? (action.data as Record<string, unknown>) : {};
  return { kind: 'cardAction', verb: typeof action.verb === 'string' ? action.verb : '', data, isInvoke: true };
}

/** The bot itself installed/added (joined) or uninstalled/removed (left) in this activity. */
function membershipOf(turn: TurnContext): Pick<TurnInput & { kind: 'event' }, 'membership'> {
  const { activity } = turn;
  const botId = activity.recipient?.id;
  if (activity.type === ActivityTypes.InstallationUpdate) {
    if (activity.action === 'add' || activity.action === 'add-upgrade') return { membership: { joined: true } };
    if (activity.action === 'remove' || activity.action === 'remove-upgrade') return { membership: { joined: false, reason: 'uninstalled' } };
  }
  if (activity.type === ActivityTypes.ConversationUpdate) {
    if ((activity.membersAdded ?? []).some((m) => m.id === botId)) return { membership: { joined: true } };
    if ((activity.membersRemoved ?? []).some((m) => m.id === botId)) return { membership: { joined: false, reason: 'bot removed' } };
  }
  return {};
}

/**
 * A person's answer: a reply to a message, the card of a Universal Actions click (also a malformed
 * one); another invoke gets a 403, other events nothing.
 */
async function answer(turn: TurnContext, input: TurnInput, card: CardAttachment): Promise<void> {
  const { activity } = turn;
  if (activity.type === ActivityTypes.Invoke) {
    const adaptive = activity.name === 'adaptiveCard/action';
    await turn.sendActivity({ type: ActivityTypes.InvokeResponse, value: adaptive ? { status: 200, body: cardResponse(card) } : { status: 403 } });
  } else if (input.kind !== 'event') {
    await turn.sendActivity(MessageFactory.attachment(card));
  }
}

/**
 * Edits go through the outbox, the one ordered path for edits of a posted message (approval and
 * job cards are updated there too): an edit made in this turn could land after a later one the
 * outbox made (issue 12).
 */
async function enqueueUpdate(services: Services, conversation: ConversationAddress, activityId: string, card: CardAttachment): Promise<void> {
  const conversationId = conversation.conversation?.id;
  if (!conversationId) throw new Error('the turn names no conversation to update a message in');
  await services.notify.outbox.enqueue({ key: `replace:${activityId}:${randomUUID()}`, conversationId, kind: 'update', activityId, activity: cardMessage(card) });
}

export function cardResponse(card: CardAttachment): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card.content as Record<string, unknown> };
}
