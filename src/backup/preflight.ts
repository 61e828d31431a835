import type { OsType } from './vmOs';
/**
 * Checks to run before enabling protection (docs/design.md, Preflight): pure rules over a
 * plain view of the VM and the target vault. Each check says pass, warn or fail and, unless it
 * passes, one sentence on what to do.
 */

export type CheckStatus = 'pass' | 'warn' | 'fail';
export type PowerState = 'running' | 'stopped' | 'deallocated' | 'starting' | 'stopping' | 'deallocating' | 'unknown';
export type AgentStatus = 'Ready' | 'NotReady' | 'Unknown' | 'NotInstalled';
export type Redundancy = 'GRS' | 'LRS' | 'ZRS' | 'Unknown';

export interface PreflightVm {
  name: string;
  resourceGroup: string;
  /** A vault protects only VMs of its own subscription (and region). */
  subscriptionId?: string;
  region: string;
  osType?: OsType;
  /** OS name as the agent reports it, e.g. "Windows Server 2019 Datacenter" or "ubuntu 22.04". */
  osName?: string;
  image?: { publisher?: string; offer?: string; sku?: string };
  powerState: PowerState;
  provisioningState?: string;
  agent: { status: AgentStatus; version?: string };
  disks: { managed: boolean; dataDiskCount: number };
  /** The vault that already protects the VM, if any. */
  protectedBy?: { vaultName: string; vaultId?: string; policyName?: string };
}

export interface PreflightVault {
  name: string;
  id?: string;
  subscriptionId?: string;
  region: string;
  redundancy: Redundancy;
}

export interface PreflightCheck {
  id: 'region' | 'agent' | 'agent-version' | 'os' | 'disks' | 'power-state' | 'provisioning' | 'protection' | 'redundancy';
  title: string;
  status: CheckStatus;
  detail: string;
  remedy?: string;
}

export interface PreflightResult {
  vm: string;
  vault?: string;
  verdict: CheckStatus;
  checks: PreflightCheck[];
  notes: string[];
}

export interface PreflightInput {
  vm: PreflightVm;
  /** The vault the VM would be protected in; undefined when none was chosen or none could be found. */
  vault?: PreflightVault;
  /** Vaults in the VM's subscription and region, offered when the chosen vault is elsewhere or none was chosen. */
  vaultsInRegion?: string[];
}

export const MIN_WINDOWS_AGENT_VERSION = '2.6.1198.718';
export const MAX_DATA_DISKS_MANAGED = 32;
export const MAX_DATA_DISKS_UNMANAGED = 16;

export function runPreflight(input: PreflightInput): PreflightResult {
  const { vm, vault } = input;
  const checks: PreflightCheck[] = [
    checkRegion(vm, vault, input.vaultsInRegion ?? []),
    checkAgent(vm),
    ...(vm.osType === 'Windows' ? [checkAgentVersion(vm)] : []),
    checkOs(vm),
    checkDisks(vm),
    checkPowerState(vm),
    checkProvisioning(vm),
    checkProtection(vm, vault),
    ...(vault ? [showRedundancy(vault)] : []),
  ];
  return {
    vm: vm.name,
    vault: vault?.name,
    verdict: worst(checks.map((check) => check.status)),
    checks,
    notes: ['Network drives mounted inside the VM are not included in the backup.'],
  };
}

export function worst(statuses: CheckStatus[]): CheckStatus {
  if (statuses.includes('fail')) return 'fail';
  if (statuses.includes('warn')) return 'warn';
  return 'pass';
}

/** "West Europe", "westeurope" and "WESTEUROPE" are the same region. */
export function sameRegion(a: string, b: string): boolean {
  return normaliseRegion(a) === normaliseRegion(b);
}

export function normaliseRegion(region: string): string {
  return region.replace(/\s+/g, '').toLowerCase();
}

