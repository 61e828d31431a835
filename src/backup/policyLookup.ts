import { AmbiguousNameError, NotFoundError } from './backupError';
import { closestNames } from './closestNames';
import type { PolicyView } from './views';
import { plainUserText } from '../userText';

/** Picks the one policy called `name` among all vaults' policies, or says why it cannot. */
export function resolvePolicies(name: string, policies: readonly PolicyView[]): PolicyView {
  const matches = policies.filter((policy) => policy.name.toLowerCase() === name.toLowerCase());
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    const candidates = matches.map((policy) => `${policy.vault}/${policy.name}`);
    throw new AmbiguousNameError(`Several vaults have a policy called ${plainUserText(name)}: ${matches.map((p) => p.vault).join(', ')}. Say which vault.`, candidates);
  }
  const suggestions = closestNames(name, policies.map((policy) => policy.name));
  const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.join(', ')}?` : '';
  throw new NotFoundError(`No vault has a VM backup policy called ${plainUserText(name)}.${hint}`, suggestions);
}
