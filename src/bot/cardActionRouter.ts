import { errorCard } from './cards';
import type { CardActionResult, HandlerContext, Handlers } from './commandTypes';
import { hasRole, withArticle } from './roles';
import type { TurnInput } from './pipeline/turnScope';

/**
 * Dispatches a card click (Action.Execute invoke or Action.Submit fallback) to its handler, after a
 * role check. A failing handler is answered by the pipeline's error mapping (pipeline/errorMapping.ts).
 */
export async function routeCardAction(click: TurnInput & { kind: 'cardAction' }, ctx: HandlerContext, registry: Handlers): Promise<CardActionResult> {
  const { user } = ctx;
  const action = registry.cardActions.find((a) => a.verb === click.verb);
  if (action === undefined) return { card: errorCard('This button is no longer supported. Run the command again to get a fresh card.') };
  if (!hasRole(user.role, action.minRole)) {
    return { card: errorCard(`This button needs the ${action.minRole} role and you are ${withArticle(user.role)}. Nothing was changed.`) };
  }
  return action.run({
    ...ctx,
    verb: click.verb,
    data: click.data,
    commands: registry.commands,
    ...(click.cardActivityId !== undefined ? { cardActivityId: click.cardActivityId } : {}),
    isInvoke: click.isInvoke,
  });
}
