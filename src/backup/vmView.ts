import type { VirtualMachine } from '@azure/arm-compute';
import { parseVmId } from './armIds';
import type { AgentStatus, PowerState, PreflightVm } from './preflight';
import type { OsType } from './vmOs';
import type { ProtectedVm } from './protectionView';
import type { ProtectionView, VmDetails, VmSummary } from './views';

/**
 * Compute VMs (with `$expand=instanceView` for details) into plain views. The agent is "NotInstalled"
 * when the VM says it was provisioned without one or reports version "Unknown"; it is "Unknown" when
 * the VM is not running (a stopped VM reports no agent).
 */

export function toVmSummary(vm: VirtualMachine, protection: ProtectionView): VmSummary {
  return { ...toVmRow(vm), protection };
}

/** The few fields a VM listing shows: kept instead of the SDK object (20,000 of those weigh ~100 MB). */
export function toVmRow(vm: VirtualMachine): Omit<VmSummary, 'protection'> {
  const ref = parseVmId(vm.id ?? '');
  return {
    name: vm.name ?? ref?.name ?? '',
    resourceGroup: ref?.resourceGroup ?? '',
    subscriptionId: ref?.subscriptionId ?? '',
    id: vm.id ?? '',
    region: vm.location ?? '',
    osType: osTypeOf(vm),
    ...(vm.tags && Object.keys(vm.tags).length > 0 ? { tags: vm.tags } : {}),
  };
}

/** A VM as its vault sees it (the protected item): its region is the vault's, its OS is not reported. */
export function toProtectedVmSummary(item: ProtectedVm): VmSummary {
  const ref = parseVmId(item.vmId);
  return {
    name: ref?.name ?? item.vmKey.split('/').pop() ?? '',
    resourceGroup: ref?.resourceGroup ?? '',
    subscriptionId: ref?.subscriptionId ?? '',
    id: item.vmId,
    region: item.vault.region,
    protection: item.view,
  };
}

export function toVmDetails(vm: VirtualMachine, protection: ProtectionView): VmDetails {
  const view = vm.instanceView;
  const image = vm.storageProfile?.imageReference;
  const dataDisks = vm.storageProfile?.dataDisks ?? [];
  const osDisk = vm.storageProfile?.osDisk;
  const powerState = powerStateOf(vm);
  return {
    ...toVmSummary(vm, protection),
    size: vm.hardwareProfile?.vmSize,
    powerState,
    provisioningState: vm.provisioningState,
    osName: view?.osName || undefined,
    osVersion: view?.osVersion || undefined,
    image: image ? { publisher: image.publisher, offer: image.offer, sku: image.sku, version: image.exactVersion ?? image.version } : undefined,
    agent: agentOf(vm, powerState),
    disks: { managed: osDisk?.managedDisk !== undefined || (osDisk?.vhd === undefined && dataDisks.every((d) => d.vhd === undefined)), dataDiskCount: dataDisks.length },
  };
}

export function toPreflightVm(details: VmDetails): PreflightVm {
  return {
    name: details.name,
    resourceGroup: details.resourceGroup,
    subscriptionId: details.subscriptionId,
    region: details.region,
    osType: details.osType,
    osName: details.osName,
    image: details.image,
    powerState: details.powerState,
    provisioningState: details.provisioningState,
    agent: details.agent,
    disks: details.disks,
    protectedBy:
      details.protection.state !== 'NotProtected' && details.protection.vault
        ? { vaultName: details.protection.vault, vaultId: details.protection.vaultId, policyName: details.protection.policy }
        : undefined,
  };
}

export function osTypeOf(vm: VirtualMachine): OsType | undefined {
  const type = vm.storageProfile?.osDisk?.osType;
  if (type === 'Windows' || type === 'Linux') return type;
  if (vm.osProfile?.windowsConfiguration) return 'Windows';
  if (vm.osProfile?.linuxConfiguration) return 'Linux';
  return undefined;
}

const POWER_STATES: PowerState[] = ['running', 'stopped', 'deallocated', 'starting', 'stopping', 'deallocating'];

export function powerStateOf(vm: VirtualMachine): PowerState {
  const code = vm.instanceView?.statuses?.find((status) => status.code?.toLowerCase().startsWith('powerstate/'))?.code;
  const state = code?.split('/')[1]?.toLowerCase() as PowerState | undefined;
  return state && POWER_STATES.includes(state) ? state : 'unknown';
}

function agentOf(vm: VirtualMachine, powerState: PowerState): { status: AgentStatus; version?: string } {
  const provisioned = vm.osProfile?.windowsConfiguration?.provisionVMAgent ?? vm.osProfile?.linuxConfiguration?.provisionVMAgent;
  const agent = vm.instanceView?.vmAgent;
  const version = agent?.vmAgentVersion && agent.vmAgentVersion.toLowerCase() !== 'unknown' ? agent.vmAgentVersion : undefined;
  if (provisioned === false && !version) return { status: 'NotInstalled' };
  if (!agent) return { status: powerState === 'running' ? 'NotInstalled' : 'Unknown' };
  const display = agent.statuses?.[0]?.displayStatus?.toLowerCase().replace(/\s+/g, '');
  if (display === 'ready') return { status: 'Ready', version };
  if (!version && agent.vmAgentVersion?.toLowerCase() === 'unknown') return { status: 'NotInstalled' };
  return { status: display === 'notready' ? 'NotReady' : 'Unknown', version };
}
