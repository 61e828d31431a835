import { closestName } from '../bot/closestCommand';
import { errorCard, renderCard } from '../bot/cards';
import type { CommandDefinition } from '../bot/commandTypes';

export const helpCommand: CommandDefinition = {
  name: 'help',
  summary: 'List every command with an example, or explain one command.',
  usage: 'help [command]',
  examples: ['help', 'help backup'],
  minRole: 'viewer',
  async run({ args, services, user }) {
    const wanted = args.positional[0]?.toLowerCase();
    if (wanted === undefined) {
      const commands = services.commands.map((c) => ({ name: c.name, summary: c.summary, usage: c.usage, example: c.examples[0] ?? c.name }));
      return { card: renderCard('help', { role: user.role, commands }) };
    }
    const command = services.commands.find((c) => c.name === wanted);
    if (command === undefined) {
      const closest = closestName(wanted, services.commands.map((c) => c.name));
      const hint = closest === undefined ? '' : ` Did you mean **${closest}**?`;
      return { card: errorCard(`There is no command called "${args.positional[0]}".${hint} Type **help** to see them all.`) };
    }
    return {
      card: renderCard('help-command', {
        name: command.name,
        summary: command.summary,
        usage: command.usage,
        details: command.details ?? '',
        minRole: command.minRole,
        examples: command.examples,
      }),
    };
  },
};