function checkRegion(vm: PreflightVm, vault: PreflightVault | undefined, vaultsInRegion: string[]): PreflightCheck {
  const title = 'Vault in the VM region';
  const offer = vaultsInRegion.length > 0 ? ` Vaults in ${vm.region}: ${vaultsInRegion.join(', ')}.` : '';
  if (!vault && vaultsInRegion.length > 0) {
    // A choice to make, not a problem: a VM ready for backup must not read "Ready, with warnings".
    return {
      id: 'region',
      title,
      status: 'pass',
      detail: `${vaultsInRegion.length} vaults are in ${vm.region}: ${vaultsInRegion.join(', ')}. You choose one when you protect the VM.`,
    };
  }
  if (!vault) {
    return {
      id: 'region',
      title,
      status: 'fail',
      detail: `No Recovery Services vault of the VM's subscription was found in ${vm.region}.`,
      remedy: `Create a Recovery Services vault in ${vm.region}: backup across regions is not supported.`,
    };
  }
  // Azure only protects a VM in a vault of the same subscription (FINDINGS, issue 10): a card offering
  // another subscription's vault would fail once approved.
  if (vm.subscriptionId && vault.subscriptionId && vm.subscriptionId.toLowerCase() !== vault.subscriptionId.toLowerCase()) {
    return {
      id: 'region',
      title,
      status: 'fail',
      detail: `Vault ${vault.name} is in subscription ${vault.subscriptionId}, the VM in ${vm.subscriptionId}.`,
      remedy: `Use a vault of the VM's own subscription in ${vm.region} (or create one there): a vault protects only VMs of its subscription and region.${offer}`,
    };
  }
  if (sameRegion(vm.region, vault.region)) {
    return { id: 'region', title, status: 'pass', detail: `VM and vault ${vault.name} are both in ${vault.region}.` };
  }
  return {
    id: 'region',
    title,
    status: 'fail',
    detail: `The VM is in ${vm.region} but vault ${vault.name} is in ${vault.region}.`,
    remedy: `Use a vault in ${vm.region} (or create one there): a VM can only be backed up to a vault in its own region.${offer}`,
  };
}

function checkAgent(vm: PreflightVm): PreflightCheck {
  const title = 'VM agent';
  const version = vm.agent.version ? ` (version ${vm.agent.version})` : '';
  const install =
    vm.osType === 'Linux'
      ? 'install or update the Azure Linux agent (walinuxagent/waagent) from your distribution\'s repository'
      : 'install the Windows VM agent MSI with administrator rights';
  switch (vm.agent.status) {
    case 'Ready':
      return { id: 'agent', title, status: 'pass', detail: `The VM agent is ready${version}.` };
    case 'NotInstalled':
      return {
        id: 'agent',
        title,
        status: 'fail',
        detail: 'No VM agent reports from this VM.',
        remedy: `Azure Backup needs the VM agent: ${install}, then check again.`,
      };
    default:
      if (vm.powerState !== 'running') {
        return {
          id: 'agent',
          title,
          status: 'warn',
          detail: `The agent status is ${vm.agent.status}${version} because the VM is not running.`,
          remedy: 'Start the VM to confirm its agent is Ready; a stopped VM is still backed up, crash-consistent.',
        };
      }
      return {
        id: 'agent',
        title,
        status: 'fail',
        detail: `The VM agent is ${vm.agent.status}${version}.`,
        remedy: `Restart the VM agent service in the VM (or ${install}) until its status is Ready.`,
      };
  }
}

function checkAgentVersion(vm: PreflightVm): PreflightCheck {
  const title = 'Windows agent version';
  const version = vm.agent.version;
  if (!version) {
    return {
      id: 'agent-version',
      title,
      status: vm.agent.status === 'Ready' ? 'warn' : 'fail',
      detail: 'The agent version is not reported.',
      remedy: `Check C:\\WindowsAzure\\Packages\\WaAppAgent.exe shows product version ${MIN_WINDOWS_AGENT_VERSION} or later; reinstall the agent if not.`,
    };
  }
  if (compareVersions(version, MIN_WINDOWS_AGENT_VERSION) >= 0) {
    return { id: 'agent-version', title, status: 'pass', detail: `Agent ${version} is ${MIN_WINDOWS_AGENT_VERSION} or later.` };
  }
  return {
    id: 'agent-version',
    title,
    status: 'fail',
    detail: `Agent ${version} is older than ${MIN_WINDOWS_AGENT_VERSION}.`,
    remedy: `Update the Windows VM agent to ${MIN_WINDOWS_AGENT_VERSION} or later (reinstall the agent MSI) while no backup is running.`,
  };
}

