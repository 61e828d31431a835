import { ActivityTypes, MessageFactory, TeamsActivityHandler, type TurnContext } from 'botbuilder';
import type { Services } from '../services';
import { routeCardAction } from '../bot/cardActionRouter';
import { routeCommand } from '../bot/commandRouter';
import type { CardAttachment } from '../bot/chatTypes';
import type { CardActionResult, Handlers } from '../bot/commandTypes';
import { PIPELINE } from '../bot/pipeline/pipeline';
import { runPipeline } from '../bot/pipeline/runPipeline';
import type { TurnInput, TurnScope } from '../bot/pipeline/turnScope';
import { cardResponse, handlerContextOf, turnScopeOf } from './turnScopeOf';
import { welcomeOnce } from './welcome';
import { limitReplySize } from './replySize';
import { errorFacts } from '../logger';

/**
 * Receives every Teams activity: typed commands, card clicks (Universal Actions invokes and
 * Action.Submit fallbacks) and installation events. Each runs through the one pipeline
 * (bot/pipeline/pipeline.ts: tenant check, conversation registry, role resolution, error mapping,
 * audit of writes), then its handler: the command or card action registered for it
 * (registry/commandRegistry.ts), or botbuilder's event dispatch (welcome card).
 */
export class BackupBot extends TeamsActivityHandler {
  constructor(
    private readonly services: Services,
    private readonly registry: Handlers,
  ) {
    super();
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.welcome(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient.id);
      if (botAdded) await this.welcome(context);
      await next();
    });
  }

  /** Every reply is size-checked; every activity goes through the pipeline to its handler. */
  override async run(context: TurnContext): Promise<void> {
    limitReplySize(context, this.services.logger);
    const scope = turnScopeOf(context, this.services);
    await runPipeline(PIPELINE, scope, () => this.dispatch(context, scope));
  }

  private async dispatch(context: TurnContext, scope: TurnScope): Promise<void> {
    const { input } = scope;
    if (input.kind === 'command') {
      await routeCommand(input.text, handlerContextOf(scope), this.registry.commands);
    } else if (input.kind === 'cardAction') {
      const result = await routeCardAction(input, handlerContextOf(scope), this.registry);
      await this.deliver(context, scope, input, result);
    } else {
      await super.run(context);
    }
  }

  /**
   * The clicker sees the result at once (the invoke's answer, or a message for Action.Submit);
   * with `replaceForEveryone` the clicked message is edited for everyone through the outbox.
   */
  private async deliver(context: TurnContext, scope: TurnScope, input: TurnInput & { kind: 'cardAction' }, result: CardActionResult): Promise<void> {
    if ('notice' in result) {
      if (input.isInvoke) await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: noticeResponse(result.notice) } });
      else await context.sendActivity(MessageFactory.text(result.notice));
      return;
    }
    const replace = result.replaceForEveryone === true && input.cardActivityId !== undefined;
    if (replace) await this.replaceCard(scope, input.cardActivityId as string, result.card);
    if (input.isInvoke) {
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: cardResponse(result.card) } });
    } else if (!replace) {
      await context.sendActivity(MessageFactory.attachment(result.card));
    }
  }

  private async replaceCard(scope: TurnScope, activityId: string, card: CardAttachment): Promise<void> {
    try {
      await scope.update(activityId, card);
    } catch (err) {
      // The clicker already sees the new card through the invoke response; others see it on refresh.
      this.services.logger.warn({ ...errorFacts(err), activityId }, 'could not replace card for everyone');
    }
  }

  /** Posts the welcome card once per conversation; a failure is logged, never breaks the install. */
  private async welcome(context: TurnContext): Promise<void> {
    try {
      await welcomeOnce(context, this.services);
    } catch (err) {
      this.services.logger.warn({ ...errorFacts(err), conversationId: context.activity.conversation?.id }, 'could not post the welcome card');
    }
  }
}

/** Universal Actions "message" response: the card stays as it is and Teams shows the sentence to the clicker. */
function noticeResponse(notice: string): Record<string, unknown> {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: notice };
}
