import {
  ActivityTypes,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type Attachment,
  type ConversationReference,
} from 'botbuilder';
import { randomUUID } from 'node:crypto';
import type { Services } from '../services';
import { errorCard } from './cards';
import { cardMessage } from './messages';
import { routeCardAction } from './cardActionRouter';
import { routeCommand } from './commandRouter';
import type { Handlers, Reply, UserRef } from './commandTypes';
import { teamsPlaceOf } from './teamsPlace';
import { rosterOf } from './teamRoster';
import { welcomeOnce } from './welcome';
import { tenantIdsOf, tenantRefusal } from './tenantGate';
import { limitReplySize } from './replySize';
import { StorageUnwritableError } from '../store/storageErrors';

const NOT_ENABLED = 'This bot is not enabled for your organisation.';

/**
 * Receives every Teams activity: typed commands, card clicks (Universal Actions invokes and
 * Action.Submit fallbacks) and installation events. Business logic lives in commands/ and the services.
 */
export class BackupBot extends TeamsActivityHandler {
  constructor(
    private readonly services: Services,
    private readonly registry: Handlers,
  ) {
    super();

    this.onMessage(async (context, next) => {
      await this.remember(context);
      const submitted = context.activity.value as Record<string, unknown> | undefined;
      if (submitted !== undefined && typeof submitted === 'object' && typeof submitted.verb === 'string' && !context.activity.text) {
        await this.handleSubmitFallback(context, submitted);
      } else {
        await this.handleCommand(context);
      }
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      await this.remember(context);
      await this.welcome(context);
      await next();
    });

    this.onInstallationUpdateRemove(async (context, next) => {
      await this.services.conversations.retire(context.activity.conversation.id, 'uninstalled');
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient.id);
      if (botAdded) await this.remember(context);
      if (botAdded) await this.welcome(context);
      await next();
    });

    this.onMembersRemoved(async (context, next) => {
      const botRemoved = (context.activity.membersRemoved ?? []).some((m) => m.id === context.activity.recipient.id);
      if (botRemoved) await this.services.conversations.retire(context.activity.conversation.id, 'bot removed');
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    await this.remember(context);
    const verb = invokeValue?.action?.verb ?? '';
    const data = (invokeValue?.action?.data ?? {}) as Record<string, unknown>;
    const user = await this.userOf(context);
    const result = await routeCardAction(verb, data, user, this.registry, this.services, context, conversationOf(context), true);
    if (result.notice !== undefined) return noticeResponse(result.notice);
    if (result.replaceForEveryone && context.activity.replyToId) {
      await this.replaceCard(context, context.activity.replyToId, result.card);
    }
    return cardResponse(result.card);
  }

  /** The tenant gate runs before any handler, for every activity type (see tenantGate.ts); every reply is size-checked. */
  override async run(context: TurnContext): Promise<void> {
    limitReplySize(context, this.services.logger);
    const refusal = tenantRefusal(context.activity, this.services.config.allowedTenants);
    if (refusal === undefined) return super.run(context);
    this.services.logger.warn({ activityType: context.activity.type, tenants: tenantIdsOf(context.activity), reason: refusal }, 'activity refused: tenant not allowed');
    await this.answerRefusedTenant(context);
  }

  /** A person gets one sentence (a message reply, or the clicked card's answer); events get nothing. */
  private async answerRefusedTenant(context: TurnContext): Promise<void> {
    const card = errorCard(NOT_ENABLED);
    if (context.activity.type === ActivityTypes.Message) {
      await context.sendActivity(MessageFactory.attachment(card));
    } else if (context.activity.type === ActivityTypes.Invoke) {
      const adaptive = context.activity.name === 'adaptiveCard/action';
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: adaptive ? { status: 200, body: cardResponse(card) } : { status: 403 } });
    }
  }

  private async handleCommand(context: TurnContext): Promise<void> {
    const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
    const user = await this.userOf(context);
    const reply = await routeCommand(text, user, this.registry.commands, this.services, context, conversationOf(context));
    await this.send(context, reply);
  }

  private async handleSubmitFallback(context: TurnContext, submitted: Record<string, unknown>): Promise<void> {
    const user = await this.userOf(context);
    const { verb, ...data } = submitted;
    const result = await routeCardAction(String(verb), data, user, this.registry, this.services, context, conversationOf(context), false);
    if (result.notice !== undefined) {
      await context.sendActivity(MessageFactory.text(result.notice));
    } else if (result.replaceForEveryone && context.activity.replyToId) {
      await this.replaceCard(context, context.activity.replyToId, result.card);
    } else {
      await context.sendActivity(MessageFactory.attachment(result.card));
    }
  }

  private async send(context: TurnContext, reply: Reply): Promise<void> {
    const activity = 'card' in reply ? MessageFactory.attachment(reply.card) : MessageFactory.text(reply.text);
    const sent = await context.sendActivity(activity);
    if (reply.onPosted && sent?.id) {
      await reply.onPosted({ activityId: sent.id, conversation: conversationOf(context) });
    }
  }

  /**
   * Everyone's copy of the clicked message gets the new card through the outbox, the one ordered
   * path for edits of a posted message (approval and job cards are updated there too): an edit made
   * in this turn could land after a later one the outbox made (issue 12).
   */
  private async replaceCard(context: TurnContext, activityId: string, card: Attachment): Promise<void> {
    try {
      const conversationId = context.activity.conversation.id;
      await this.services.notify.outbox.enqueue({ key: `replace:${activityId}:${randomUUID()}`, conversationId, kind: 'update', activityId, activity: cardMessage(card) });
    } catch (err) {
      // The clicker already sees the new card through the invoke response; others see it on refresh.
      this.services.logger.warn({ err, activityId }, 'could not replace card for everyone');
    }
  }

  /** Posts the welcome card once per conversation; a failure is logged, never breaks the install. */
  private async welcome(context: TurnContext): Promise<void> {
    try {
      await welcomeOnce(context, this.services);
    } catch (err) {
      this.services.logger.warn({ err, conversationId: context.activity.conversation?.id }, 'could not post the welcome card');
    }
  }

  /** Saves (or refreshes: the serviceUrl can change) where to send proactive messages for this conversation. */
  private async remember(context: TurnContext): Promise<void> {
    try {
      await this.services.conversations.touch(conversationOf(context), teamsPlaceOf(context.activity.channelData));
    } catch (err) {
      // An unwritable store must not stop read commands; commands that need a write say why they failed.
      if (!(err instanceof StorageUnwritableError)) throw err;
      this.services.logger.warn({ location: err.location, code: err.code }, 'could not refresh the conversation reference: storage cannot be written');
    }
  }

  private async userOf(context: TurnContext): Promise<UserRef> {
    const from = context.activity.from;
    const aadObjectId = (from?.aadObjectId ?? '').toLowerCase();
    const role = await this.services.roles.resolve(rosterOf(context), aadObjectId);
    return { aadObjectId, name: from?.name ?? '', role };
  }
}

export function conversationOf(context: TurnContext): Partial<ConversationReference> {
  return TurnContext.getConversationReference(context.activity);
}

/** Universal Actions "message" response: the card stays as it is and Teams shows the sentence to the clicker. */
function noticeResponse(notice: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: notice as unknown as Record<string, unknown> };
}

function cardResponse(card: Attachment): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card.content as Record<string, unknown> };
}
