import type { TurnContext } from 'botbuilder';
import type { ConversationAddress } from './chatTypes';
import { errorCard } from './cards';
import type { CardActionResult, Handlers, UserRef } from './commandTypes';
import { hasRole, withArticle } from './roles';
import type { Services } from '../services';
import { describeFailure } from './describeFailure';

/** Dispatches a card click (Action.Execute invoke or Action.Submit fallback) to its handler, after a role check. */
export async function routeCardAction(
  verb: string,
  data: Record<string, unknown>,
  user: UserRef,
  registry: Handlers,
  services: Services,
  turn: TurnContext,
  conversation: ConversationAddress,
  isInvoke: boolean,
): Promise<CardActionResult> {
  const action = registry.cardActions.find((a) => a.verb === verb);
  if (action === undefined) return { card: errorCard('This button is no longer supported. Run the command again to get a fresh card.') };
  if (!hasRole(user.role, action.minRole)) {
    return { card: errorCard(`This button needs the ${action.minRole} role and you are ${withArticle(user.role)}. Nothing was changed.`) };
  }
  try {
    return await action.run({
      verb,
      data,
      commands: registry.commands,
      user,
      services,
      conversation,
      cardActivityId: turn.activity.replyToId,
      turn,
      isInvoke,
    });
  } catch (err) {
    return { card: errorCard(describeFailure(err, services.logger, { verb })) };
  }
}
