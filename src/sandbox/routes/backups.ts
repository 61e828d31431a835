import { ArmError, armErrors, ok, type ArmResponse } from '../http/arm';
import type { Router } from '../http/router';
import type { ProtectedItemState } from '../model/types';
import { DAY_MS } from '../sim/clock';
import { createBackupJob } from '../sim/jobs';
import { iso } from '../render/time';
import { recoveryPointExists, recoveryPointJson } from '../render/recoveryPoint';
import { jsonBody, type RouteContext } from './context';
import { pageByOffset } from './paging';
import { acceptedForItem, ITEM, requireItem } from './protectedItems';

// "Backup now": POST .../protectedItems/{item}/backup with an IaasVMBackupRequest.

const MAX_ON_DEMAND_PER_DAY = 3;
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
      throw new ArmError(400, 'UserErrorBackupOperationNotAllowed', `Protection of '${item.vm.name}' is stopped; resume protection before backing it up.`);
    }
    if (snapshotRunning(item, now)) {
      throw new ArmError(400, 'UserErrorBackupOperationInProgress', `A backup of '${item.vm.name}' is taking its snapshot; wait for it to finish and try again.`);
    }
    if (onDemandToday(item, now) >= MAX_ON_DEMAND_PER_DAY) {
      throw new ArmError(400, 'UserErrorMaxOnDemandBackupsPerDayReached', `'${item.vm.name}' already had ${MAX_ON_DEMAND_PER_DAY} on-demand backups today (UTC); that is the daily maximum.`);
    }
    const job = createBackupJob(context.world, vault, item, now, { userTriggered: true, recoveryPointExpiryMs: expiryMs });
    return acceptedForItem(request, context, vault, item, 'Backup', job.id);
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

function onDemandToday(item: ProtectedItemState, now: number): number {
  const dayStart = Math.floor(now / DAY_MS) * DAY_MS;
  return item.backupJobs.filter((job) => job.isUserTriggered && job.startMs >= dayStart && job.startMs <= now).length;
}
