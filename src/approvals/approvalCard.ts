import type { CardAttachment } from '../bot/chatTypes';
import { adaptiveCardAttachment } from '../bot/messages';
import { expandCard } from '../bot/cards';
import { formatDateTime } from '../bot/dateTime';
import type { ExecutorRegistry } from './executor';
import type { ApprovalRequest, Fact, FollowUpAction, VaultOption } from './types';

/** Whose view of the card: approvers get the buttons, the requester may have to pick a vault, others see the status. */
export type CardViewer = 'everyone' | 'approver' | 'requester';

export interface CardNotice {
  text: string;
  tone: 'warning' | 'attention' | 'good';
}

/** Teams shows a user-specific view to at most 60 users listed in `refresh.userIds`. */
const MAX_REFRESH_USERS = 60;

/**
 * The approval card for one request as one viewer sees it. The copy posted in the conversation
 * is the `everyone` view; its refresh section makes Teams fetch the `approver` / `requester`
 * view (verb approvalRefresh) for the users listed, so only they see buttons.
 */
export function approvalCard(request: ApprovalRequest, executors: ExecutorRegistry, viewer: CardViewer = 'everyone', notice?: CardNotice): CardAttachment {
  const executor = executors.for(request.action);
  const open = request.state === 'pending' || request.state === 'approving';
  const missing = executor.missingInput(request.action);
  const vaultOptions = request.action.kind === 'enableProtection' ? (request.action.vaultOptions ?? []) : [];
  // The chooser is on the base card too: the Playground (and Teams, for users beyond refresh.userIds)
  // shows only the base card, and a click by anyone but the requester is refused server side.
  const showVaultChoice = viewer !== 'approver' && request.state === 'pending' && request.action.kind === 'enableProtection' && request.action.vault === undefined && vaultOptions.length > 0;
  const showDecision = viewer === 'approver' && request.state === 'pending' && missing === undefined;
  const followUps = request.state === 'approved' ? (request.outcome?.followUps ?? []) : [];

  const content = expandCard('approval-request', {
    requestId: request.id,
    title: executor.title(request.action),
    ...stateLine(request, missing),
    facts: [
      ...executor.describe(request.action),
      { title: 'Requested by', value: request.requester.name || request.requester.aadObjectId },
      { title: 'Requested at', value: formatTime(request.createdAt) },
      ...(open ? [{ title: 'Expires at', value: formatTime(request.expiresAt) }] : []),
    ],
    warnings: request.checks.filter((c) => c.status === 'warn').map((c) => (c.remedy ? `${c.name}: ${c.detail} ${c.remedy}` : `${c.name}: ${c.detail}`)),
    notes: request.notes,
    hasOutcome: request.outcome !== undefined,
    outcomeOk: request.outcome?.ok ?? false,
    outcomeSummary: request.outcome?.summary ?? '',
    outcomeFacts: request.outcome?.facts ?? [],
    showVaultChoice,
    vaultPrompt: vaultPrompt(request),
    // Redundancy and policies per option, so a test LRS vault is not taken for the production one (issue 13.4).
    vaultChoices: vaultOptions.map((v) => ({ title: vaultChoiceTitle(v), value: v.id })),
    // No pre-selection: a click on "Use this vault" must be a choice, not a default (a test vault for a production VM).
    vaultDefault: '',
    policyChoices: policyChoices(vaultOptions),
    policyDefault: request.action.kind === 'enableProtection' ? (request.action.requestedPolicy ?? 'DefaultPolicy') : '',
    showDecision,
    notice: notice?.text ?? '',
    noticeTone: notice?.tone ?? 'warning',
    followUps: followUps.map(followUpView),
    hasRefresh: open,
    refreshUserIds: refreshUserIds(request, missing),
    footer: footer(request, viewer, missing),
  });
  // The templating keeps a false `$when` property as null; the card schema wants no refresh at all then.
  if (content.refresh === null || content.refresh === undefined) delete content.refresh;
  return adaptiveCardAttachment(content);
}

