import fs from 'node:fs';
import path from 'node:path';
import type { Storage } from './store/storage';
import type { Config } from './config';
import { errorFacts, createLogger, type Logger } from './logger';
import { createAdapter } from './teams/adapter';
import { createChannelAuthentication } from './teams/channelAuth';
import { BackupBot } from './teams/backupBot';
import { createAdapterSender } from './teams/adapterSender';
import { activityEndpoint } from './teams/activityEndpoint';
import { CARD_ACTIONS, COMMANDS } from './registry/commandRegistry';
import { startServer, type RunningServer } from './http/server';
import type { Services } from './services';
import { createApprovals } from './approvals';
import { createBackupService, type BackupService } from './backup/backupService';
import { SDK_LOADERS } from './backup/sdkModules';
import { warmUp } from './warmUp';
import { templating } from './bot/cards';
import { openStorage, type StorageBackend } from './store/storageBackend';
import { DataDirLock } from './store/dataDirLock';
import { checkReadiness } from './readiness';
import { connectSandbox, type ConnectedSandbox } from './sandboxConnection';
import { notifyBackupFrom } from './notify/backupAdapter';
import { ProactiveStack } from './notify/proactiveStack';
import { shiftPolicyScheduleExecutor } from './notify/shiftPolicyExecutor';
import { JobFollower } from './commands/jobFollower';
import { BackgroundRunner } from './runner/backgroundRunner';
import { JobPoller } from './backup/jobPoller';
import { createLifecycleService } from './backup/lifecycle/lifecycleService';
import { savePolicyExecutor } from './approvals/policy/savePolicyExecutor';
import { policyBackendFrom } from './approvals/policy/policyBackend';
import { withDeadline } from './deadline';

export interface AppOptions {
  logger?: Logger;
  /** Storage override for tests; the default is what STORAGE chose (file store under DATA_DIR, or Blob Storage). */
  storage?: Storage;
  /** Domain clock override for tests whose sandbox outlives the bot (its simulated clock). */
  clock?: () => Date;
  /** Signing keys of the channel's tokens (default: login.botframework.com); tests serve their own. */
  openIdMetadataUrl?: string;
  /**
   * Timers of the background work: job follower, job watcher, digests, DST reminders, approval
   * expiry (default on; tests drive them by hand). The lease renewal and the outbox run either way.
   */
  schedulers?: boolean;
  /** How long an approval click waits for the change before answering "being made" (default 10 s; tests shorten it). */
  approvalInvokeDeadlineMs?: number;
}

export interface RunningApp {
  url: string;
  services: Services;
  /** The in-process sandbox (sandbox mode without SANDBOX_URL). */
  sandbox?: ConnectedSandbox;
  /** Where the state lives (absent when a test passed its own Storage). */
  store?: { kind: 'file' | 'blob'; where: string };
  close(): Promise<void>;
}

/** How long after listening the warm-up starts: start-up probes and the first requests come first. */
const WARM_UP_DELAY_MS = 1000;

// package.json sits outside the compiled rootDir, so it is read rather than imported.
const VERSION: string = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', 'package.json'), 'utf8')).version;

/**
 * The composition root: config -> clients -> services -> bot -> server -> schedulers.
 * index.ts adds process concerns (env, signals, exit codes); tests call this directly.
 */
export async function startApp(config: Config, options: AppOptions = {}): Promise<RunningApp> {
  const logger = options.logger ?? createLogger(config.logLevel);
  // The file store is for one process: the DATA_DIR lock refuses a second one (with what to do).
  const dataDirLock = options.storage || config.storage.kind !== 'file' ? undefined : await DataDirLock.acquire(config.dataDir);
  if (dataDirLock?.tookOverFrom) logger.info({ previous: dataDirLock.tookOverFrom }, 'took over the DATA_DIR lock of a process that is no longer running');
  try {
    return await assemble(config, options, logger, dataDirLock);
  } catch (err) {
    await dataDirLock?.release();
    throw err;
  }
}

