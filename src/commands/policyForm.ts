import { findWindows } from 'windows-iana';
import type { CardAttachment } from '../bot/chatTypes';
import type { AzureAccess } from '../backup/lifecycle/azureAccess';
import { LIMITS, MONTHS, WEEKDAYS, type PolicySettings, type PolicyTier } from '../backup/lifecycle/policySettings';
import { editablePolicy, newPolicyNameProblem, readPolicy, type VaultTarget } from '../backup/lifecycle/policyWrite';
import { policyNameProblem } from '../backup/armIds';
import { vaultPoliciesUrl } from '../backup/portalLinks';
import { findTimeZone, sortedTimeZoneChoices } from '../backup/timeZoneChoices';
import type { CommandContext, Reply } from '../bot/commandTypes';
import { errorCard, expandCard } from '../bot/cards';
import { adaptiveCardAttachment } from '../bot/messages';
import { hasRole, withArticle } from '../bot/roles';
import type { Services } from '../services';
import { resourceRefOf } from '../approvals/resourceRef';

/** Verb of the form's "Ask for approval" button (commands/actions/policyFormAction.ts). */
export const POLICY_FORM_VERB = 'policyFormSubmit';

export const CREATE_USAGE = 'policy create <name> --vault V';
export const EDIT_USAGE = 'policy edit <name> [--vault V]';

/** What the form is about: carried in the button's data and checked again on every click. */
export interface FormTarget {
  mode: 'create' | 'update';
  vault: VaultTarget & { location: string };
  policy: string;
  /** Updates: digest of the policy the form was filled from. */
  fingerprint?: string;
  /** Updates: the policy's type, which an edit cannot change. */
  tier?: PolicyTier;
}

export interface FormState {
  /** Values to show (the defaults, the policy now, or what was submitted). */
  values: Record<string, string>;
  problems?: string[];
  notes?: string[];
}

/** `policy create <name> --vault V` and `policy edit <name> [--vault V]`: the guided card. */
export async function runPolicyForm(ctx: CommandContext, mode: 'create' | 'update'): Promise<Reply> {
  const usage = mode === 'create' ? CREATE_USAGE : EDIT_USAGE;
  if (!hasRole(ctx.user.role, 'operator')) {
    return { card: errorCard(`**policy ${mode === 'create' ? 'create' : 'edit'}** needs the operator role and you are ${withArticle(ctx.user.role)}. Type **whoami** to see your role.`) };
  }
  const azure = lifecycleAzure(ctx.services);
  const names = ctx.args.positional.slice(1);
  if (names.length === 0) return { card: errorCard(`Name the policy. Usage: ${usage}`) };
  if (names.length > 1) return { card: errorCard(`Name one policy only (got "${names.join(' ').slice(0, 80)}"); policy names have no spaces. Usage: ${usage}`) };
  const name = names[0];
  const vaultQuery = typeof ctx.args.flags.vault === 'string' ? ctx.args.flags.vault.trim() : undefined;
  if (mode === 'create') {
    const problem = newPolicyNameProblem(name);
    if (problem) return { card: errorCard(`${problem} Usage: ${usage}`) };
    if (!vaultQuery) return { card: errorCard(`Which vault? A policy belongs to one vault. Usage: ${usage} (type **vaults** to list them).`) };
    const vault = await ctx.services.backup.resolveVault(vaultQuery);
    if (await readPolicy(azure, vault, name)) {
      return { card: errorCard(`Vault ${vault.name} already has a policy called ${name}. To change it: **policy edit ${name} --vault ${vault.name}**.`) };
    }
    const target: FormTarget = { mode, vault: resourceRefOf(vault), policy: name };
    return { card: policyFormCard(target, { values: defaultValues(ctx.services) }, ctx.services.clock()) };
  }
  const nameProblem = policyNameProblem(name);
  if (nameProblem) return { card: errorCard(`${nameProblem} Usage: ${usage}`) };
  const vault = vaultQuery ? await ctx.services.backup.resolveVault(vaultQuery) : await ctx.services.backup.resolveVault((await ctx.services.backup.getPolicy(name)).vaultId);
  const policy = await editablePolicy(azure, vault, name);
  const target: FormTarget = { mode, vault: resourceRefOf(vault), policy: policy.view.name, fingerprint: policy.fingerprint, tier: policy.settings.tier };
  const notes = [...policy.notes, ...(policy.view.protectedItemsCount > 0 ? [`It protects ${policy.view.protectedItemsCount === 1 ? '1 VM' : `${policy.view.protectedItemsCount} VMs`}: Azure applies the change to each of them.`] : [])];
  return { card: policyFormCard(target, { values: valuesOf(policy.settings), notes }, ctx.services.clock()) };
}

export function lifecycleAzure(services: Services): AzureAccess {
  return services.lifecycle.azure;
}

