import { z } from 'zod';
import { readPolicyForm, type PolicySettings } from '../../backup/lifecycle/policySettings';
import { policyNameProblem } from '../../backup/armIds';
import { newPolicyNameProblem, readPolicy } from '../../backup/lifecycle/policyWrite';
import { policyFingerprint, settingsFromPolicy } from '../../backup/lifecycle/policyBody';
import { errorCard } from '../../bot/cards';
import type { CardActionContext, CardActionDefinition, CardActionResult } from '../../bot/commandTypes';
import type { ApprovalService } from '../../approvals/approvalService';
import type { SavePolicyAction } from '../../approvals/policy/types';
import type { ApprovalRequest } from '../../approvals/types';
import { resourceRefOf } from '../../approvals/resourceRef';
import { KeyedMutex } from '../../store/keyedMutex';
import { fileApproval, requestApproval } from '../approvalRequest';
import { POLICY_FORM_VERB, lifecycleAzure, policyFormCard, valuesOf, type FormTarget } from '../policyForm';

// The button data is untrusted: only the mode, the vault id, the policy name and the fingerprint
// are read from it, and each is checked again (vault resolved among the vaults the bot sees, name
// rules, existence, fingerprint against the policy now). The inputs go through readPolicyForm.
const targetSchema = z.object({
  mode: z.enum(['create', 'update']),
  vault: z.string().trim().min(1).max(400),
  policy: z.string().trim().min(1).max(150),
  fingerprint: z.string().regex(/^[0-9a-f]{16}$/).optional(),
});

/**
 * "Ask for approval" on the policy card. Bad input: the same card comes back with one sentence per
 * problem, the values kept, nothing stored or sent to Azure. Good input: a four-eyes request, whose
 * approval card replaces the form (the same message) so the conversation shows one card per policy.
 */
export const policyFormAction: CardActionDefinition = {
  verb: POLICY_FORM_VERB,
  minRole: 'operator',
  async run(ctx) {
    const target = targetSchema.safeParse(ctx.data);
    if (!target.success) return refusal('This card does not say which policy it is about. Type **policy create NAME --vault V** for a fresh card. Nothing was changed.');
    const { mode, vault: vaultId, policy: name, fingerprint } = target.data;
    const azure = lifecycleAzure(ctx.services);
    const nameProblem = mode === 'create' ? newPolicyNameProblem(name) : policyNameProblem(name);
    if (nameProblem) return refusal(`${nameProblem} Nothing was changed.`);
    const vault = await ctx.services.backup.resolveVault(vaultId);
    const current = await readPolicy(azure, vault, name);
    const values = submittedValues(ctx.data);

    if (mode === 'create') {
      const form: FormTarget = { mode, vault: resourceRefOf(vault), policy: name };
      if (current) return again(form, values, [`Vault ${vault.name} already has a policy called ${name} (made since this card was posted). To change it: **policy edit ${name} --vault ${vault.name}**.`], ctx);
      const read = readPolicyForm(ctx.data);
      if (read.problems) return again(form, values, read.problems, ctx);
      return ask(ctx, { kind: 'savePolicy', mode, vault: form.vault, policy: name, settings: read.settings });
    }

    if (!current) return refusal(`Vault ${vault.name} has no policy called ${name} any more. Nothing was changed.`);
    const now = settingsFromPolicy(current);
    if ('problem' in now) return refusal(`${now.problem} Nothing was changed.`);
    const form: FormTarget = { mode, vault: resourceRefOf(vault), policy: current.name ?? name, fingerprint: policyFingerprint(current), tier: now.settings.tier };
    if (fingerprint !== form.fingerprint) {
      return again(form, valuesOf(now.settings), [`Policy ${form.policy} was changed since this card was posted; the card now shows it as it is. Make your change again.`], ctx);
    }
    const read = readPolicyForm(ctx.data, now.settings.tier);
    if (read.problems) return again(form, values, read.problems, ctx);
    if (sameSettings(read.settings, now.settings)) return again(form, values, ['These are the settings the policy has now: change something first.'], ctx);
    return ask(ctx, {
      kind: 'savePolicy',
      mode,
      vault: form.vault,
      policy: form.policy,
      settings: read.settings,
      fingerprint: form.fingerprint,
      before: describeBrief(now.settings),
      protectedItems: current.properties?.protectedItemsCount ?? 0,
    });
  },
};

/** One form message becomes one request: a second click (double click, retry) while the first is filed waits, then sees it. */
const submissions = new KeyedMutex();

/** Files the request; its approval card replaces the form for everyone (or is posted when the form's message is unknown). */
async function ask(ctx: CardActionContext, action: SavePolicyAction): Promise<CardActionResult> {
  const formId = ctx.cardActivityId;
  if (formId) return submissions.runExclusive(formId, () => askOnce(ctx, action, formId));
  await requestApproval(ctx, action);
  return { notice: 'The policy request is posted in the conversation: an approver decides there.' };
}

async function askOnce(ctx: CardActionContext, action: SavePolicyAction, formId: string): Promise<CardActionResult> {
  const approvals = ctx.services.approvals;
  const filed = await requestOfMessage(approvals, formId);
  if (filed) return { card: approvals.cardFor(filed), replaceForEveryone: true };
  const request = await fileApproval(ctx, action);
  await approvals.attachCard(request.id, { activityId: formId, conversation: ctx.conversation });
  return { card: approvals.cardFor(request), replaceForEveryone: true };
}

/** The open policy request this form message already became, if any. */
async function requestOfMessage(approvals: ApprovalService, activityId: string): Promise<ApprovalRequest | undefined> {
  for (const { id } of await approvals.store.openRequests()) {
    const request = await approvals.get(id);
    if (request?.action.kind === 'savePolicy' && request.card?.activityId === activityId) return request;
  }
  return undefined;
}

/** The form again, for the clicker only, with what to fix. */
function again(target: FormTarget, values: Record<string, string>, problems: string[], ctx: CardActionContext): CardActionResult {
  return { card: policyFormCard(target, { values, problems }, ctx.services.clock()), replaceForEveryone: false };
}

function refusal(sentence: string): CardActionResult {
  return { card: errorCard(sentence), replaceForEveryone: false };
}

/** The submitted inputs as text, to show them again (never trusted beyond that). */
function submittedValues(data: Record<string, unknown>): Record<string, string> {
  const keys = ['tier', 'frequency', 'runDays', 'time', 'timeZone', 'instantRestoreDays', 'dailyDays', 'weeklyWeeks', 'monthlyMonths', 'yearlyYears', 'retentionDay', 'yearlyMonth'];
  return Object.fromEntries(keys.map((key) => [key, typeof data[key] === 'string' || typeof data[key] === 'number' ? String(data[key]).slice(0, 120) : '']));
}

function sameSettings(a: PolicySettings, b: PolicySettings): boolean {
  return JSON.stringify(valuesOf(a)) === JSON.stringify(valuesOf(b));
}

function describeBrief(s: PolicySettings): string {
  const when = s.frequency === 'Daily' ? `daily at ${s.time}` : `${s.runDays.join(', ')} at ${s.time}`;
  const keep = [s.dailyDays !== undefined ? `${s.dailyDays} days` : '', s.weeklyWeeks !== undefined ? `${s.weeklyWeeks} weeks` : '', s.monthlyMonths !== undefined ? `${s.monthlyMonths} months` : '', s.yearlyYears !== undefined ? `${s.yearlyYears} years` : '']
    .filter((part) => part !== '')
    .join(' / ');
  return `${when} (${s.timeZone}), snapshots ${s.instantRestoreDays} days, keeps ${keep}`;
}
