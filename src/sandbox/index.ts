import { createControl } from './control/sandboxControl';
import { loadEstate } from './estate/loadEstate';
import { createArmRouter } from './routes/armRouter';
import { SandboxRuntime } from './runtime';
import { listen, SANDBOX_TOKEN } from './server';
import { defaultClockStart, MINUTE_MS } from './sim/clock';
import { createSandboxCertificate } from './tls';
import type { SandboxHandle, SandboxOptions } from './types';

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
  const runtime = new SandboxRuntime(estate, seed, start, {
    pendingPolls: options.operationPolls ?? 1,
    retryAfterSeconds: options.retryAfterSeconds ?? 60,
    pageSize: options.pageSize ?? 200,
  });
  const control = createControl(runtime);
  const certificate = await createSandboxCertificate();
  const { server, url } = await listen({ runtime, control, router: createArmRouter(), certificate }, options.host ?? '127.0.0.1', options.port ?? 0);
  const ticker = startRealTimeClock(options.speed ?? 0, (minutes) => control.advanceClock(minutes));
  return {
    url,
    caPem: certificate.certPem,
    token: SANDBOX_TOKEN,
    control,
    close: async () => {
      if (ticker) clearInterval(ticker);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
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
