import { looksLikeArmId, parseArmId, resourceGroupNameProblem, sameArmId, vaultNameProblem, vmNameProblem } from './armIds';
import { AmbiguousNameError, InvalidInputError, NotFoundError } from './backupError';
import { closestNames } from './closestNames';
import { plainUserText } from '../userText';

/**
 * How users name VMs and vaults in chat: a plain name, "resourceGroup/name" or a full ARM id. A
 * name shared by several resources is never guessed: the error lists the candidates.
 */

export interface NamedResource {
  name: string;
  resourceGroup: string;
  subscriptionId: string;
  id: string;
}

type Kind = 'VM' | 'vault';

/** What the user typed, checked before any Azure call. */
export type ParsedQuery =
  | { form: 'id'; id: string; resourceGroup: string; name: string }
  | { form: 'rg-name'; resourceGroup: string; name: string }
  | { form: 'name'; name: string };

export function parseVmQuery(query: string): ParsedQuery {
  return parseQuery(query, 'VM');
}

export function parseVaultQuery(query: string): ParsedQuery {
  return parseQuery(query, 'vault');
}

export function resolveVmQuery<T extends NamedResource>(query: string, vms: readonly T[]): T {
  return resolveParsed(parseQuery(query, 'VM'), vms, 'VM');
}

/** The one home of "find a vault by name among the vaults the bot can read": a name, resourceGroup/name or id. */
export function resolveVaultQuery<T extends NamedResource>(query: string, vaults: readonly T[]): T {
  return resolveParsed(parseQuery(query, 'vault'), vaults, 'vault');
}

function parseQuery(rawQuery: string, kind: Kind): ParsedQuery {
  const query = (rawQuery ?? '').trim();
  if (query === '') throw new InvalidInputError(`Give the ${kind} as a name, resourceGroup/name or its Azure resource id.`);
  if (looksLikeArmId(query)) {
    const parsed = parseArmId(query);
    const expected = kind === 'VM' ? 'microsoft.compute/virtualmachines' : 'microsoft.recoveryservices/vaults';
    if (!parsed || `${parsed.provider}/${parsed.type}`.toLowerCase() !== expected || parsed.children.length > 0) {
      throw new InvalidInputError(`That is not the Azure resource id of a ${kind}: expected /subscriptions/.../resourceGroups/.../providers/${kind === 'VM' ? 'Microsoft.Compute/virtualMachines' : 'Microsoft.RecoveryServices/vaults'}/NAME.`);
    }
    return { form: 'id', id: query, resourceGroup: parsed.resourceGroup, name: parsed.name };
  }
  const slash = query.indexOf('/');
  if (slash >= 0) {
    const resourceGroup = query.slice(0, slash);
    const name = query.slice(slash + 1);
    const problem = resourceGroupNameProblem(resourceGroup) ?? nameProblem(name, kind);
    if (problem) throw new InvalidInputError(problem);
    return { form: 'rg-name', resourceGroup, name };
  }
  const problem = nameProblem(query, kind);
  if (problem) throw new InvalidInputError(problem);
  return { form: 'name', name: query };
}

function resolveParsed<T extends NamedResource>(query: ParsedQuery, resources: readonly T[], kind: Kind): T {
  switch (query.form) {
    case 'id': {
      const found = resources.find((r) => sameArmId(r.id, query.id));
      if (found) return found;
      throw noSuch(kind, `${query.resourceGroup}/${query.name}`, resources);
    }
    case 'rg-name':
      return single(
        resources.filter((r) => same(r.resourceGroup, query.resourceGroup) && same(r.name, query.name)),
        `${query.resourceGroup}/${query.name}`,
        resources,
        kind,
      );
    default:
      return single(
        resources.filter((r) => same(r.name, query.name)),
        query.name,
        resources,
        kind,
      );
  }
}

function single<T extends NamedResource>(matches: T[], shown: string, all: readonly T[], kind: Kind): T {
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    const candidates = describeCandidates(matches);
    throw new AmbiguousNameError(`Several ${kind}s are called ${plainUserText(shown)}: ${candidates.join(', ')}. Say which one with resourceGroup/name.`, candidates);
  }
  throw noSuch(kind, shown, all);
}

/** The command that lists what the bot can see of a kind, named when nothing close was found. */
const LIST_COMMAND: Record<Kind, string> = { VM: 'vms', vault: 'vaults' };

/**
 * The one "no such VM/vault" sentence, whatever the form typed (name, resourceGroup/name, id) (issue
 * 12: vault lookup said it three ways, and VMs a fourth). It names the closest names, so a typo is one
 * step from fixed; with nothing close, the command that lists them, or that the bot sees none at all.
 */
function noSuch(kind: Kind, shown: string, all: readonly NamedResource[]): NotFoundError {
  const suggestions = closestNames(shown.split('/').pop() ?? shown, all.map((r) => r.name));
  const hint =
    suggestions.length > 0
      ? ` Did you mean ${suggestions.map((name) => plainUserText(name)).join(', ')}?`
      : all.length === 0
        ? ` I can see no ${kind}s at all: check the bot's access.`
        : ` Type **${LIST_COMMAND[kind]}** to list the ones I can see.`;
  return new NotFoundError(`I cannot find a ${kind} called ${plainUserText(shown)}.${hint}`, suggestions);
}

/** "rg/name", or the full id when two candidates share resource group and name across subscriptions. */
function describeCandidates(matches: NamedResource[]): string[] {
  const short = matches.map((m) => `${m.resourceGroup}/${m.name}`);
  const clash = new Set(short.map((s) => s.toLowerCase())).size < short.length;
  return clash ? matches.map((m) => m.id) : short;
}

function nameProblem(name: string, kind: Kind): string | undefined {
  return kind === 'VM' ? vmNameProblem(name) : vaultNameProblem(name);
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
