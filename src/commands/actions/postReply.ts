import type { CardActionContext, CardActionResult, CommandDefinition, ParsedArgs } from '../../bot/commandTypes';

/**
 * "Check", "Details", "Show all commands": the command runs exactly as if the clicker had typed it
 * (same parsing of the card's data as typed input, same role), its answer is posted as a new message
 * in the conversation (the clicked card stays as it is), and the clicker is told `notice`.
 */
export async function postCommandReply(ctx: CardActionContext, command: CommandDefinition, args: ParsedArgs, notice: string): Promise<CardActionResult> {
  const reply = await command.run({ ...ctx, args, commands: ctx.commands });
  if (reply !== undefined) await ctx.reply('card' in reply ? reply.card : reply.text);
  return { notice };
}
