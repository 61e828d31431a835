import { canResume, canStop, takingBackups, toProtectedVm } from '../../../src/backup/protectionView';
import type { ProtectionStateView } from '../../../src/backup/views';

// The one home of "protection is active" (issue 12): what each of Azure's protectionState values
// means for the bot's stop, resume and policy changes and for the digest's staleness.

const AZURE_STATES = ['Protected', 'IRPending', 'ProtectionError', 'ProtectionStopped', 'ProtectionPaused', 'BackupsSuspended'] as const;

function stateAsRead(protectionState: string): ProtectionStateView {
  const vault = { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v', name: 'v', resourceGroup: 'rg', subscriptionId: 's', region: 'westeurope', redundancy: 'GRS' as const, redundancyLabel: 'Geo-redundant (GRS)', crossRegionRestore: false };
  const item = toProtectedVm({ id: `${vault.id}/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;rg;vm/protectedItems/VM;iaasvmcontainerv2;rg;vm`, properties: { protectedItemType: 'Microsoft.Compute/virtualMachines', virtualMachineId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm', protectionState } as never }, vault);
  return item!.view.state;
}

describe('protection states', () => {
  it('reads every state of Azure\'s enum as itself (none falls to Unknown)', () => {
    expect(AZURE_STATES.map(stateAsRead)).toEqual([...AZURE_STATES]);
    expect(stateAsRead('protectionpaused')).toBe('ProtectionPaused');
    expect(stateAsRead('Invalid')).toBe('Unknown');
  });

  it('backups run only while protected, pending its first backup, or in error', () => {
    expect(AZURE_STATES.filter(takingBackups)).toEqual(['Protected', 'IRPending', 'ProtectionError']);
    expect(takingBackups('NotProtected')).toBe(false);
    expect(takingBackups('Unknown')).toBe(false);
  });

  it('a stop (keep data) applies while backups run or are paused/suspended; a resume while stopped, paused or suspended', () => {
    expect(AZURE_STATES.filter(canStop)).toEqual(['Protected', 'IRPending', 'ProtectionError', 'ProtectionPaused', 'BackupsSuspended']);
    expect(AZURE_STATES.filter(canResume)).toEqual(['ProtectionStopped', 'ProtectionPaused', 'BackupsSuspended']);
    // A paused item can be either stopped for good or resumed; nothing is both taking backups and resumable.
    expect(AZURE_STATES.filter((s) => takingBackups(s) && canResume(s))).toEqual([]);
    expect(canStop('NotProtected') || canResume('NotProtected')).toBe(false);
  });
});
