import type { VmState } from '../model/types';
import { iso } from '../model/time';

// Microsoft.Compute/virtualMachines as GET returns it (with `$expand=instanceView` when asked).

export function vmJson(vm: VmState, nowMs: number, withInstanceView: boolean): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    vmId: vm.vmId,
    hardwareProfile: { vmSize: vm.size },
    storageProfile: storageProfile(vm),
    osProfile: osProfile(vm),
    networkProfile: {
      networkInterfaces: [{ id: `/subscriptions/${vm.subscriptionId}/resourceGroups/${vm.resourceGroup}/providers/Microsoft.Network/networkInterfaces/${vm.name}-nic` }],
    },
    provisioningState: vm.provisioningState,
    timeCreated: '2024-01-15T09:00:00.0000000Z',
  };
  if (withInstanceView) properties.instanceView = instanceViewJson(vm, nowMs);
  return { id: vm.id, name: vm.name, type: 'Microsoft.Compute/virtualMachines', location: vm.location, tags: vm.tags, properties };
}

function storageProfile(vm: VmState): Record<string, unknown> {
  const osDiskName = `${vm.name}_OsDisk_1`;
  const osDisk: Record<string, unknown> = {
    osType: vm.os.type,
    name: osDiskName,
    createOption: 'FromImage',
    caching: 'ReadWrite',
    diskSizeGB: vm.os.type === 'Windows' ? 127 : 30,
    ...diskLocation(vm, osDiskName),
  };
  const dataDisks = Array.from({ length: vm.disks.data }, (_, lun) => {
    const name = `${vm.name}-data-${String(lun).padStart(2, '0')}`;
    return { lun, name, createOption: 'Empty', caching: 'None', diskSizeGB: vm.disks.dataDiskSizeGB, ...diskLocation(vm, name) };
  });
  const imageReference = vm.os.image
    ? { publisher: vm.os.image.publisher, offer: vm.os.image.offer, sku: vm.os.image.sku, version: vm.os.image.version, exactVersion: vm.os.version || undefined }
    : undefined;
  return { imageReference, osDisk, dataDisks };
}

function diskLocation(vm: VmState, diskName: string): Record<string, unknown> {
  if (vm.disks.managed) {
    return {
      managedDisk: {
        storageAccountType: 'Premium_LRS',
        id: `/subscriptions/${vm.subscriptionId}/resourceGroups/${vm.resourceGroup}/providers/Microsoft.Compute/disks/${diskName}`,
      },
    };
  }
  const account = `${vm.resourceGroup}${vm.name}`.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 20) || 'vhds';
  return { vhd: { uri: `https://${account}.blob.core.windows.net/vhds/${diskName}.vhd` } };
}

function osProfile(vm: VmState): Record<string, unknown> {
  const provisionVMAgent = vm.agent.status !== 'NotInstalled';
  const base = { computerName: vm.name.slice(0, 15), adminUsername: 'azureuser', allowExtensionOperations: true };
  return vm.os.type === 'Windows'
    ? { ...base, windowsConfiguration: { provisionVMAgent, enableAutomaticUpdates: true } }
    : { ...base, linuxConfiguration: { disablePasswordAuthentication: true, provisionVMAgent } };
}

const POWER_DISPLAY: Record<string, string> = {
  running: 'VM running',
  stopped: 'VM stopped',
  deallocated: 'VM deallocated',
  starting: 'VM starting',
  stopping: 'VM stopping',
  deallocating: 'VM deallocating',
};

export function instanceViewJson(vm: VmState, nowMs: number): Record<string, unknown> {
  const time = iso(nowMs);
  const view: Record<string, unknown> = {
    computerName: vm.name.slice(0, 15),
    osName: vm.os.name,
    osVersion: vm.os.version,
    disks: [`${vm.name}_OsDisk_1`, ...Array.from({ length: vm.disks.data }, (_, lun) => `${vm.name}-data-${String(lun).padStart(2, '0')}`)].map((name) => ({
      name,
      statuses: [{ code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded', time }],
    })),
    statuses: [
      vm.provisioningState === 'Succeeded'
        ? { code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded', time }
        : { code: `ProvisioningState/${vm.provisioningState.toLowerCase()}`, level: 'Error', displayStatus: `Provisioning ${vm.provisioningState.toLowerCase()}`, time },
      { code: `PowerState/${vm.powerState}`, level: 'Info', displayStatus: POWER_DISPLAY[vm.powerState] },
    ],
  };
  // A VM that is not running reports no agent at all.
  if (vm.powerState === 'running') view.vmAgent = vmAgentJson(vm, time);
  return view;
}

function vmAgentJson(vm: VmState, time: string): Record<string, unknown> {
  if (vm.agent.status === 'Ready') {
    return {
      vmAgentVersion: vm.agent.version ?? '2.7.41491.1102',
      statuses: [{ code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Ready', message: 'GuestAgent is running and processing the extensions.', time }],
      extensionHandlers: [],
    };
  }
  const message = vm.agent.status === 'NotInstalled' ? 'VM Agent is unresponsive.' : 'VM status blob is found but not yet populated.';
  return {
    vmAgentVersion: vm.agent.status === 'NotInstalled' ? 'Unknown' : (vm.agent.version ?? 'Unknown'),
    statuses: [{ code: 'ProvisioningState/Unavailable', level: 'Warning', displayStatus: 'Not Ready', message, time }],
    extensionHandlers: [],
  };
}
