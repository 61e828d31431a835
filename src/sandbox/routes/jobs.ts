import { ArmError, armErrors, ok } from '../http/arm';
import type { Router } from '../http/router';
import type { JobState, VaultState } from '../model/types';
import { jobJson } from '../render/job';
import { jobStatusAt } from '../sim/jobView';
import { requireVault, type RouteContext } from './context';
import { jobMatches, parseJobFilter } from './jobFilter';
import { decodeToken, encodeToken, nextLinkFor } from './paging';

const JOBS = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/{vaultName}/backupJobs';

// Jobs come newest first. The $skipToken is a keyset ("startTime|id" of the last job sent), so
// jobs created while a client pages do not shift the pages it has not read yet.

export function addJobRoutes(router: Router<RouteContext>): void {
  router.add('GET', JOBS, (request, params, context) => {
    const vault = requireVault(context, params);
    const filter = parseJobFilter(request.query.get('$filter'));
    const after = parseKeyset(request.query.get('$skipToken'));
    const now = context.world.nowMs();
    const page: JobState[] = [];
    let more = false;
    for (const job of sortedJobs(vault)) {
      if (after && !isAfter(job, after)) continue;
      if (!jobMatches(filter, job, jobStatusAt(job, now))) continue;
      if (page.length === context.settings.pageSize) {
        more = true;
        break;
      }
      page.push(job);
    }
    const last = page[page.length - 1];
    return ok({
      value: page.map((job) => jobJson(vault, job, now, false, context.shape)),
      nextLink: more && last ? nextLinkFor(request, encodeToken(`${last.startMs}|${last.id}`)) : undefined,
    });
  });

  router.add('GET', `${JOBS}/{jobName}`, (_request, params, context) => {
    const vault = requireVault(context, params);
    const job = vault.jobsById.get(params.jobName.toLowerCase());
    if (!job) throw new ArmError(404, 'BMSUserErrorJobNotFound', `Job '${params.jobName}' was not found in vault '${vault.name}'.`);
    return ok(jobJson(vault, job, context.world.nowMs(), true, context.shape));
  });
}

function sortedJobs(vault: VaultState): JobState[] {
  if (vault.jobsUnsorted) {
    vault.jobs.sort(newestFirst);
    vault.jobsUnsorted = false;
  }
  return vault.jobs;
}

function newestFirst(a: JobState, b: JobState): number {
  return b.startMs - a.startMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function parseKeyset(token: string | null): { startMs: number; id: string } | undefined {
  if (token === null || token === '') return undefined;
  const [start, id] = decodeToken(token).split('|');
  const startMs = Number(start);
  if (!id || !Number.isFinite(startMs)) throw armErrors.invalidInput('The $skipToken is not valid for the jobs list.');
  return { startMs, id };
}

function isAfter(job: JobState, keyset: { startMs: number; id: string }): boolean {
  return newestFirst(job, { startMs: keyset.startMs, id: keyset.id } as JobState) > 0;
}
