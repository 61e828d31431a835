import type { CardActionContext, CardActionResult } from '../../bot/commandTypes';
import { describeFailure } from '../../bot/describeFailure';
import { followPostedCard, type BackupOutcome } from '../startBackup';

/**
 * A button that starts a backup posts the job card as a new message in the conversation (a reply
 * in the clicked card's thread) and the follower keeps that message up to date. The clicked card
 * (an approval, an alert, a failed job) stays as it is; the clicker gets a one-line notice, also
 * when nothing could be started (the sentence says why).
 */
export async function postBackupOutcome(ctx: CardActionContext, run: () => Promise<BackupOutcome>): Promise<CardActionResult> {
  let outcome: BackupOutcome;
  try {
    outcome = await run();
  } catch (err) {
    const sentence = describeFailure(err, ctx.services.logger, { verb: ctx.verb });
    return { notice: sentence };
  }
  const activityId = await ctx.reply(outcome.card);
  if (outcome.started && activityId) await followPostedCard(ctx.services, outcome, { activityId, conversation: ctx.conversation });
  const notice = outcome.started
    ? `Backup of ${outcome.job.vm} started: its job card is in the conversation and follows the job.`
    : 'No backup was started: the reason is in the conversation.';
  return { notice };
}
