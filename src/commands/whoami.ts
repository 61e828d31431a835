import { renderCard } from '../bot/cards';
import type { CommandDefinition } from '../bot/commandTypes';
import { describeRole } from '../bot/roles';

export const whoamiCommand: CommandDefinition = {
  name: 'whoami',
  summary: 'Show your role and what it lets you do.',
  usage: 'whoami',
  examples: ['whoami'],
  minRole: 'viewer',
  async run({ user, tenantId }) {
    return {
      card: renderCard('whoami', {
        name: user.name || 'You',
        role: user.role,
        aadObjectId: user.aadObjectId || 'unknown',
        tenantId: tenantId ?? 'unknown',
        roleDescription: describeRole(user.role),
      }),
    };
  },
};
