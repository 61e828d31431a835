import type { CommandDefinition } from '../src/bot/commandTypes';

/** Teams shows at most 10 commands per command list, titles up to 32 and descriptions up to 128 characters. */
export const MAX_MENU_COMMANDS = 10;
export const MAX_TITLE_LENGTH = 32;
export const MAX_DESCRIPTION_LENGTH = 128;

/** Scopes the bot is installed in; one command list serves them all. */
export const BOT_SCOPES = ['personal', 'team', 'groupChat'] as const;

/**
 * The rule for the command menu when the registry holds more than 10 commands (Teams shows 10 per
 * list): the daily operations first (help, the estate at a glance, what is there, is it ready,
 * protect it, back it up, how did it go, what did it produce), then vaults and policies.
 * Registered commands not named here come after, in registry order. Every command stays
 * available by typing it; `help` lists them all, and each card names the next command to type.
 */
export const MENU_PRIORITY = ['help', 'coverage', 'vms', 'check', 'protect', 'backup', 'jobs', 'points', 'vaults', 'policies', 'subscribe', 'job', 'unprotect', 'reprotect', 'assign', 'cancel', 'vault', 'policy', 'whoami', 'subscriptions', 'unsubscribe'];

/** In channels and group chats the team sets up its alerts and digests: `subscribe` takes the place of `policies`. */
export const CHANNEL_MENU_PRIORITY = ['help', 'coverage', 'vms', 'check', 'protect', 'backup', 'jobs', 'points', 'vaults', 'subscribe', ...MENU_PRIORITY.filter((name) => !['help', 'coverage', 'vms', 'check', 'protect', 'backup', 'jobs', 'points', 'vaults', 'subscribe'].includes(name))];

export interface ManifestCommand {
  title: string;
  description: string;
}

/** The manifest's command menu, derived from the command registry (the single source of truth). */
export function menuCommands(commands: readonly CommandDefinition[], priority: readonly string[] = MENU_PRIORITY): ManifestCommand[] {
  const rank = (name: string) => {
    const index = priority.indexOf(name);
    return index === -1 ? priority.length : index;
  };
  const ordered = commands.map((command, position) => ({ command, position })).sort((a, b) => rank(a.command.name) - rank(b.command.name) || a.position - b.position);
  return ordered.slice(0, MAX_MENU_COMMANDS).map(({ command }) => {
    if (command.name.length > MAX_TITLE_LENGTH) throw new Error(`command "${command.name}" is longer than ${MAX_TITLE_LENGTH} characters, Teams would refuse the manifest`);
    if (command.summary.length > MAX_DESCRIPTION_LENGTH) {
      throw new Error(`the summary of "${command.name}" has ${command.summary.length} characters; the Teams command menu allows ${MAX_DESCRIPTION_LENGTH}`);
    }
    return { title: command.name, description: command.summary };
  });
}

export function commandLists(commands: readonly CommandDefinition[]): Array<{ scopes: string[]; commands: ManifestCommand[] }> {
  return [
    { scopes: ['personal'], commands: menuCommands(commands) },
    { scopes: ['team', 'groupChat'], commands: menuCommands(commands, CHANNEL_MENU_PRIORITY) },
  ];
}
