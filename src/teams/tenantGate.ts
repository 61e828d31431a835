import type { Activity } from 'botbuilder';

/**
 * Every tenant id an activity carries. Teams puts the tenant in several places; an activity whose
 * fields disagree was not built by Teams, and checking only the first one present let a mismatched
 * second field through (a backup ran for a tenant that is not allowed).
 */
export function tenantIdsOf(activity: Partial<Activity>): string[] {
  const channelData = (activity.channelData ?? {}) as { tenant?: { id?: unknown } };
  const candidates: unknown[] = [
    activity.conversation?.tenantId,
    channelData.tenant?.id,
    (activity.from as { tenantId?: unknown } | undefined)?.tenantId,
    (activity.recipient as { tenantId?: unknown } | undefined)?.tenantId,
  ];
  const ids = candidates.filter((id): id is string => typeof id === 'string' && id.trim() !== '').map((id) => id.trim().toLowerCase());
  return [...new Set(ids)];
}
