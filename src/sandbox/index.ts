import { createControl } from './control/sandboxControl';
import { loadEstate } from './estate/loadEstate';
import { createArmRouter } from './routes/armRouter';
import { SandboxRuntime } from './runtime';
import { dispatchRecorded, listen, SANDBOX_TOKEN } from './server';
import { StateJournal, type OpenedJournal } from './stateJournal';
import { defaultClockStart, MINUTE_MS } from './model/clock';
import { createSandboxCertificate } from './tls';
import type { SandboxControl, SandboxHandle, SandboxOptions } from './types';

// The Azure Backup sandbox: an HTTPS server speaking the ARM REST API of Recovery Services Backup
// (2023-06-01), Recovery Services vaults, Compute VM reads and subscriptions, over an in-memory
// estate with a simulated clock. See README.md in this folder.

export type { SandboxControl, SandboxHandle, SandboxOptions, SandboxFaults } from './types';
export type { Estate, EstateInput } from './estate/estateSchema';
export type { LoggedRequest } from './requestLog';
export { SANDBOX_TOKEN } from './server';
export { formatJobFilterDate, parseJobFilterDate } from './routes/jobFilter';

export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const estate = loadEstate(options.estate);
  const seed = options.seed ?? estate.seed ?? 1;
  const start = options.startTime !== undefined ? new Date(options.startTime) : estate.clock ? new Date(estate.clock.start) : defaultClockStart();
  if (Number.isNaN(start.getTime())) throw new Error(`startTime '${String(options.startTime)}' is not a date.`);
  const opened = options.stateFile ? StateJournal.open(options.stateFile, { estate, seed }, start.getTime()) : undefined;
  const runtime = new SandboxRuntime(estate, seed, opened ? new Date(opened.start) : start, {
    pendingPolls: options.operationPolls ?? 1,
    retryAfterSeconds: options.retryAfterSeconds ?? 60,
    pageSize: options.pageSize ?? 200,
    recurringTrouble: options.recurringTrouble ?? (options.speed ?? 0) > 0,
  });
  const control = createControl(runtime);
  const router = createArmRouter();
  const state = opened ? await restoreState(opened, runtime, router, control, options.stateFile!) : undefined;
  const certificate = await createSandboxCertificate();
  const { server, url } = await listen({ runtime, control, router, certificate }, options.host ?? '127.0.0.1', options.port ?? 0);
  const ticker = startRealTimeClock(options.speed ?? 0, (minutes) => control.advanceClock(minutes));
  return {
    url,
    caPem: certificate.certPem,
    token: SANDBOX_TOKEN,
    control,
    state,
    close: async () => {
      if (ticker) clearInterval(ticker);
      runtime.journal?.clock(runtime.world.nowMs(), true);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Replays the saved changes (none when starting fresh), then journals new ones. */
async function restoreState(opened: OpenedJournal, runtime: SandboxRuntime, router: ReturnType<typeof createArmRouter>, control: SandboxControl, file: string): Promise<NonNullable<SandboxHandle['state']>> {
  for (const event of opened.events) {
    const minutes = (event.at - runtime.world.nowMs()) / MINUTE_MS;
    if (minutes > 0) runtime.sim.advance(minutes);
    if (event.kind === 'arm') await dispatchRecorded({ runtime, router }, event);
    else if (event.kind === 'outcome') control.setOutcome(event.outcome as Parameters<SandboxControl['setOutcome']>[0]);
    else if (event.kind === 'agent') control.setVmAgent(event.agent);
    else if (event.kind === 'runPolicy') control.runPolicy(event.vault, event.policy);
    else if (event.kind === 'operationPolls') control.setNextOperationPolls(event.polls);
  }
  runtime.journal = opened.journal;
  const now = runtime.world.clock.now().toISOString();
  if (opened.freshBecause) return { file, restored: false, detail: `sandbox starts fresh from its seed estate (clock ${now}): ${opened.freshBecause}` };
  return { file, restored: true, detail: `sandbox state restored from ${file}: ${opened.events.length} saved changes, clock ${now}` };
}

/** With speed > 0 the simulated clock follows real time, `speed` times faster. */
function startRealTimeClock(speed: number, advance: (minutes: number) => unknown): NodeJS.Timeout | undefined {
  if (!(speed > 0)) return undefined;
  let last = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    advance(((now - last) * speed) / MINUTE_MS);
    last = now;
  }, 1000);
  timer.unref();
  return timer;
}
