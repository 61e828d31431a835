import { InvalidInputError } from './backupError';
import { plainUserText } from '../userText';

/**
 * ARM resource ids and the Azure Backup names derived from them. ARM paths are case-insensitive,
 * so parsing ignores case while keeping the original spelling of names.
 */

export interface ResourceRef {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

export interface ParsedArmId extends ResourceRef {
  provider: string;
  /** Resource type without provider, e.g. virtualMachines or vaults. */
  type: string;
  /** Child segments after the top resource, e.g. [['backupJobs', 'guid']]. */
  children: Array<[string, string]>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(text: string): boolean {
  return GUID.test(text);
}

/** Parses /subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{child}/{name}...]. */
export function parseArmId(id: string): ParsedArmId | undefined {
  const segments = id.trim().replace(/^\/+|\/+$/g, '').split('/').map(safeDecode);
  if (segments.length < 8) return undefined;
  if (segments[0].toLowerCase() !== 'subscriptions' || segments[2].toLowerCase() !== 'resourcegroups') return undefined;
  if (segments[4].toLowerCase() !== 'providers') return undefined;
  const rest = segments.slice(8);
  if (rest.length % 2 !== 0) return undefined;
  const children: Array<[string, string]> = [];
  for (let i = 0; i < rest.length; i += 2) children.push([rest[i], rest[i + 1]]);
  if ([segments[1], segments[3], segments[5], segments[6], segments[7]].some((part) => part === '')) return undefined;
  return {
    subscriptionId: segments[1],
    resourceGroup: segments[3],
    provider: segments[5],
    type: segments[6],
    name: segments[7],
    children,
  };
}

function safeDecode(segment: string): string {
  // Nearly every id has nothing escaped: skip the decoder (a jobs listing parses 200 ids, issue 16).
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function looksLikeArmId(text: string): boolean {
  return /^\/?subscriptions\//i.test(text.trim());
}

export function vmId(ref: ResourceRef): string {
  return `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${ref.name}`;
}

export function vaultId(ref: ResourceRef): string {
  return `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${ref.name}`;
}

/** The VM a Compute id points to, or undefined when the id is not a VM id. */
export function parseVmId(id: string): ResourceRef | undefined {
  const parsed = parseArmId(id);
  if (!parsed || parsed.provider.toLowerCase() !== 'microsoft.compute' || parsed.type.toLowerCase() !== 'virtualmachines') return undefined;
  if (parsed.children.length > 0) return undefined;
  return { subscriptionId: parsed.subscriptionId, resourceGroup: parsed.resourceGroup, name: parsed.name };
}

/** The vault an id belongs to (the vault itself or any child such as backupJobs/{id}). */
export function parseVaultId(id: string): ResourceRef | undefined {
  const parsed = parseArmId(id);
  if (!parsed || parsed.provider.toLowerCase() !== 'microsoft.recoveryservices' || parsed.type.toLowerCase() !== 'vaults') return undefined;
  return { subscriptionId: parsed.subscriptionId, resourceGroup: parsed.resourceGroup, name: parsed.name };
}

export function sameArmId(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const norm = (id: string) => id.trim().replace(/\/+$/, '').toLowerCase();
  return norm(a) === norm(b);
}

/** Protection container of an Azure Resource Manager VM: iaasvmcontainer;iaasvmcontainerv2;{rg};{vm}. */
export function containerName(resourceGroup: string, vmName: string): string {
  return `iaasvmcontainer;iaasvmcontainerv2;${resourceGroup};${vmName}`;
}

/** Protected item of an Azure Resource Manager VM: vm;iaasvmcontainerv2;{rg};{vm}. */
export function protectedItemName(resourceGroup: string, vmName: string): string {
  return `vm;iaasvmcontainerv2;${resourceGroup};${vmName}`;
}

/** Reads resource group and VM name back from a container or protected item name. */
export function parseBackupItemName(name: string): { resourceGroup: string; vmName: string } | undefined {
  const parts = name.split(';');
  if (parts.length < 3) return undefined;
  const vmName = parts[parts.length - 1];
  const resourceGroup = parts[parts.length - 2];
  if (vmName === '' || resourceGroup === '') return undefined;
  return { resourceGroup, vmName };
}

// Name rules, checked before anything reaches Azure.

const VAULT_NAME = /^[A-Za-z][A-Za-z0-9-]{1,49}$/;
// VM resource names: letters, digits, underscores, periods, hyphens; not starting with _ ; not ending with . or -.
const VM_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
// Resource groups: letters (any script), digits, underscores, parentheses, hyphens, periods; not ending with a period.
const RESOURCE_GROUP = /^[\p{L}\p{N}_().-]{1,90}$/u;
const POLICY_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,149}$/;

export function vaultNameProblem(name: string): string | undefined {
  if (VAULT_NAME.test(name)) return undefined;
  return `"${truncate(name)}" is not a valid vault name: it must be 2 to 50 characters, start with a letter, and contain only letters, digits and hyphens.`;
}

export function vmNameProblem(name: string): string | undefined {
  if (VM_NAME.test(name) && !/[.-]$/.test(name)) return undefined;
  return `"${truncate(name)}" is not a valid VM name: use 1 to 64 letters, digits, underscores, periods or hyphens, starting with a letter or digit and not ending with a period or hyphen.`;
}

export function resourceGroupNameProblem(name: string): string | undefined {
  if (RESOURCE_GROUP.test(name) && !name.endsWith('.')) return undefined;
  return `"${truncate(name)}" is not a valid resource group name: use 1 to 90 letters, digits, underscores, parentheses, hyphens or periods, not ending with a period.`;
}

export function policyNameProblem(name: string): string | undefined {
  if (POLICY_NAME.test(name) && !/[.-]$/.test(name)) return undefined;
  return `"${truncate(name)}" is not a valid policy name: use letters, digits, underscores, periods or hyphens (up to 150), starting with a letter or digit.`;
}

export function assertValid(problem: string | undefined): void {
  if (problem !== undefined) throw new InvalidInputError(problem);
}

// Names that fail these checks are what someone typed: shortened and escaped before a card repeats them.
function truncate(text: string): string {
  return plainUserText(text);
}
