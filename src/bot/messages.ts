import type { CardAttachment, OutgoingMessage } from './chatTypes';

/*
 * Card attachments and card messages as plain Bot Framework schema objects (issue 12). The kit that
 * commands, approvals and notify build on stays free of any chat SDK: botbuilder and the Microsoft
 * 365 Agents SDK send these same objects, so only src/teams changes when the SDK does. The values
 * are exactly what botbuilder 4.23's factories return (botbuilder-core cardFactory.js and
 * messageFactory.js), property order included, so cards, their byte counts and tests are unchanged.
 */

/** The content type of an Adaptive Card attachment (botbuilder's CardFactory.contentTypes.adaptiveCard). */
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** A message activity carrying one card (botbuilder's MessageFactory.attachment(card)). */
export function cardMessage(card: CardAttachment): OutgoingMessage {
  return { type: 'message', attachmentLayout: 'list', attachments: [card], inputHint: 'acceptingInput' };
}

/** An Adaptive Card attachment from already expanded card JSON (botbuilder's CardFactory.adaptiveCard). */
export function adaptiveCardAttachment(content: object): CardAttachment {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content };
}