/** Numeric comparison of dotted versions: "2.7.41491.1010" > "2.6.1198.718". */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const pb = b.split('.').map((part) => Number.parseInt(part, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

const ENDORSED_LINUX = [
  'ubuntu',
  'canonical',
  'redhat',
  'red hat',
  'rhel',
  'suse',
  'sles',
  'opensuse',
  'debian',
  'centos',
  'openlogic',
  'oracle',
  'almalinux',
  'rocky',
  'azurelinux',
  'mariner',
  'flatcar',
];

function checkOs(vm: PreflightVm): PreflightCheck {
  const title = 'Operating system';
  const described = describeOs(vm);
  const text = `${vm.osName ?? ''} ${vm.image?.publisher ?? ''} ${vm.image?.offer ?? ''} ${vm.image?.sku ?? ''}`.toLowerCase();
  if (vm.osType === 'Windows') {
    const year = windowsServerYear(text);
    if (year !== undefined && (year < 2008 || (year === 2008 && !/2008[\s-]*r2/.test(text)))) {
      return {
        id: 'os',
        title,
        status: 'fail',
        detail: `${described} is older than Windows Server 2008 R2.`,
        remedy: 'Upgrade the VM to Windows Server 2008 R2 or later: older Windows versions cannot be backed up.',
      };
    }
    return { id: 'os', title, status: 'pass', detail: `${described} is supported (Windows Server 2008 R2 or later).` };
  }
  if (vm.osType === 'Linux') {
    if (/core\s*os/.test(text) && !/flatcar/.test(text)) {
      return {
        id: 'os',
        title,
        status: 'fail',
        detail: `${described}: CoreOS Linux is not supported by Azure Backup.`,
        remedy: 'Move the workload to an Azure-endorsed Linux distribution.',
      };
    }
    if (ENDORSED_LINUX.some((name) => text.includes(name))) {
      return { id: 'os', title, status: 'pass', detail: `${described} is an Azure-endorsed distribution.` };
    }
    return {
      id: 'os',
      title,
      status: 'warn',
      detail: `${described} is not recognised as an Azure-endorsed distribution.`,
      remedy: 'Other distributions usually work if the VM agent and Python are available, but they are not endorsed for backup; test a backup and a restore.',
    };
  }
  return {
    id: 'os',
    title,
    status: 'warn',
    detail: 'The operating system is not reported.',
    remedy: 'Check the VM runs Windows Server 2008 R2 or later, or an Azure-endorsed Linux distribution (not CoreOS).',
  };
}

function windowsServerYear(text: string): number | undefined {
  const match = /(?:^|[^0-9])(2000|2003|2008|2012|2016|2019|2022|2025)(?![0-9])/.exec(text);
  return match ? Number(match[1]) : undefined;
}

function describeOs(vm: PreflightVm): string {
  if (vm.osName && vm.osName.trim() !== '') return vm.osName.trim();
  const image = [vm.image?.offer, vm.image?.sku].filter(Boolean).join(' ');
  return image !== '' ? `${vm.osType ?? 'OS'} (${image})` : (vm.osType ?? 'Unknown OS');
}

function checkDisks(vm: PreflightVm): PreflightCheck {
  const limit = vm.disks.managed ? MAX_DATA_DISKS_MANAGED : MAX_DATA_DISKS_UNMANAGED;
  const kind = vm.disks.managed ? 'managed' : 'unmanaged';
  const count = vm.disks.dataDiskCount;
  const title = 'Data disks';
  if (count <= limit) {
    return { id: 'disks', title, status: 'pass', detail: `${count} ${kind} data disk${count === 1 ? '' : 's'} (limit ${limit}).` };
  }
  return {
    id: 'disks',
    title,
    status: 'fail',
    detail: `${count} ${kind} data disks: more than the ${limit} Azure Backup supports for ${kind} disks.`,
    remedy: vm.disks.managed
      ? `Detach data disks until at most ${limit} remain (or consolidate data onto fewer disks).`
      : `Convert the VM to managed disks (limit ${MAX_DATA_DISKS_MANAGED}) or detach disks until at most ${limit} remain.`,
  };
}

function checkPowerState(vm: PreflightVm): PreflightCheck {
  const title = 'Power state';
  switch (vm.powerState) {
    case 'running':
      return { id: 'power-state', title, status: 'pass', detail: 'The VM is running: backups can be application-consistent.' };
    case 'stopped':
    case 'deallocated':
      return {
        id: 'power-state',
        title,
        status: 'warn',
        detail: `The VM is ${vm.powerState}: it is still backed up, but the recovery point is only crash-consistent.`,
        remedy: 'Start the VM before the backup if you need an application-consistent recovery point.',
      };
    case 'unknown':
      return { id: 'power-state', title, status: 'warn', detail: 'The power state is not reported.', remedy: 'Check the VM status in the portal.' };
    default:
      return {
        id: 'power-state',
        title,
        status: 'warn',
        detail: `The VM is ${vm.powerState}.`,
        remedy: 'Wait for the VM to settle in Running or Stopped before backing it up.',
      };
  }
}

function checkProvisioning(vm: PreflightVm): PreflightCheck {
  const title = 'Provisioning state';
  const state = vm.provisioningState ?? 'Unknown';
  if (/^succeeded$/i.test(state)) return { id: 'provisioning', title, status: 'pass', detail: 'Provisioning succeeded.' };
  if (/^failed$/i.test(state)) {
    return {
      id: 'provisioning',
      title,
      status: 'fail',
      detail: 'The VM is in a failed provisioning state (backup would fail with UserErrorVmProvisioningStateFailed).',
      remedy: 'Fix or remove the failed extensions (VM > Extensions) until provisioning is Succeeded.',
    };
  }
  return {
    id: 'provisioning',
    title,
    status: 'warn',
    detail: `Provisioning state is ${state}.`,
    remedy: 'Wait until the VM provisioning state is Succeeded.',
  };
}

function checkProtection(vm: PreflightVm, vault: PreflightVault | undefined): PreflightCheck {
  const title = 'Existing protection';
  const current = vm.protectedBy;
  const policy = current?.policyName ? ` with policy ${current.policyName}` : '';
  if (!current) {
    return vault
      ? { id: 'protection', title, status: 'pass', detail: `Not protected yet; it can be protected in ${vault.name}.` }
      : { id: 'protection', title, status: 'pass', detail: 'Not protected yet; it can be protected in a vault of its region.' };
  }
  if (!vault) {
    return { id: 'protection', title, status: 'pass', detail: `Already protected by vault ${current.vaultName}${policy}.` };
  }
  if (current.vaultName.toLowerCase() === vault.name.toLowerCase()) {
    return {
      id: 'protection',
      title,
      status: 'warn',
      detail: `Already protected by vault ${current.vaultName}${policy}.`,
      remedy: 'Nothing to enable: change its policy in the vault if needed.',
    };
  }
  return {
    id: 'protection',
    title,
    status: 'fail',
    detail: `Already protected by vault ${current.vaultName}${policy}: a VM can be protected by one vault only.`,
    remedy: `Stop protection in ${current.vaultName} first, or keep it there.`,
  };
}

const REDUNDANCY_WORDS: Record<Redundancy, string> = {
  GRS: 'geo-redundant (GRS)',
  LRS: 'locally redundant (LRS)',
  ZRS: 'zone-redundant (ZRS)',
  Unknown: 'not reported',
};

function showRedundancy(vault: PreflightVault): PreflightCheck {
  return {
    id: 'redundancy',
    title: 'Vault storage redundancy',
    status: 'pass',
    detail: `Vault ${vault.name} storage is ${REDUNDANCY_WORDS[vault.redundancy]}; it cannot be changed once items are protected.`,
  };
}
