import { adviceSteps, errorAdvice, hasOsSpecificSteps } from '../../../src/backup/errorAdvice';
import { VmOsCache } from '../../../src/backup/vmOs';
import { lookupError } from '../../../src/backup/errorCatalogue';
import { operationLabel } from '../../../src/backup/jobPhases';

// Issue 13.8: remedies tailored to the VM's OS, without repeated bullets; no raw enums.
describe('errorAdvice', () => {
  const entry = lookupError('UserErrorGuestAgentStatusUnavailable');
  const error = { code: 'UserErrorGuestAgentStatusUnavailable', message: 'VM Agent is unable to communicate with the Azure Backup Service.', recommendations: [], catalogue: entry };

  it('the catalogue has steps for Windows and for Linux (else the tests below prove nothing)', () => {
    expect(entry.steps.some((step) => step.startsWith('Windows:'))).toBe(true);
    expect(entry.steps.some((step) => step.startsWith('Linux:'))).toBe(true);
  });

  it('a Linux VM gets no Windows step and a Windows VM no Linux step; an unknown OS gets both', () => {
    const linux = errorAdvice(error, 'Linux').steps;
    const windows = errorAdvice(error, 'Windows').steps;
    expect(linux.some((step) => step.startsWith('Linux:'))).toBe(true);
    expect(linux.some((step) => step.startsWith('Windows:'))).toBe(false);
    expect(windows.some((step) => step.startsWith('Windows:'))).toBe(true);
    expect(windows.some((step) => step.startsWith('Linux:'))).toBe(false);
    const unknown = errorAdvice(error).steps;
    expect(unknown.some((step) => step.startsWith('Linux:')) && unknown.some((step) => step.startsWith('Windows:'))).toBe(true);
  });

  it('the OS is asked for only when a step depends on it', () => {
    expect(hasOsSpecificSteps([error])).toBe(true);
    const network = lookupError('ExtensionSnapshotFailedNoNetwork');
    expect(hasOsSpecificSteps([{ ...error, code: network.code, catalogue: network }])).toBe(false);
    expect(hasOsSpecificSteps([{ ...error, catalogue: network, recommendations: ['Linux: restart waagent.'] }])).toBe(true);
    expect(hasOsSpecificSteps([])).toBe(false);
  });

  it('a VM\'s OS is kept for good; a VM that could not be read is asked again after an hour', () => {
    let now = 0;
    const cache = new VmOsCache(() => now);
    cache.remember('/subscriptions/s/resourceGroups/RG/providers/Microsoft.Compute/virtualMachines/VM-1', 'Linux');
    cache.rememberUnknown('/x/vm-2');
    expect(cache.lookup('/subscriptions/s/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm-1')).toBe('Linux');
    expect(cache.lookup('/x/vm-2')).toBeNull();
    expect(cache.lookup('/x/vm-3')).toBeUndefined();
    now += 61 * 60_000;
    expect(cache.lookup('/x/vm-2')).toBeUndefined();
    expect(cache.lookup('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1')).toBe('Linux');
  });

  it('a recommendation that repeats a step or the action is not a second bullet', () => {
    const steps = adviceSteps('Retry the backup.', ['Restart the VM agent.', 'restart the VM agent', 'Retry the backup', 'Windows: reinstall the agent.', 'Check the NSG rules.'], 'Windows');
    expect(steps).toEqual(['Restart the VM agent.', 'Windows: reinstall the agent.', 'Check the NSG rules.']);
    expect(new Set(steps).size).toBe(steps.length);
  });

  it('operations read as words', () => {
    expect(operationLabel('ConfigureBackup')).toBe('Configure backup');
    expect(operationLabel('DeleteBackupData')).toBe('Delete backup data');
    expect(operationLabel('Backup')).toBe('Backup');
  });
});
