import { cardMessage } from '../../bot/messages';
import type { CardAttachment } from '../../bot/chatTypes';
import type { CardActionContext, CardActionResult, CommandDefinition, ParsedArgs, Reply } from '../../bot/commandTypes';

/**
 * Buttons whose answer is a new message (a command's card, a request's card) post it in the
 * conversation and leave the clicked card as it is; a reply that edits its card later (onPosted)
 * learns the posted message's id. Returns the posted card.
 */
export async function postReply(ctx: CardActionContext, reply: Reply & { card: CardAttachment }): Promise<CardAttachment> {
  const sent = await ctx.turn.sendActivity(cardMessage(reply.card));
  if (sent?.id && reply.onPosted) await reply.onPosted({ activityId: sent.id, conversation: ctx.conversation });
  return reply.card;
}

/**
 * "Check", "Details", "Show all commands": the command runs exactly as if the clicker had typed it
 * (same parsing of the card's data as typed input, same role), its card is posted, and the
 * clicker is told `notice`.
 */
export async function postCommandReply(ctx: CardActionContext, command: CommandDefinition, args: ParsedArgs, notice: string): Promise<CardActionResult> {
  const reply = await command.run({ args, commands: ctx.commands, user: ctx.user, services: ctx.services, conversation: ctx.conversation, turn: ctx.turn });
  if (!('card' in reply)) throw new Error(`${command.name} always answers with a card`);
  return { card: await postReply(ctx, reply), notice };
}
