import type { Activity, TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import { MAX_CARD_BYTES, errorCard } from '../bot/cards';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../bot/messages';

/**
 * The last line of defence for Teams' message size limit (~28 KB; larger messages are refused and
 * the person sees nothing): every reply, card replacement and card-click answer of a turn is
 * measured, and one over the limit is replaced by a sentence saying so. Commands page and
 * shorten their cards themselves (commands/paging.ts); this catches what they miss.
 */
export function limitReplySize(context: TurnContext, logger: Logger): void {
  context.onSendActivities(async (_context, activities, next) => {
    for (const activity of activities) fitToTeams(activity, logger);
    return next();
  });
  context.onUpdateActivity(async (_context, activity, next) => {
    fitToTeams(activity, logger);
    return next();
  });
}

/** Size of what Teams receives for this activity: its text and attachments, or an invoke answer's body. */
export function replyBytes(activity: Partial<Activity>): number {
  if (activity.type === 'invokeResponse') return Buffer.byteLength(JSON.stringify((activity.value as { body?: unknown } | undefined)?.body ?? null), 'utf8');
  return Buffer.byteLength(JSON.stringify({ text: activity.text, attachments: activity.attachments }), 'utf8');
}

export function tooLargeSentence(bytes: number): string {
  return `The answer is too large to show in Teams (${Math.ceil(bytes / 1024)} KB, the limit is ${MAX_CARD_BYTES / 1024} KB). Narrow it down (for example with --vault) and ask again.`;
}

/** Replaces (in place) the content of an activity over the limit by a sentence saying so. */
export function fitToTeams(activity: Partial<Activity>, logger: Logger): void {
  const bytes = replyBytes(activity);
  if (bytes < MAX_CARD_BYTES) return;
  logger.warn({ bytes, activityType: activity.type }, 'reply over the Teams size limit replaced by a sentence');
  const card = errorCard(tooLargeSentence(bytes));
  if (activity.type === 'invokeResponse') {
    const value = activity.value as { status: number; body?: { value?: unknown } };
    activity.value = { ...value, body: { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card.content } };
  } else {
    activity.text = undefined;
    activity.attachments = [card];
  }
}
