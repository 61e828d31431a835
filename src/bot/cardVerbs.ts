// Card-action verbs that cards in more than one folder carry: one spelling each, so a button and
// the handler registered for it (registry/commandRegistry.ts) cannot drift apart.

/** "Back up now": check and vms rows (commands/), approved protection and resume cards (approvals/); handled by commands/actions/backupNowAction.ts. */
export const BACKUP_NOW_VERB = 'backupNow';
