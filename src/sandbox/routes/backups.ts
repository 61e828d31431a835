import { ArmError, armErrors, ok, type ArmResponse } from '../http/arm';
import type { Router } from '../http/router';
import type { ProtectedItemState } from '../model/types';
import { DAY_MS } from '../model/clock';
import { createBackupJob, createRejectedBackupJob } from '../sim/jobs';
import { iso } from '../model/time';
import { recoveryPointExists, recoveryPointJson } from '../render/recoveryPoint';
import { jsonBody, type RouteContext } from './context';
import { pageByOffset } from './paging';
import { acceptedForItem, ITEM, requireItem } from './protectedItems';

// "Backup now": POST .../protectedItems/{item}/backup with an IaasVMBackupRequest.

const MAX_EXPIRY_MS = 99 * 365.25 * DAY_MS;

export function addBackupRoutes(router: Router<RouteContext>): void {
  router.add('POST', `${ITEM}/backup`, (request, params, context): ArmResponse => {
    const { vault, item } = requireItem(context, params);
    const properties = (jsonBody(request).properties ?? {}) as Record<string, unknown>;
    if (properties.objectType !== 'IaasVMBackupRequest') {
      throw armErrors.invalidInput(`properties.objectType must be IaasVMBackupRequest for an Azure VM (got '${String(properties.objectType ?? '')}').`);
    }
    const now = context.world.nowMs();
    const expiryMs = parseExpiry(properties.recoveryPointExpiryTimeInUTC, now);
    if (item.protectionState !== 'Protected') {
      // Documented: "UserErrorBcmDatasourceNotPresent - this virtual machine is not actively protected by Azure Backup".
      throw new ArmError(400, 'UserErrorBcmDatasourceNotPresent', `Backup failed: the virtual machine '${item.vm.name}' is not actively protected by Azure Backup (its protection is stopped).`);
    }
    // No daily on-demand limit here: Azure documents no error code for one.
    // A backup while another one takes its snapshot is accepted, then fails as a job (TF:5).
    const rejected = snapshotRunning(item, now);
    const job = rejected ? createRejectedBackupJob(context.world, vault, item, now) : createBackupJob(context.world, vault, item, now, { onDemand: true, recoveryPointExpiryMs: expiryMs });
    // The trigger's operation reads Succeeded on the first poll, 1-2 s later (scenario:33-34, CJ:5-6);
    // a rejected backup's job (1.4 s in TF:5) has failed by then.
    const world = context.world;
    return acceptedForItem(request, context, vault, item, 'Backup', job.id, {
      durationMs: world.random.int(1000, 2000),
      onComplete: rejected ? () => (job.plan.endMs = Math.min(job.plan.endMs, Math.max(job.startMs, world.nowMs()))) : undefined,
    });
  });

  // Recovery points: a warning job leaves an instant-restore snapshot only (no vault tier).
  router.add('GET', `${ITEM}/recoveryPoints`, (request, params, context) => {
    const { vault, item } = requireItem(context, params);
    const now = context.world.nowMs();
    const points = item.backupJobs
      .filter((job) => job.plan.snapshot?.status === 'Completed' && job.plan.outcome !== 'Cancelled' && job.plan.snapshot.endMs <= now)
      .filter((job) => recoveryPointExists(vault, item, job, now))
      .reverse()
      .map((job) => recoveryPointJson(vault, item, job, now));
    return ok(pageByOffset(request, points, context.settings.pageSize));
  });

  // One recovery point (scenario:125).
  router.add('GET', `${ITEM}/recoveryPoints/{recoveryPointId}`, (_request, params, context) => {
    const { vault, item } = requireItem(context, params);
    const now = context.world.nowMs();
    const job = item.backupJobs.find((candidate) => candidate.plan.snapshot?.status === 'Completed' && String(candidate.plan.snapshot.endMs) === params.recoveryPointId);
    if (!job || job.plan.snapshot!.endMs > now || !recoveryPointExists(vault, item, job, now)) {
      throw new ArmError(404, 'BMSUserErrorRecoveryPointNotFound', `Recovery point '${params.recoveryPointId}' was not found for item '${params.protectedItemName}'.`);
    }
    return ok(recoveryPointJson(vault, item, job, now));
  });
}

function parseExpiry(value: unknown, now: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw armErrors.invalidInput(`recoveryPointExpiryTimeInUTC '${String(value)}' is not a date-time.`);
  if (ms <= now) throw armErrors.invalidInput(`recoveryPointExpiryTimeInUTC ${iso(ms)} is in the past; the recovery point must be kept until a future date.`);
  if (ms - now > MAX_EXPIRY_MS) throw armErrors.invalidInput('recoveryPointExpiryTimeInUTC is more than 99 years away; 99 years is the maximum retention.');
  return ms;
}

function snapshotRunning(item: ProtectedItemState, now: number): boolean {
  return item.backupJobs.some((job) => job.startMs <= now && job.plan.snapshot !== undefined && job.plan.snapshot.endMs > now);
}
