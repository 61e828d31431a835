import { ArgumentError, parseArgs, tokenize } from './argParser';
import { closestName } from './closestCommand';
import { errorCard } from './cards';
import type { CommandDefinition, HandlerContext, Reply } from './commandTypes';
import { hasRole, withArticle } from './roles';
import { quoted } from '../userText';

/** Longest command line read (the longest real one is a few hundred characters); longer text is not parsed or repeated. */
export const MAX_COMMAND_CHARS = 2000;

/**
 * Turns typed text into one command call and posts its answer. Every problem with the text becomes
 * a short reply; a failing command is answered by the pipeline's error mapping (pipeline/errorMapping.ts).
 */
export async function routeCommand(text: string, ctx: HandlerContext, commands: readonly CommandDefinition[]): Promise<void> {
  const answer = await answerTo(text, ctx, commands);
  if (answer !== undefined) await ctx.reply('card' in answer ? answer.card : answer.text);
}

async function answerTo(text: string, ctx: HandlerContext, commands: readonly CommandDefinition[]): Promise<Reply | undefined> {
  const { user } = ctx;
  if (text.length > MAX_COMMAND_CHARS) {
    return { card: errorCard(`That message is ${text.length.toLocaleString('en-US')} characters long; commands are at most ${MAX_COMMAND_CHARS.toLocaleString('en-US')}. Nothing was run.`) };
  }
  let tokens: string[];
  try {
    tokens = tokenize(text);
  } catch (err) {
    return { card: errorCard((err as Error).message) };
  }
  if (tokens.length === 0) return { card: errorCard('Type **help** to see what I can do.') };

  const name = tokens[0].toLowerCase();
  const command = findCommand(commands, name);
  if (command === undefined) return { card: errorCard(unknownCommandSentence(tokens[0], commands)) };
  if (!hasRole(user.role, command.minRole)) {
    return { card: errorCard(`**${command.name}** needs the ${command.minRole} role and you are ${withArticle(user.role)}. Type **whoami** to see your role.`) };
  }

  let args;
  try {
    args = parseArgs(tokens.slice(1), command.flags);
  } catch (err) {
    if (err instanceof ArgumentError) return { card: errorCard(`${err.message} Usage: ${command.usage}`) };
    throw err;
  }

  return command.run({ ...ctx, args, commands });
}

function findCommand(commands: readonly CommandDefinition[], name: string): CommandDefinition | undefined {
  return commands.find((c) => c.name === name);
}

function unknownCommandSentence(word: string, commands: readonly CommandDefinition[]): string {
  const closest = closestName(word, commands.map((c) => c.name));
  const suggestion = closest === undefined ? '' : ` Did you mean **${closest}**?`;
  return `I don't know the command ${quoted(word)}.${suggestion} Type **help** to see every command.`;
}
