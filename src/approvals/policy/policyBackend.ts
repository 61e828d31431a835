import type { AzureAccess } from '../../backup/lifecycle/azureAccess';
import { settingsFromPolicy } from '../../backup/lifecycle/policyBody';
import { readPolicy, savePolicy } from '../../backup/lifecycle/policyWrite';
import type { PolicyBackend } from './savePolicyExecutor';

/** The policy executor's Azure calls, over the life-cycle SDK clients (same errors, cache and polling). */
export function policyBackendFrom(azure: AzureAccess): PolicyBackend {
  return {
    savePolicy: (input) => savePolicy(azure, input),
    async currentSettings(vault, name) {
      const resource = await readPolicy(azure, vault, name);
      if (!resource) return undefined;
      const read = settingsFromPolicy(resource);
      return 'settings' in read ? read.settings : undefined;
    },
  };
}
