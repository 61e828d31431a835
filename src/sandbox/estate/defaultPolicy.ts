// The policy every new vault gets (Azure's "DefaultPolicy"): daily, 30-day retention, instant-restore
// snapshots kept 2 days, in UTC.

export function defaultPolicyProperties(): { backupManagementType: string } & Record<string, unknown> {
  const runTime = '2024-01-01T03:30:00Z';
  return {
    // As Azure answers its DefaultPolicy (softdel:15, Redo:5): no policyType key, an empty instantRPDetails.
    backupManagementType: 'AzureIaasVM',
    instantRPDetails: {},
    instantRpRetentionRangeInDays: 2,
    schedulePolicy: {
      schedulePolicyType: 'SimpleSchedulePolicy',
      scheduleRunFrequency: 'Daily',
      scheduleRunTimes: [runTime],
      scheduleWeeklyFrequency: 0,
    },
    retentionPolicy: {
      retentionPolicyType: 'LongTermRetentionPolicy',
      dailySchedule: { retentionTimes: [runTime], retentionDuration: { count: 30, durationType: 'Days' } },
    },
    timeZone: 'UTC',
  };
}

/**
 * What the sandbox stores for a policy: exactly what was sent, minus the fields Azure computes
 * (protectedItemsCount), plus the defaults Azure fills in (scheduleWeeklyFrequency 0 on V1 schedules).
 */
export function normalizePolicyProperties(properties: Record<string, unknown>): Record<string, unknown> {
  const stored = structuredClone(properties);
  delete stored.protectedItemsCount;
  const schedule = stored.schedulePolicy as Record<string, unknown> | undefined;
  if (schedule && schedule.schedulePolicyType === 'SimpleSchedulePolicy' && schedule.scheduleWeeklyFrequency === undefined) {
    schedule.scheduleWeeklyFrequency = 0;
  }
  return stored;
}