async function assemble(config: Config, options: AppOptions, logger: Logger, dataDirLock: DataDirLock | undefined): Promise<RunningApp> {
  const startedAt = new Date();
  const backend: StorageBackend | undefined = options.storage ? undefined : await openStorage(config, logger);
  const storage = options.storage ?? backend!.storage;
  if (backend) logger.info({ storage: backend.kind, where: backend.where }, 'state store');
  const sandbox = config.mode === 'sandbox' ? await connectSandbox(config, logger, backend?.kind === 'file' ? config.dataDir : undefined) : undefined;
  const clock = options.clock ?? sandbox?.clock ?? (() => new Date());
  // Aborted by close() once approved writes had their grace: Azure operations still being
  // followed stop there (the approval stays 'approving' and the next start finishes it).
  const shutdown = new AbortController();
  const backup: BackupService = createBackupService({
    mode: config.mode,
    subscriptionIds: config.subscriptionIds,
    sandbox: sandbox?.connection,
    cacheTtlSeconds: config.cacheTtlSeconds,
    requestTimeoutMs: config.azureCallTimeoutMs,
    logger,
    clock,
    recordDir: config.armRecordDir,
    polling: { signal: shutdown.signal },
  });
  const lifecycle = createLifecycleService({ mode: config.mode, sandbox: sandbox?.connection, backup, logger, clock, requestTimeoutMs: config.azureCallTimeoutMs, signal: shutdown.signal });
  // Approvals: roles (config + team owners), requests, audit trail, on the same clock as the
  // backup service. The card updater (outbox) is set once the outbox is wired (setCardUpdater).
  // The executor only runs after an approval, long after `proactive` below exists.
  const policyShift = shiftPolicyScheduleExecutor({ writer: notifyBackupFrom(backup), onChanged: () => proactive.notify.planner.invalidate() });
  // A new or changed policy reaches the DST reminders at once: their hour-long policy listing is dropped.
  const policyWrites = savePolicyExecutor({ backend: policyBackendFrom(lifecycle.azure), onChanged: () => proactive.notify.planner.invalidate() });
  const approvals = createApprovals({ config, storage, logger, protection: backup, policyShift, lifecycle, policyWrites, now: clock, invokeDeadlineMs: options.approvalInvokeDeadlineMs });
  const channelAuth = createChannelAuthentication(config, { openIdMetadataUrl: options.openIdMetadataUrl });
  const adapter = createAdapter(config, logger, channelAuth);
  // All background work runs here: one start/stop, one leader gate, one error handler.
  const runner: BackgroundRunner = new BackgroundRunner({ logger, isLeader: (): boolean => proactive.leaseKeeper.isLeader(), timers: options.schedulers ?? true });
  // One read of a job per poll, shared by the job follower (cards) and the job watcher (alerts).
  const jobs = new JobPoller((job) => backup.readJob(job));
  // Proactive messages: conversation registry, outbox, job watcher, digests, DST reminders (one lease holder runs them).
  const proactive: ProactiveStack = new ProactiveStack({
    config,
    storage,
    logger,
    sender: createAdapterSender(adapter, config.bot.appId),
    backup,
    clock,
    approvals: approvals.approvals,
    runner,
    jobs,
    leaderLease: backend?.leaderLease,
    exclusiveStore: dataDirLock !== undefined,
  });
  // Job cards posted by "backup now" are edited in place as the job moves, through the outbox.
  const leaseKeeper = proactive.leaseKeeper;
  const jobFollower = new JobFollower({
    storage,
    jobs,
    backup,
    outbox: proactive.outbox,
    logger,
  });
  // Only the lease holder polls followed jobs (any replica may start following: the list is in Storage).
  runner.periodic('job-follower', { everyMs: config.jobFollowIntervalSeconds * 1_000 }, { leaderOnly: true }, (signal) => jobFollower.tick(signal));
  // Every service exists from here on: handlers never check for a missing one.
  const services: Services = {
    config,
    logger,
    storage,
    backup,
    clock,
    conversations: proactive.registry,
    roles: approvals.roles,
    approvals: approvals.approvals,
    audit: approvals.audit,
    notify: proactive.notify,
    jobFollower,
    lifecycle,
  };
  const bot = new BackupBot(services, { commands: COMMANDS, cardActions: CARD_ACTIONS });
  const server: RunningServer = await startServer({
    port: config.port,
    timeouts: { headersSeconds: config.http.headersTimeoutSeconds, requestSeconds: config.http.requestTimeoutSeconds },
    activities: activityEndpoint({ adapter, auth: channelAuth, bot, logger }),
    logger,
    // With several replicas, which one runs the watcher, schedules and outbox (the notify lease holder).
    health: () => ({ status: 'ok', version: VERSION, mode: config.mode, storage: backend?.kind ?? 'injected', leader: leaseKeeper.isLeader() }),
    readiness: () =>
      checkReadiness({
        storage,
        isLeader: () => leaseKeeper.isLeader(),
        oldestOutboxAgeMs: () => proactive.outbox.oldestPendingAgeMs(),
        watcher: () => proactive.notify.watcher.health(),
        watcherScheduled: options.schedulers ?? true,
        watchIntervalMs: config.watchIntervalSeconds * 1000,
        startedAt,
      }),
  });
  logger.info({ url: server.url, mode: config.mode, authenticated: config.bot.appId !== '' }, 'bot listening');
  // Loaded after start-up, one package at a time (nothing about them had to wait): the first command does not pay for them.
  const warm = warmUp([...SDK_LOADERS, templating], WARM_UP_DELAY_MS, logger);
  await proactive.start();
  runner.start();
  if (dataDirLock !== undefined) {
    // No other process can be carrying out an approved change on this store: any left 'approving'
    // was interrupted; finish it from what Azure shows (in the background: Azure may be slow).
    void approvals.approvals.resumeInterrupted().catch((err: unknown) => logger.error(errorFacts(err, { stack: true }), 'could not finish approved changes interrupted by the last stop'));
  }

  return {
    url: server.url,
    services,
    sandbox,
    store: backend ? { kind: backend.kind, where: backend.where } : undefined,
    async close() {
      warm.cancel();
      // No new requests from here; the ones in flight end meanwhile (a Approve click waits for its write, up to its deadline).
      const serverClosed = server.close();
      const graceMs = config.shutdownGraceSeconds * 1000;
      const graceEnds = Date.now() + graceMs;
      // Approved Azure writes still running finish and are recorded first (bounded).
      await approvals.approvals.drain(graceMs);
      // Turns still running (a `backup <vm>` following its trigger) get what is left of the grace.
      // (A failed close is awaited, and thrown, below.)
      await withDeadline(serverClosed, graceEnds - Date.now()).catch(() => undefined);
      // Past the grace: stop following Azure operations. The writes still out settle at once
      // (left 'approving' for the next start) and are awaited, so nothing writes to a closed store.
      shutdown.abort();
      await approvals.approvals.drain(graceMs);
      await serverClosed;
      await runner.stop();
      await proactive.stop();
      lifecycle.close();
      await sandbox?.close();
      await backend?.close();
      await dataDirLock?.release();
    },
  };
}
