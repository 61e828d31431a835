import type { ApprovalRequest } from './types';

/**
 * Whether a click came from a message other than the request's own card. Card data is untrusted:
 * a button on card A can be made to carry request B's id, and the bot replaces the clicked message
 * with the result for everyone. Teams names the clicked message (`replyToId`); the request remembers
 * the message its card was posted as. When either is unknown (the card id is not recorded yet, a
 * client that sends no replyToId) nothing can be compared, and the clicked message is not replaced.
 */
export function clickedAnotherCard(request: ApprovalRequest, clickedActivityId: string | undefined): boolean {
  return request.card !== undefined && clickedActivityId !== undefined && request.card.activityId !== clickedActivityId;
}

export const OTHER_CARD_REFUSAL = 'This button does not belong to the request it names (the card was edited or copied). Open the request\'s own card to act on it. Nothing was changed.';
