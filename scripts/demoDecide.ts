// `npm run demo:approve` / `npm run demo:reject -- "reason"`: the second pair of eyes of the local
// demo. The Agents Playground has no user switcher, so this clicks Approve (or Reject) on the
// newest pending approval card as Megan Bowen, the demo approver, through the Playground's own
// API: the bot receives the same adaptiveCard/action invoke her click in Teams would send.
// Demo only: it reads the bot's data directory and talks to the Playground on localhost.
import 'dotenv/config';
import { loadConfig } from '../src/config';
import { DEMO_APPROVER } from '../src/demoRoles';
import { RequestStore } from '../src/approvals/requestStore';
import type { ApprovalRequest } from '../src/approvals/types';
import { FileStorage } from '../src/store/fileStorage';

export interface DemoDecision {
  dataDir: string;
  playgroundUrl: string;
  decision: 'approve' | 'reject';
  reason?: string;
}

/** Clicks the decision on the newest pending request's card as the demo approver; returns what the card says now. */
export async function decideAsDemoApprover(options: DemoDecision): Promise<{ requestId: string; cardText: string }> {
  const store = new RequestStore(new FileStorage(options.dataDir));
  const pending = [];
  for (const { id } of await store.openRequests()) {
    const request = (await store.get(id))?.value;
    if (request?.state === 'pending' && request.card?.conversation.conversation?.id) pending.push(request);
  }
  const newest = pending.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  if (newest === undefined) throw new Error('No approval request is waiting. Type "protect vm-web-03" in the Playground (in a channel or the group chat) first.');
  const waitingOn = requesterStep(newest);
  if (waitingOn !== undefined) throw new Error(waitingOn);

  const verb = options.decision === 'approve' ? 'approvalApprove' : 'approvalReject';
  const data = options.decision === 'approve' ? { requestId: newest.id } : { requestId: newest.id, reason: options.reason ?? 'Rejected in the demo' };
  const res = await fetch(`${options.playgroundUrl}/_conversation/v1/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data } },
      from: { id: DEMO_APPROVER.playgroundUserId },
      conversation: { id: newest.card!.conversation.conversation!.id },
      replyToId: newest.card!.activityId,
    }),
  });
  if (!res.ok) throw new Error(`The Playground answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  const body = (await res.json()) as { value?: unknown };
  return { requestId: newest.id, cardText: textBlocks(body.value).join('\n') };
}

/** An approver cannot decide before the requester has completed the request (the vault choice): say what to click instead. */
function requesterStep(request: ApprovalRequest): string | undefined {
  if (request.action.kind !== 'enableProtection' || request.action.vault !== undefined) return undefined;
  const who = request.requester.name || 'the requester';
  return `The newest request (protect ${request.action.vm.name}) waits for ${who} to choose a vault: in the Playground, pick one on the card and click "Use this vault", then run this again. Nothing was changed.`;
}

function textBlocks(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(textBlocks);
  if (node === null || typeof node !== 'object') return [];
  const element = node as Record<string, unknown>;
  const own = element.type === 'TextBlock' ? [String(element.text)] : [];
  return [...own, ...Object.values(element).flatMap(textBlocks)];
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const [decision, ...reason] = process.argv.slice(2);
  if (decision !== 'approve' && decision !== 'reject') throw new Error('Usage: npm run demo:approve, or npm run demo:reject -- "reason"');
  const result = await decideAsDemoApprover({
    dataDir: config.dataDir,
    playgroundUrl: `http://127.0.0.1:${config.playground.port}`,
    decision,
    reason: reason.join(' ') || undefined,
  });
  console.log(`${DEMO_APPROVER.name} clicked ${decision === 'approve' ? 'Approve' : 'Reject'} on request ${result.requestId}. The card now says:\n${result.cardText}`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
