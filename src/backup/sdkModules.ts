import type * as Identity from '@azure/identity';
import type * as Backup from '@azure/arm-recoveryservicesbackup';
import type * as Vaults from '@azure/arm-recoveryservices';
import type * as Compute from '@azure/arm-compute';
import type * as Subscriptions from '@azure/arm-resources-subscriptions';

/**
 * The Azure SDK packages, loaded on first use instead of at start: together they take about a
 * second to load, and nothing about them needs to happen before /healthz answers (issue 16).
 * app.ts warms them (one package per macrotask, see warmUp.ts) after the server listens, so the
 * first command does not pay it either.
 * require() rather than import(): the clients are built synchronously, once per subscription.
 */
export interface SdkModules {
  identity: typeof Identity;
  backup: typeof Backup;
  vaults: typeof Vaults;
  compute: typeof Compute;
  subscriptions: typeof Subscriptions;
}

let loaded: SdkModules | undefined;

export function sdkModules(): SdkModules {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on demand, see above */
  loaded ??= {
    identity: require('@azure/identity') as typeof Identity,
    backup: require('@azure/arm-recoveryservicesbackup') as typeof Backup,
    vaults: require('@azure/arm-recoveryservices') as typeof Vaults,
    compute: require('@azure/arm-compute') as typeof Compute,
    subscriptions: require('@azure/arm-resources-subscriptions') as typeof Subscriptions,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return loaded;
}

/** One loader per package, for warmUp.ts: each loads in its own macrotask (require caches them for sdkModules()). */
export const SDK_LOADERS: Array<() => unknown> = [
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on demand, see above */
  () => require('@azure/identity'),
  () => require('@azure/arm-recoveryservicesbackup'),
  () => require('@azure/arm-recoveryservices'),
  () => require('@azure/arm-compute'),
  () => require('@azure/arm-resources-subscriptions'),
  /* eslint-enable @typescript-eslint/no-require-imports */
];
