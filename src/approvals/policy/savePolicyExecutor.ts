import type { PolicySettings } from '../../backup/lifecycle/policySettings';
import { describeSettings } from '../../backup/lifecycle/policySettings';
import type { SavePolicyInput, SavePolicyResult } from '../../backup/lifecycle/policyWrite';
import { vaultPoliciesUrl } from '../../backup/portalLinks';
import type { PolicyView } from '../../backup/views';
import { factsOf } from '../approvalCard';
import type { ApprovalExecutor } from '../executor';
import type { ExecutionOutcome, Fact } from '../types';
import type { SavePolicyAction } from './types';

/** The Azure calls behind a policy request (src/backup/lifecycle/policyWrite.ts over the life-cycle clients). */
export interface PolicyBackend {
  savePolicy(input: SavePolicyInput): Promise<SavePolicyResult>;
  /** The policy's settings now (undefined: no such policy), to tell whether an interrupted write landed. */
  currentSettings(vault: SavePolicyAction['vault'], name: string): Promise<PolicySettings | undefined>;
}

export interface SavePolicyExecutorDeps {
  backend: PolicyBackend;
  /** After a successful write: the DST reminders must see the new schedule at once (their policy listing is cached). */
  onChanged?: () => void;
}

export function savePolicyExecutor(deps: SavePolicyExecutorDeps): ApprovalExecutor<SavePolicyAction> {
  return {
    kind: 'savePolicy',
    title: (a) => (a.mode === 'create' ? `Create backup policy ${a.policy} in vault ${a.vault.name}` : `Change backup policy ${a.policy} in vault ${a.vault.name}`),
    summary: (a) => `${a.mode === 'create' ? 'create' : 'change'} policy ${a.policy} in vault ${a.vault.name} (${a.vault.resourceGroup}): ${describeSettings(a.settings).map((f) => f.value).join('; ')}`,
    describe: (a) =>
      factsOf([
        ['Vault', `${a.vault.name} (${a.vault.resourceGroup}, ${a.vault.location})`],
        ['Subscription', a.vault.subscriptionId],
        ['Policy', a.policy],
        ['Now', a.before],
        ...describeSettings(a.settings).map((f): [string, string] => [a.mode === 'update' ? `New ${f.title.toLowerCase()}` : f.title, f.value]),
        ['VMs affected', a.mode === 'update' ? `${a.protectedItems ?? 0}: Azure applies the new settings to every VM this policy protects` : undefined],
        ['Azure portal', `[Backup policies of ${a.vault.name}](${vaultPoliciesUrl(a.vault.id)})`],
      ]),
    missingInput: () => undefined,
    async execute(a) {
      const result = await deps.backend.savePolicy({ vault: a.vault, name: a.policy, mode: a.mode, settings: a.settings, ...(a.fingerprint ? { fingerprint: a.fingerprint } : {}) });
      deps.onChanged?.();
      return outcomeOf(a, result);
    },
    async verify(a) {
      const now = await deps.backend.currentSettings(a.vault, a.policy);
      if (now === undefined) return a.mode === 'create' ? { ok: false, summary: `Policy ${a.policy} is not in vault ${a.vault.name}: it was not created.`, facts: [] } : undefined;
      if (!sameSettings(now, a.settings)) return undefined;
      deps.onChanged?.();
      return { ok: true, summary: `Policy ${a.policy} in vault ${a.vault.name} has the requested settings.`, facts: [] };
    },
  };
}

function outcomeOf(a: SavePolicyAction, result: SavePolicyResult): ExecutionOutcome {
  const view = result.policy;
  const verb = a.mode === 'create' ? 'is created' : 'is changed';
  const applied = result.operation ? ` Azure applied it to the ${plural(view.protectedItemsCount, 'VM')} it protects.` : '';
  const facts: Fact[] = factsOf([
    ['Runs', runsText(view)],
    ['In UTC', view.utcRunTimes.map((run) => `${run.utcTime} UTC`).join(', ')],
    ['Daylight saving', view.nextDst ? `${view.nextDst.summary} Type **dst** for the plan; **subscribe dst** reminds you before.` : `${view.timeZone} has no daylight-saving change coming.`],
    ['Instant restore', view.instantRestoreDays !== undefined ? `${view.instantRestoreDays} days` : undefined],
    ['Retention', view.retentionSummary],
    ['Azure answer', result.operation ? `${result.status} Accepted, then operation ${result.operation.id} read ${result.operation.status} after ${plural(result.operation.reads, 'status read')}` : `${result.status} OK`],
    ['Azure portal', `[Backup policies of ${a.vault.name}](${vaultPoliciesUrl(a.vault.id)})`],
  ]);
  return { ok: true, summary: `Policy ${view.name} ${verb} in vault ${a.vault.name}.${applied} Protect a VM with it: **protect VM --vault ${a.vault.name} --policy ${view.name}**.`, facts };
}

function runsText(view: PolicyView): string {
  const days = view.frequency === 'Weekly' ? `every ${view.runDays.join(', ')}` : 'every day';
  return `${days} at ${view.runTimes.join(', ')} (${view.timeZone}${view.ianaZone && view.ianaZone !== view.timeZone ? `, ${view.ianaZone}` : ''})`;
}

function sameSettings(a: PolicySettings, b: PolicySettings): boolean {
  const key = (s: PolicySettings) => JSON.stringify([s.tier, s.frequency, s.runDays, s.time, s.timeZone.toLowerCase(), s.instantRestoreDays, s.dailyDays, s.weeklyWeeks, s.monthlyMonths, s.yearlyYears]);
  return key(a) === key(b);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
