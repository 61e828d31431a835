import type { PortalLink } from '../backup/portalLinks';
import type { CardAttachment } from './chatTypes';

/** Teams shows up to 6 top-level actions; links come after a card's own buttons and stop there. */
const MAX_ACTIONS = 6;

/**
 * Every card that shows an Azure object links to it in the portal: the links are added to a
 * rendered card as Action.OpenUrl buttons (no template needs to know about them).
 */
export function withPortalLinks(card: CardAttachment, links: readonly PortalLink[]): CardAttachment {
  if (links.length === 0) return card;
  const content = card.content as { actions?: unknown[] } | undefined;
  if (!content) return card;
  const actions = [...(content.actions ?? [])];
  for (const link of links) if (actions.length < MAX_ACTIONS) actions.push({ type: 'Action.OpenUrl', title: link.title, url: link.url });
  return { ...card, content: { ...content, actions } };
}
