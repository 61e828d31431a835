import { resourceGroupNameProblem } from './armIds';
import { InvalidInputError } from './backupError';
import { closestNames } from './closestNames';
import { quoted } from '../userText';

// `--subscription`, `--rg`, `--tag k=v` and `--name 'web-*'` on vms and jobs (issue 14): checked as
// typed (a specific sentence each), then against what the bot sees (an unknown resource group or tag
// is named, with the closest ones), then applied to each VM or job.

/** The filter as typed (also what a "Show more" button carries back). */
export interface VmFilterInput {
  subscription?: string;
  rg?: string;
  tag?: string;
  name?: string;
}

export interface VmFilter {
  subscription?: string;
  resourceGroup?: string;
  tag?: { key: string; value?: string };
  name?: { pattern: string; regex: RegExp };
}

/** What a filter is checked against: a VM (or the VM of a job) and its tags, when known. */
export interface FilterTarget {
  name: string;
  resourceGroup?: string;
  subscriptionId?: string;
  tags?: Record<string, string>;
}

const NAME_PATTERN = /^[A-Za-z0-9_.*?-]{1,80}$/;
const TAG_KEY = /^[^<>%&\\?/=]{1,512}$/;

export const FILTER_FLAGS = { subscription: 'string', rg: 'string', tag: 'string', name: 'string' } as const;

export function isEmptyFilter(filter: VmFilter): boolean {
  return filter.subscription === undefined && filter.resourceGroup === undefined && filter.tag === undefined && filter.name === undefined;
}

/** Checks the typed values; a sentence naming the problem otherwise. */
export function parseVmFilter(input: VmFilterInput): VmFilter {
  const filter: VmFilter = {};
  if (input.subscription !== undefined) {
    if (!/^[0-9a-f-]{4,36}$/i.test(input.subscription)) throw new InvalidInputError(`--subscription ${quoted(input.subscription)} is not a subscription id (or its first characters, e.g. 6b1f3c2a).`);
    filter.subscription = input.subscription.toLowerCase();
  }
  if (input.rg !== undefined) {
    const problem = resourceGroupNameProblem(input.rg);
    if (problem) throw new InvalidInputError(`--rg: ${problem}`);
    filter.resourceGroup = input.rg;
  }
  if (input.tag !== undefined) {
    const at = input.tag.indexOf('=');
    const key = (at < 0 ? input.tag : input.tag.slice(0, at)).trim();
    const value = at < 0 ? undefined : input.tag.slice(at + 1).trim();
    if (!TAG_KEY.test(key)) throw new InvalidInputError(`--tag ${quoted(input.tag)} is not a tag: write it as key=value (e.g. --tag env=prod), or key alone for any value.`);
    if (value !== undefined && (value === '' || value.length > 256)) throw new InvalidInputError(`--tag ${quoted(input.tag)} has no value after "=": write --tag ${quoted(key)}=VALUE, or --tag ${quoted(key)} for any value.`);
    filter.tag = value === undefined ? { key } : { key, value };
  }
  if (input.name !== undefined) {
    if (!NAME_PATTERN.test(input.name)) {
      throw new InvalidInputError(`--name ${quoted(input.name)} is not a name pattern: use letters, digits, - _ . and the wildcards * (any characters) and ? (one character), e.g. --name 'web-*'.`);
    }
    filter.name = { pattern: input.name, regex: globRegex(input.name) };
  }
  return filter;
}

export function matchesFilter(target: FilterTarget, filter: VmFilter): boolean {
  if (filter.subscription !== undefined && !(target.subscriptionId ?? '').toLowerCase().startsWith(filter.subscription)) return false;
  if (filter.resourceGroup !== undefined && (target.resourceGroup ?? '').toLowerCase() !== filter.resourceGroup.toLowerCase()) return false;
  if (filter.name !== undefined && !filter.name.regex.test(target.name)) return false;
  if (filter.tag !== undefined) {
    const key = Object.keys(target.tags ?? {}).find((k) => k.toLowerCase() === filter.tag!.key.toLowerCase());
    if (key === undefined) return false;
    if (filter.tag.value !== undefined && target.tags![key].toLowerCase() !== filter.tag.value.toLowerCase()) return false;
  }
  return true;
}

/**
 * Names what the bot does not see at all (a subscription, resource group or tag no VM has), with the
 * closest ones: "no VM matches" would hide a typo.
 */
export function checkFilterAgainst(filter: VmFilter, vms: readonly FilterTarget[]): void {
  if (filter.subscription !== undefined) {
    const ids = [...new Set(vms.map((vm) => vm.subscriptionId ?? ''))].filter((id) => id !== '');
    if (!ids.some((id) => id.toLowerCase().startsWith(filter.subscription!))) throw new InvalidInputError(`The bot sees no VM in subscription ${quoted(filter.subscription)}. Subscriptions with VMs: ${ids.join(', ')}.`);
  }
  if (filter.resourceGroup !== undefined) {
    const groups = [...new Set(vms.map((vm) => vm.resourceGroup ?? ''))].filter((g) => g !== '').sort();
    if (!groups.some((g) => g.toLowerCase() === filter.resourceGroup!.toLowerCase())) {
      const close = closestNames(filter.resourceGroup, groups);
      throw new InvalidInputError(`The bot sees no VM in resource group ${quoted(filter.resourceGroup)}.${close.length > 0 ? ` Did you mean ${close.join(' or ')}?` : ''} Resource groups with VMs: ${groups.join(', ')}.`);
    }
  }
  if (filter.tag !== undefined) {
    const keys = [...new Set(vms.flatMap((vm) => Object.keys(vm.tags ?? {})))].sort();
    if (!keys.some((k) => k.toLowerCase() === filter.tag!.key.toLowerCase())) {
      throw new InvalidInputError(`No VM the bot sees has a tag ${quoted(filter.tag.key)}. Tags on the VMs: ${keys.length > 0 ? keys.join(', ') : 'none'}.`);
    }
  }
}

/** "resource group rg-web, tag env=prod, name web-*" for titles. */
export function describeFilter(filter: VmFilter): string {
  return [
    filter.subscription !== undefined ? `subscription ${filter.subscription}` : '',
    filter.resourceGroup !== undefined ? `resource group ${filter.resourceGroup}` : '',
    filter.tag !== undefined ? `tag ${filter.tag.key}${filter.tag.value !== undefined ? `=${filter.tag.value}` : ''}` : '',
    filter.name !== undefined ? `name ${filter.name.pattern}` : '',
  ]
    .filter((part) => part !== '')
    .join(', ');
}

/** `web-*` -> /^web-.*$/i (the pattern holds only letters, digits, - _ . * ?). */
function globRegex(pattern: string): RegExp {
  const source = pattern.replace(/[.]/g, '\\.').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i');
}
