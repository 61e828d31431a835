/**
 * A write Azure accepted (202 with Azure-AsyncOperation / Location) and carries out on its own:
 * what reading it to its end needs. An approval stores it before following it, so that after a
 * restart the bot follows the same operation to its real outcome (a configure that fails still
 * fails) instead of guessing from a read of the resource (issue 12).
 */
export interface AcceptedOperation {
  /**
   * Which status to read: an item write (configure protection) is followed through the vault's
   * backupOperations/{id} (FINDINGS (e)); a policy write through backupPolicies/{policy}/operations/{id}.
   */
  kind: 'itemOperation' | 'policyOperation';
  operationId: string;
  /** ARM id of the vault the operation runs in. */
  vaultId: string;
  /** policyOperation: the policy's name. */
  policy?: string;
}

/** Called once Azure accepted a write, before it is followed: the caller keeps the operation (the approval store). */
export type OnAccepted = (operation: AcceptedOperation) => Promise<void>;
