import type { CardActionDefinition, CommandDefinition } from './commandTypes';
import { helpCommand } from '../commands/help';
import { whoamiCommand } from '../commands/whoami';
import { auditCommand } from '../commands/audit';
import { approveAction, refreshAction, rejectAction } from '../approvals/cardActions';

// The one place commands and card actions are registered. `help`, the manifest's command
// list and the router all read these lists, so adding a command here is all it takes.
export const COMMANDS: readonly CommandDefinition[] = [helpCommand, whoamiCommand, auditCommand];

export const CARD_ACTIONS: readonly CardActionDefinition[] = [approveAction, rejectAction, refreshAction];