/** The form as inputs, pre-filled with `state.values`, with the problems of a refused submission on top. */
export function policyFormCard(target: FormTarget, state: FormState, now: Date): CardAttachment {
  const content = expandCard('policy-form', policyFormViewModel(target, state, now));
  emptyNumbersBlank(content);
  return adaptiveCardAttachment(content);
}

/**
 * An Input.Number with an empty value shows 0 in the Playground's renderer (and would send 0): an
 * empty box ("keep no points of that kind") carries no value at all; a filled one a number.
 */
function emptyNumbersBlank(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(emptyNumbersBlank);
  if (node === null || typeof node !== 'object') return;
  const element = node as Record<string, unknown>;
  if (element.type === 'Input.Number') {
    const value = element.value === '' || element.value === null ? NaN : Number(element.value);
    if (Number.isFinite(value)) element.value = value;
    else delete element.value;
  }
  Object.values(element).forEach(emptyNumbersBlank);
}

export function policyFormViewModel(target: FormTarget, state: FormState, now: Date) {
  const create = target.mode === 'create';
  const v = state.values;
  const buttonData = { mode: target.mode, vault: target.vault.id, policy: target.policy, ...(target.fingerprint ? { fingerprint: target.fingerprint } : {}) };
  return {
    heading: create ? 'New backup policy' : 'Change a backup policy',
    title: `${create ? 'Create' : 'Edit'} policy ${target.policy} in vault ${target.vault.name}`,
    intro: create
      ? `Fill in the policy and click **Ask for approval**: an approver must approve before it is created in vault ${target.vault.name} (${target.vault.resourceGroup}, ${target.vault.location}).`
      : `The card shows the policy as it is now. Change what you need and click **Ask for approval**: nothing changes until an approver approves.`,
    problemsHeading: 'Nothing was sent. Fix these and click again:',
    problems: state.problems ?? [],
    notes: state.notes ?? [],
    canChooseTier: create,
    tier: v.tier ?? 'Standard',
    tierText: `Policy type: ${target.tier === 'Enhanced' ? 'Enhanced' : 'Standard'} (an existing policy keeps its type).`,
    frequency: v.frequency ?? 'Daily',
    runDays: v.runDays ?? '',
    weekdays: [...WEEKDAYS],
    months: [...MONTHS],
    time: v.time ?? '22:00',
    timeZone: v.timeZone ?? 'UTC',
    timeZones: sortedTimeZoneChoices(now).map((zone) => ({ title: zone.title, value: zone.windowsId })),
    instantLabel: `Instant restore: keep snapshots, days (Standard ${LIMITS.instant.Standard.min}-${LIMITS.instant.Standard.max}, exactly ${LIMITS.weeklyInstantMin} with a weekly schedule; Enhanced ${LIMITS.instant.Enhanced.min}-${LIMITS.instant.Enhanced.max})`,
    instantRestoreDays: v.instantRestoreDays ?? '',
    dailyDays: v.dailyDays ?? '',
    weeklyWeeks: v.weeklyWeeks ?? '',
    monthlyMonths: v.monthlyMonths ?? '',
    yearlyYears: v.yearlyYears ?? '',
    retentionDay: v.retentionDay || 'Sunday',
    yearlyMonth: v.yearlyMonth || 'January',
    footer: 'Azure does not move policy times for daylight saving: the bot reminds **dst** subscribers before each change. Times are in the chosen zone.',
    submitTitle: 'Ask for approval',
    submitData: buttonData,
    fallbackData: { ...buttonData, verb: POLICY_FORM_VERB },
    portalUrl: vaultPoliciesUrl(target.vault.id),
  };
}

/** A new policy starts like DefaultPolicy (daily, 30 days, 2-day snapshots), at 22:00 in the team's zone. */
function defaultValues(services: Services): Record<string, string> {
  const zone = windowsZoneOf(services.notify.defaultTimeZone);
  return { tier: 'Standard', frequency: 'Daily', time: '22:00', timeZone: zone, instantRestoreDays: '2', dailyDays: '30', retentionDay: 'Sunday', yearlyMonth: 'January' };
}

function windowsZoneOf(zone: string | undefined): string {
  if (!zone) return 'UTC';
  if (findTimeZone(zone)) return findTimeZone(zone)!.windowsId;
  try {
    return findWindows(zone).find((id) => findTimeZone(id) !== undefined) ?? 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Settings as the card's input values. */
export function valuesOf(s: PolicySettings): Record<string, string> {
  const text = (n: number | undefined) => (n === undefined ? '' : String(n));
  return {
    tier: s.tier,
    frequency: s.frequency,
    runDays: s.runDays.join(','),
    time: s.time,
    timeZone: s.timeZone,
    instantRestoreDays: String(s.instantRestoreDays),
    dailyDays: text(s.dailyDays),
    weeklyWeeks: text(s.weeklyWeeks),
    monthlyMonths: text(s.monthlyMonths),
    yearlyYears: text(s.yearlyYears),
    retentionDay: s.retentionDay,
    yearlyMonth: s.yearlyMonth,
  };
}
