import { closestName } from '../bot/closestCommand';
import { errorCard, renderCard } from '../bot/cards';
import type { CommandDefinition } from '../bot/commandTypes';
import { hasRole, withArticle } from '../bot/roles';
import type { Role } from '../config';
import { quoted } from '../userText';

export const helpCommand: CommandDefinition = {
  name: 'help',
  summary: 'List every command with an example, or explain one command.',
  usage: 'help [command]',
  examples: ['help', 'help backup'],
  minRole: 'viewer',
  async run({ args, services, user }) {
    const wanted = args.positional[0]?.toLowerCase();
    if (wanted === undefined) {
      // Only what this role may run, so nobody is shown a command that will be refused; the rest is named in one line.
      const runnable = services.commands.filter((c) => hasRole(user.role, c.minRole));
      const commands = runnable.map((c) => ({ name: c.name, summary: c.summary, example: c.examples[0] ?? c.name }));
      return { card: renderCard('help', { role: withArticle(user.role), commands, others: othersLine(services.commands, user.role) }) };
    }
    const command = services.commands.find((c) => c.name === wanted);
    if (command === undefined) {
      const closest = closestName(wanted, services.commands.map((c) => c.name));
      const hint = closest === undefined ? '' : ` Did you mean **${closest}**?`;
      return { card: errorCard(`There is no command called ${quoted(args.positional[0])}.${hint} Type **help** to see them all.`) };
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

/** "Operators can also run protect, backup; approvers also audit." for the commands this role may not run. */
function othersLine(commands: readonly CommandDefinition[], role: Role): string {
  const parts = (['operator', 'approver'] as const)
    .filter((needed) => !hasRole(role, needed))
    .map((needed) => {
      const names = commands.filter((c) => c.minRole === needed).map((c) => `**${c.name}**`);
      return names.length === 0 ? '' : `${needed}s also run ${names.join(', ')}`;
    })
    .filter((part) => part !== '');
  return parts.length === 0 ? '' : `Not shown, as your role cannot run them: ${parts.join('; ')}.`;
}
