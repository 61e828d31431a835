import { closestName } from '../bot/closestCommand';
import { errorCard, renderCard } from '../bot/cards';
import type { CommandDefinition } from '../bot/commandTypes';
import type { CardAttachment } from '../bot/chatTypes';
import { hasRole, withArticle } from '../bot/roles';
import type { Role } from '../config';
import { unbreakableCommand } from '../bot/unbreakable';
import { quoted } from '../userText';

/**
 * The help card depends only on the command list (fixed at start) and the reader's role: expanding
 * its template on every `help` was most of the command's cost, so it is expanded once per role.
 */
const helpCards = new WeakMap<readonly CommandDefinition[], Map<Role, CardAttachment>>();

function helpCard(commands: readonly CommandDefinition[], role: Role): CardAttachment {
  let byRole = helpCards.get(commands);
  if (!byRole) helpCards.set(commands, (byRole = new Map()));
  let card = byRole.get(role);
  if (!card) {
    // Only what this role may run, so nobody is shown a command that will be refused; the rest is named in one line.
    const runnable = commands.filter((c) => hasRole(role, c.minRole));
    // An example that is just the command's name says nothing: the line is left out, so the card stays short (issue 13.9).
    const rows = runnable.map((c) => ({ name: c.name, summary: c.summary, example: c.examples[0] !== undefined && c.examples[0] !== c.name ? unbreakableCommand(c.examples[0]) : '' }));
    card = renderCard('help', { role: withArticle(role), commands: rows, others: othersLine(commands, role) });
    byRole.set(role, card);
  }
  // A fresh attachment around the shared content: nothing downstream edits card content.
  return { ...card };
}

export const helpCommand: CommandDefinition = {
  name: 'help',
  summary: 'List every command with an example, or explain one command.',
  usage: 'help [command]',
  examples: ['help', 'help backup'],
  minRole: 'viewer',
  async run({ args, commands, user }) {
    const wanted = args.positional[0]?.toLowerCase();
    if (wanted === undefined) {
      return { card: helpCard(commands, user.role) };
    }
    const command = commands.find((c) => c.name === wanted);
    if (command === undefined) {
      const closest = closestName(wanted, commands.map((c) => c.name));
      const hint = closest === undefined ? '' : ` Did you mean **${closest}**?`;
      return { card: errorCard(`There is no command called ${quoted(args.positional[0])}.${hint} Type **help** to see them all.`) };
    }
    return {
      card: renderCard('help-command', {
        name: command.name,
        summary: command.summary,
        usage: unbreakableCommand(command.usage),
        details: command.details ?? '',
        minRole: command.minRole,
        // Every hyphen of a command line holds (issue 13.9); a copied line still runs.
        examples: command.examples.map(unbreakableCommand),
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
