import { ArmError } from './arm';

// The api-versions the sandbox accepts, per provider, and ARM's answer to any other one.
// Each version is one that Azure really served to a client we have evidence of: the recorded
// exchanges (test/fixtures/azure-recordings, SOURCES.md table) or the SDK packages this bot uses
// (package.json: arm-recoveryservicesbackup 2023-06-01, arm-recoveryservices 2024-04-01,
// arm-compute 2026-03-01, arm-resources-subscriptions 2022-12-01) or the published examples in
// test/fixtures/arm-examples.
// Bodies always take the shape of api-version 2023-06-01 (what the bot's SDK uses), except where
// render/apiShape.ts says the recorded older versions answered differently.

const RECOVERY_SERVICES = [
  // recordings: vaults 2016-06-01 2021-03-01 2024-04-01 2025-08-01; backup 2016-12-01 2019-06-15 2021-12-01
  // 2022-02-01 2024-10-01 2025-02-01; async headers 2019-05-13-preview. Examples: 2020-06-01 2023-02-01 2023-04-01.
  '2016-06-01', '2016-12-01', '2019-05-13-preview', '2019-06-15', '2020-06-01', '2021-03-01', '2021-12-01', '2022-02-01',
  '2023-02-01', '2023-04-01', '2023-06-01', '2024-04-01', '2024-10-01', '2025-02-01', '2025-08-01',
];
// recordings 2021-11-01 2022-03-01; the SDK 2026-03-01; bench/floor.bench.ts 2024-03-01.
const COMPUTE = ['2021-11-01', '2022-03-01', '2024-03-01', '2026-03-01'];
const RESOURCES = ['2022-12-01'];

function providerOf(path: string): { name: string; type: string; versions: string[] } {
  const match = /\/providers\/(Microsoft\.[A-Za-z]+)\/([^/]+)/i.exec(path);
  if (!match) return { name: 'Microsoft.Resources', type: 'subscriptions', versions: RESOURCES };
  const namespace = match[1].toLowerCase();
  if (namespace === 'microsoft.compute') return { name: 'Microsoft.Compute', type: match[2], versions: COMPUTE };
  if (namespace === 'microsoft.recoveryservices') return { name: 'Microsoft.RecoveryServices', type: match[2], versions: RECOVERY_SERVICES };
  return { name: match[1], type: match[2], versions: [] };
}

/**
 * Throws ARM's 400 for an api-version the resource type does not have. ARM answers
 * `InvalidApiVersionParameter` for its own types (subscriptions) and `NoRegisteredProviderFound`
 * for resource-provider types, each listing the supported versions (wording as ARM writes it,
 * e.g. Azure/azure-sdk-for-net#2276 and Azure/azure-cli#28496).
 */
export function checkApiVersion(path: string, apiVersion: string, location = 'westeurope'): void {
  const provider = providerOf(path);
  // Unknown providers are left to the router (404 InvalidResourceType).
  if (provider.versions.length === 0 || provider.versions.includes(apiVersion)) return;
  const supported = [...provider.versions].reverse();
  if (provider.name === 'Microsoft.Resources') {
    throw new ArmError(400, 'InvalidApiVersionParameter', `The api-version '${apiVersion}' is invalid. The supported versions are '${supported.join(',')}'.`);
  }
  throw new ArmError(
    400,
    'NoRegisteredProviderFound',
    `No registered resource provider found for location '${location}' and API version '${apiVersion}' for type '${provider.type}'. The supported api-versions are '${supported.join(', ')}'.`,
  );
}
