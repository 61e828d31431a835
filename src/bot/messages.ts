import { CardFactory, MessageFactory } from 'botbuilder';
import type { CardAttachment, OutgoingMessage } from './chatTypes';

/*
 * The Teams boundary's message and card factories (issue 12): code outside src/bot and src/http
 * builds activities through these instead of importing botbuilder at runtime, so a move to the
 * Microsoft 365 Agents SDK changes this file, not every caller. Behaviour is botbuilder's own.
 */

/** A message activity carrying one card (botbuilder's MessageFactory.attachment). */
export function cardMessage(card: CardAttachment): OutgoingMessage {
  return MessageFactory.attachment(card);
}

/** An Adaptive Card attachment from already expanded card JSON (botbuilder's CardFactory.adaptiveCard). */
export function adaptiveCardAttachment(content: object): CardAttachment {
  return CardFactory.adaptiveCard(content);
}
