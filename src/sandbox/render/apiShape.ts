// Where the recorded api-versions answered with different keys (FINDINGS.md (a), (c), Jobs), the
// sandbox answers each version as recorded. api-version 2023-06-01 (the bot's SDK) was not
// recorded: it gets the 2024-10-01 form, the first recorded version whose keys its published model
// (the SDK's types for 2023-06-01) all carry: task startTime/endTime/taskType, actionsInfo as strings,
// vaultId and softDeleteRetentionPeriod on items.

export interface ApiShape {
  /** 2021-12-01 / 2022-02-01 (and older): tasks {taskId, duration "PT0S", status}, actionsInfo [1], kpisHealths on items. */
  legacy: boolean;
  /** kpisHealths on items: 2021-12-01 / 2022-02-01 only (absent in 2020 and 2024+). */
  kpis: boolean;
  /** isArchiveEnabled on items: from 2021-12-01 on. */
  archiveFlag: boolean;
  /** policyType "" on items: 2025-02-01. */
  itemPolicyType: boolean;
}

export function apiShape(apiVersion: string | undefined): ApiShape {
  const version = apiVersion ?? '2023-06-01';
  return {
    legacy: version < '2023-01-01',
    kpis: version >= '2021-12-01' && version < '2023-01-01',
    archiveFlag: version >= '2021-12-01',
    itemPolicyType: version >= '2025-02-01',
  };
}