function stateLine(request: ApprovalRequest, missing: string | undefined): { stateLabel: string; stateTone: string } {
  const by = request.decision?.by.name || 'an approver';
  const at = request.decision ? formatTime(request.decision.at) : '';
  switch (request.state) {
    case 'pending':
      if (missing === undefined) return { stateLabel: 'Waiting for an approver', stateTone: 'warning' };
      // Name the person the request waits on, so nobody in the channel waits for "the requester".
      return { stateLabel: missing.replace('the requester', request.requester.name || 'the requester'), stateTone: 'warning' };
    case 'approving':
      return { stateLabel: `Approved by ${by} at ${at}: the change is being made`, stateTone: 'default' };
    case 'approved':
      return { stateLabel: `Approved by ${by} at ${at}`, stateTone: 'good' };
    case 'rejected':
      return { stateLabel: `Rejected by ${by} at ${at}: ${request.decision?.reason ?? ''}`.trim(), stateTone: 'attention' };
    case 'expired':
      return { stateLabel: `Expired at ${formatTime(request.expiresAt)} without a decision; nothing was changed. Run the command again to ask anew.`, stateTone: 'warning' };
    case 'failed':
      return { stateLabel: `Approved by ${by} at ${at}, but the change failed`, stateTone: 'attention' };
  }
}

function footer(request: ApprovalRequest, viewer: CardViewer, missing: string | undefined): string {
  const parts = [`Request ${request.id}`];
  if (request.decision) parts.push(`correlation id ${request.decision.correlationId}`);
  if (request.state === 'pending' && viewer === 'everyone' && missing === undefined) parts.push('approvers see Approve and Reject here (click Refresh if they do not show)');
  return parts.join(' · ');
}

/** What the requester has to do, by name, so everyone reading the channel knows who is waited on. */
function vaultPrompt(request: ApprovalRequest): string {
  const who = request.requester.name || 'The requester';
  const vm = request.action.kind === 'enableProtection' ? request.action.vm.name : 'the VM';
  return `${who}: several vaults are in ${vm}'s region. Pick the vault and the policy that will protect it and click Use this vault; approvers can decide once it is chosen.`;
}

/** "rsv-weu-prod (rg-backup-weu) · Geo-redundant (GRS) · policies DefaultPolicy, pol-weu-nightly". */
function vaultChoiceTitle(vault: VaultOption): string {
  return [`${vault.name} (${vault.resourceGroup})`, vault.redundancy, vault.policies ? `policies ${vault.policies.join(', ') || 'none'}` : undefined].filter((part) => part !== undefined).join(' · ');
}

/** Every policy name of the options, once, with the vaults that have it: the server checks it against the vault picked. */
function policyChoices(vaults: VaultOption[]): Array<{ title: string; value: string }> {
  const byName = new Map<string, string[]>();
  for (const vault of vaults) for (const policy of vault.policies ?? []) byName.set(policy, [...(byName.get(policy) ?? []), vault.name]);
  return [...byName.entries()].map(([policy, where]) => ({ title: where.length === vaults.length ? policy : `${policy} (only in ${where.join(', ')})`, value: policy }));
}

function refreshUserIds(request: ApprovalRequest, missing: string | undefined): string[] {
  const ids = [...request.approverUserIds];
  // The requester has a view of their own only while they still have something to fill in.
  if (missing !== undefined && request.requester.userId) ids.unshift(request.requester.userId);
  return [...new Set(ids)].slice(0, MAX_REFRESH_USERS);
}

function followUpView(action: FollowUpAction): { title: string; verb: string; data: Record<string, string>; submitData: Record<string, string> } {
  return { title: action.title, verb: action.verb, data: action.data, submitData: { ...action.data, verb: action.verb } };
}

/** Approval and audit times are UTC, to the minute, in the one card format (bot/dateTime), so every reader sees the same text. */
export function formatTime(iso: string): string {
  return formatDateTime(iso, 'UTC', iso);
}

export function factsOf(entries: Array<[string, string | undefined]>): Fact[] {
  return entries.filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '').map(([title, value]) => ({ title, value }));
}
