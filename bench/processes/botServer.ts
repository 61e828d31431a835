// The real bot (src/app.ts: restify, CloudAdapter, every service) in its own process for the benches,
// against the sandbox process at SANDBOX_URL. Prints "LISTENING <url>", then answers one JSON line
// per command read on stdin:
//   clear -> forgets every cached Azure list (the next command runs cold)
//   clear-lists -> the same but keeps the vault list (as a running bot does for minutes)
//   tick  -> one job-watcher pass (what the per-minute timer runs), with its duration
//   follow-tick -> one job-follower pass (one poll of each followed job card): how many it polled, how many are still followed
//   reset-watch -> forgets the watcher's state (the next tick is a first pass again)
//   rss   -> resident memory after a full GC (and the V8 heap: used, total, external)
//   heap-snapshot <file> -> writes a V8 heap snapshot there (to see what a command left held)
//   exit  -> closes the app and exits normally (so profiles asked with --cpu-prof are written)
//   alloc-start / alloc-stop <file> -> V8's sampling heap profiler around a command, objects
//         collected since included (where the peak is allocated); open the file in Chrome DevTools
import readline from 'node:readline';
import fs from 'node:fs';
import inspector from 'node:inspector';
import v8 from 'node:v8';
import { startApp } from '../../src/app';
import { testConfig } from '../../test/helpers/testConfig';
import { readItem } from '../../src/store/storeHelpers';
import { WATCHED_VAULTS_KEY, watchKey, type WatchedVaults } from '../../src/notify/jobWatcher';

async function main(): Promise<void> {
  const env = pick(process.env, ['SANDBOX_URL', 'SANDBOX_CA_FILE', 'AZURE_CALL_TIMEOUT_MS', 'CACHE_TTL_SECONDS']);
  // The job follower would keep reading the job of a started backup: left to the bench's own reads.
  const app = await startApp(testConfig({ LOG_LEVEL: 'silent', JOB_FOLLOW_INTERVAL_SECONDS: '3600', ...env }), { schedulers: false });
  process.stdout.write(`LISTENING ${app.url}\n`);
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    const answer = await handle(line.trim(), app).catch((err: unknown) => ({ error: err instanceof Error ? err.message : String(err) }));
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  }
  await app.close();
  process.exit(0);
}

async function handle(command: string, app: Awaited<ReturnType<typeof startApp>>): Promise<Record<string, unknown>> {
  if (command === 'clear' || command === 'clear-lists') {
    app.services.backup.invalidateCache({ keepVaultList: command === 'clear-lists' });
    return { ok: true };
  }
  if (command === 'tick') {
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const report = await app.services.notify!.watcher.tick();
    const used = process.cpuUsage(cpu);
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, cpuMs: (used.user + used.system) / 1000, report };
  }
  if (command === 'follow-tick') {
    const polled = (await app.services.jobFollower.followed()).length;
    await app.services.jobFollower.tick();
    return { polled, following: (await app.services.jobFollower.followed()).length };
  }
  if (command === 'reset-watch') {
    // Forget what the watcher learnt, so the next tick is a first pass over every vault again.
    const watched = await readItem<WatchedVaults>(app.services.storage, WATCHED_VAULTS_KEY);
    const keys = (watched?.vaults ?? []).map((vault) => watchKey(vault.id));
    if (keys.length > 0) await app.services.storage.delete(keys);
    return { reset: keys.length };
  }
  if (command === 'rss') {
    (globalThis as { gc?: () => void }).gc?.();
    const mib = (bytes: number) => bytes / 1024 / 1024;
    const usage = process.memoryUsage();
    return { rssMiB: mib(usage.rss), heapMiB: mib(usage.heapUsed), heapTotalMiB: mib(usage.heapTotal), externalMiB: mib(usage.external + usage.arrayBuffers) };
  }
  if (command === 'exit') {
    await app.close();
    setImmediate(() => process.exit(0));
    return { ok: true };
  }
  if (command === 'alloc-start') {
    await post('HeapProfiler.enable');
    await post('HeapProfiler.startSampling', { samplingInterval: 32768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    return { ok: true };
  }
  if (command.startsWith('alloc-stop ')) {
    const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
    const file = command.slice('alloc-stop '.length);
    fs.writeFileSync(file, JSON.stringify(profile));
    return { file };
  }
  if (command.startsWith('heap-snapshot ')) {
    return { file: v8.writeHeapSnapshot(command.slice('heap-snapshot '.length)) };
  }
  return { error: `unknown command ${command}` };
}

let session: inspector.Session | undefined;

/** One inspector call in this process (the sampling heap profiler). */
function post(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
  if (session === undefined) {
    session = new inspector.Session();
    session.connect();
  }
  const open = session;
  return new Promise((resolve, reject) => open.post(method, params, (err, result) => (err ? reject(err) : resolve(result))));
}

function pick(env: NodeJS.ProcessEnv, names: string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name] as string]])));
}

void main();
