/**
 * What one ARM request in the sandbox's log was, in the words of bench/README.md's ARM tables:
 * the integration tests that pin request counts and bench/floor.bench.ts name requests the same way.
 */
export function armRequestKind(r: { method: string; path: string }): string {
  const path = r.path.toLowerCase();
  if (path === '/subscriptions') return 'subscription list';
  if (/\/providers\/microsoft\.recoveryservices\/vaults$/.test(path)) return 'vault list';
  if (/\/virtualmachines\/[^/]+$/.test(path)) return 'VM';
  if (path.endsWith('/virtualmachines')) return 'VM list';
  if (path.endsWith('/backupstatus')) return 'backupStatus';
  if (path.endsWith('/backuppolicies')) return 'policy list';
  if (/\/backuppolicies\/[^/]+$/.test(path)) return 'policy';
  if (path.endsWith('/refreshcontainers')) return 'refresh';
  if (/\/backupfabrics\/[^/]+\/operationresults\//.test(path)) return 'refresh poll';
  if (path.endsWith('/backupprotectableitems')) return 'protectable lookup';
  if (r.method === 'PUT' && /\/protecteditems\//.test(path)) return 'configure PUT';
  if (r.method === 'POST' && path.endsWith('/backup')) return 'backup POST';
  if (/\/backupoperations\//.test(path)) return 'operation poll';
  if (/\/backupjobs\/[^/]+$/.test(path)) return 'job';
  if (path.endsWith('/backupjobs')) return 'job list';
  if (/\/protecteditems\/[^/]+$/.test(path)) return 'protected item';
  if (path.endsWith('/backupprotecteditems')) return 'protected-item list';
  return `${r.method} ${path.split('/').slice(-1)[0]}`;
}

/** The kinds in order, each run of polls of one operation shown once (the long-running operation). */
export function withLroAsOne(kinds: string[]): string[] {
  return kinds.filter((kind, i) => !(kind.endsWith(' poll') && kinds[i - 1] === kind));
}
