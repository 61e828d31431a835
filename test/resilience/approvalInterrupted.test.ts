import { readItem } from '../../src/store/storeHelpers';
import { FileStorage } from '../../src/store/fileStorage';
import { AuditLog } from '../../src/approvals/auditLog';
import { createBackupService } from '../../src/backup/backupService';
import { lookupError } from '../../src/backup/errorCatalogue';
import { createLogger } from '../../src/logger';
import type { ApprovalRequest } from '../../src/approvals/types';
import { ALEX, MEGAN, invokeActivity, messageActivity, postActivity } from '../helpers/activities';
import { cardOf, textOf } from '../helpers/cardReading';
import { reportMeasure } from '../helpers/measures';
import { requestIdOf } from '../integration/approvals/approvalHarness';
import { waitUntil, type BotChild } from './botChild';
import { ResilienceWorld } from './resilienceHarness';

// An approved protection whose Azure write is under way when the bot process is killed (SIGKILL) or
// asked to stop (SIGTERM). Azure (the sandbox) accepts the write and keeps it; the bot must end the
// request truthfully: applied, confirmed by reading Azure, never "failed / result unknown".
const CHANNEL = '19:approvals-resilience@thread.tacv2';

jest.setTimeout(180_000);

describe('approvals that survive restarts (issue 11 item 5)', () => {
  const world = new ResilienceWorld();
  beforeAll(() => world.start());
  afterEach(() => world.killLeftBots());
  afterAll(() => world.stop());

  const protectionPuts = (vm: string) =>
    world.sandbox.control.requests().filter((r) => r.method === 'PUT' && /\/protectedItems\//i.test(r.path) && r.path.toLowerCase().endsWith(`;${vm}`));

  /**
   * Posts `protect`, then Megan's Approve click (not awaited: the write is slowed down), and waits
   * for the write to reach Azure and, with `storedOperation`, for the bot to store Azure's operation
   * on the request (a protect's configure; a stop's operation is not stored).
   */
  async function approveUntilWriteInFlight(
    bot: BotChild,
    vm: string,
    slow: { latencyMs: number; pathContains: string } = { latencyMs: 8_000, pathContains: 'operation' },
    command = `protect ${vm} --vault rsv-weu-prod --policy pol-weu-nightly`,
    options: { storedOperation?: boolean; beforeApproval?: () => void } = { storedOperation: true },
  ): Promise<{ requestId: string; cardId: string }> {
    const activity = messageActivity(command, { serviceUrl: world.connector.url, from: ALEX, conversationId: CHANNEL, conversationType: 'channel', mention: true });
    expect((await postActivity(bot.url, activity)).status).toBe(200);
    await waitUntil(() => world.connector.sent(CHANNEL).some((c) => c.body?.replyToId === activity.id), 30_000, 'the approval card');
    const posted = world.connector.sent(CHANNEL).find((c) => c.body?.replyToId === activity.id)!;
    const requestId = requestIdOf(cardOf(posted));
    // Azure takes its time to report the operation done: the write is in flight for seconds (by
    // default 8 s per status read), longer than the click waits for it (10 s), so it is still in
    // flight when the HTTP server has closed.
    options.beforeApproval?.();
    world.sandbox.control.setFaults({ share: 0, ...slow });
    void postActivity(bot.url, invokeActivity('approvalApprove', { requestId }, { serviceUrl: world.connector.url, from: MEGAN, conversationId: CHANNEL, conversationType: 'channel', replyToId: posted.resultId })).catch(() => undefined);
    await waitUntil(() => protectionPuts(vm).length === 1, 30_000, 'the protection write at Azure');
    if (options.storedOperation) await waitUntil(async () => (await storedRequest(requestId))?.operation !== undefined, 30_000, "Azure's operation stored on the request");
    return { requestId, cardId: posted.resultId! };
  }

  async function storedRequest(requestId: string): Promise<ApprovalRequest | undefined> {
    return readItem<ApprovalRequest>(new FileStorage(world.dataDir), `approvals/request/${requestId}`);
  }

  it('SIGKILL mid-write: the next process follows the stored operation on start and closes the request as applied, card updated, one write', async () => {
    let bot = await world.bot().start();
    const { requestId, cardId } = await approveUntilWriteInFlight(bot, 'vm-web-03');
    expect((await bot.stop('SIGKILL')).signal).toBe('SIGKILL');
    world.sandbox.control.clearFaults();
    expect(await storedRequest(requestId)).toMatchObject({ state: 'approving', operation: { kind: 'itemOperation', operationId: expect.any(String) } });

    bot = await world.bot().start();
    const edits = () => world.connector.updates(CHANNEL).filter((c) => c.activityId === cardId);
    await waitUntil(() => edits().some((c) => textOf(cardOf(c)).includes('Protection of vm-web-03 is enabled')), 30_000, 'the card saying the change is applied');
    // The operation's own outcome: its job and status, as an uninterrupted approval shows them.
    expect(textOf(cardOf(edits().at(-1)!))).toMatch(/Protection of vm-web-03 is enabled in vault rsv-weu-prod with pol-weu-nightly[^]*Job status: Completed/);
    expect(bot.logs('finished an approved change interrupted by a stop')).toEqual([expect.objectContaining({ requestId, state: 'approved' })]);
    expect((await bot.stop('SIGTERM')).code).toBe(0);
    expect(await storedRequest(requestId)).toMatchObject({ state: 'approved', outcome: { ok: true } });
    expect(protectionPuts('vm-web-03')).toHaveLength(1);
  });

  it('SIGTERM mid-write: the process waits for the write (bounded) and records it before exiting', async () => {
    const bot = await world.bot({ SHUTDOWN_GRACE_SECONDS: '30' }).start();
    const { requestId } = await approveUntilWriteInFlight(bot, 'vm-app-02');
    const asked = Date.now();
    const exit = await bot.stop('SIGTERM');
    const tookMs = Date.now() - asked;
    world.sandbox.control.clearFaults();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(bot.logs('waiting for approved changes in flight before stopping')).toHaveLength(1);
    expect(await storedRequest(requestId)).toMatchObject({ state: 'approved', outcome: { ok: true } });
    expect(protectionPuts('vm-app-02')).toHaveLength(1);
    reportMeasure('resilience: SIGTERM during an approved write', { exitAfterMs: tookMs, state: 'approved' });
  });

  it('SIGTERM past the grace: the operation poll is aborted, the request stays approving, and the next start finishes it once', async () => {
    let bot = await world.bot({ SHUTDOWN_GRACE_SECONDS: '1' }).start();
    // Azure holds the configure-protection operation: each read of its status (vault backupOperations) takes 2 minutes.
    const { requestId, cardId } = await approveUntilWriteInFlight(bot, 'vm-new-01', { latencyMs: 120_000, pathContains: 'backupOperations' });
    const exit = await bot.stop('SIGTERM');
    world.sandbox.control.clearFaults();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(bot.logs('stopping with approved changes still in flight; the next start reads Azure to finish them')).toHaveLength(1);
    // The poll stopped at the shutdown signal: not a failure, nothing recorded as the outcome.
    expect(bot.logs('approved change interrupted by shutdown; the next start finishes it from Azure')).toEqual([expect.objectContaining({ requestId })]);
    expect(await storedRequest(requestId)).toMatchObject({ state: 'approving' });
    expect(await writeOutcomes(requestId)).toEqual(['started']);

    bot = await world.bot().start();
    const edits = () => world.connector.updates(CHANNEL).filter((c) => c.activityId === cardId);
    await waitUntil(() => edits().some((c) => textOf(cardOf(c)).includes('Protection of vm-new-01 is enabled')), 30_000, 'the card saying the change is applied');
    expect(textOf(cardOf(edits().at(-1)!))).toMatch(/Protection of vm-new-01 is enabled in vault rsv-weu-prod with pol-weu-nightly[^]*Job status: Completed/);
    expect((await bot.stop('SIGTERM')).code).toBe(0);
    expect(await storedRequest(requestId)).toMatchObject({ state: 'approved', outcome: { ok: true } });
    expect(await writeOutcomes(requestId)).toEqual(['started', expect.stringMatching(/^succeeded \(interrupted; its Azure operation followed to its end: applied\)/)]);
    expect(protectionPuts('vm-new-01')).toHaveLength(1);
  });

  it('an unprotect interrupted the same way is finished from Azure too (stopped, confirmed), not "result unknown"', async () => {
    let bot = await world.bot({ SHUTDOWN_GRACE_SECONDS: '1' }).start();
    // The stop-protection PUT is accepted; Azure holds its operation's status reads.
    const { requestId, cardId } = await approveUntilWriteInFlight(bot, 'vm-web-01', { latencyMs: 120_000, pathContains: 'operation' }, 'unprotect vm-web-01', { storedOperation: false });
    expect((await bot.stop('SIGTERM')).code).toBe(0);
    world.sandbox.control.clearFaults();
    expect(await storedRequest(requestId)).toMatchObject({ state: 'approving' });

    bot = await world.bot().start();
    const edits = () => world.connector.updates(CHANNEL).filter((c) => c.activityId === cardId);
    await waitUntil(() => edits().some((c) => textOf(cardOf(c)).includes('confirmed by reading Azure')), 30_000, 'the card saying protection is stopped');
    expect(textOf(cardOf(edits().at(-1)!))).toContain('Protection of vm-web-01 is stopped; its recovery points are kept in vault rsv-weu-prod');
    expect((await bot.stop('SIGTERM')).code).toBe(0);
    expect(await storedRequest(requestId)).toMatchObject({ state: 'approved', outcome: { ok: true } });
    expect(await writeOutcomes(requestId)).toEqual(['started', expect.stringMatching(/^succeeded \(interrupted; Azure shows it applied\)/)]);
    expect(protectionPuts('vm-web-01')).toHaveLength(1);
  });

  it('a protect whose configure Azure then fails, interrupted mid-write: the next start follows the stored operation and ends failed with Azure\'s sentence, not "confirmed"', async () => {
    let bot = await world.bot({ SHUTDOWN_GRACE_SECONDS: '1' }).start();
    // The agent was Ready when protection was requested; it stops before the approval, so Azure
    // accepts the PUT (the item shows protected meanwhile) and fails the configure operation.
    const breakAgent = () => world.sandbox.control.setVmAgent({ vm: 'rg-test/vm-test-02', status: 'NotReady' });
    const command = 'protect rg-test/vm-test-02 --vault rsv-test-weu';
    const { requestId, cardId } = await approveUntilWriteInFlight(bot, 'vm-test-02', { latencyMs: 120_000, pathContains: 'backupOperations' }, command, { storedOperation: true, beforeApproval: breakAgent });
    expect((await bot.stop('SIGTERM')).code).toBe(0);
    world.sandbox.control.clearFaults();
    expect(await storedRequest(requestId)).toMatchObject({ state: 'approving', operation: { kind: 'itemOperation' } });

    bot = await world.bot().start();
    const edits = () => world.connector.updates(CHANNEL).filter((c) => c.activityId === cardId);
    await waitUntil(() => edits().some((c) => textOf(cardOf(c)).includes('but the change failed')), 30_000, 'the card saying the change failed');
    const card = textOf(cardOf(edits().at(-1)!));
    expect(card).toContain('Azure could not complete configuring protection of vm-test-02');
    expect(card).toContain(lookupError('UserErrorGuestAgentStatusUnavailable').action);
    expect(card).not.toContain('confirmed by reading Azure');
    expect(card).not.toContain('is enabled');
    expect((await bot.stop('SIGTERM')).code).toBe(0);
    expect(await storedRequest(requestId)).toMatchObject({ state: 'failed', outcome: { ok: false, summary: expect.stringContaining('Azure could not complete configuring protection of vm-test-02') } });
    expect(await writeOutcomes(requestId)).toEqual(['started', expect.stringMatching(/^failed \(interrupted; its Azure operation followed to its end: not applied\): Azure could not complete/)]);
    expect(protectionPuts('vm-test-02')).toHaveLength(1);
    world.sandbox.control.setVmAgent({ vm: 'rg-test/vm-test-02', status: 'Ready' });
  });

  it('a DST shift (keep local time) interrupted mid-write is finished at the next start: applied, not "result unknown"', async () => {
    const policyPuts = () => world.sandbox.control.requests().filter((r) => r.method === 'PUT' && /\/backupPolicies\/pol-weu-nightly$/i.test(r.path));
    let bot = await world.bot({ SHUTDOWN_GRACE_SECONDS: '1' }).start();
    // What the reminder's "Keep local time" button carries: the vault, the policy, the transition.
    const reader = createBackupService({ mode: 'sandbox', subscriptionIds: [], sandbox: { url: world.sandbox.url, caPem: world.sandbox.caPem, token: world.sandbox.token }, cacheTtlSeconds: 0, logger: createLogger('silent') });
    const policy = await reader.getPolicy('pol-weu-nightly', 'rsv-weu-prod');
    reader.close();
    const before = policy.runTimes;
    const keep = { vaultId: policy.vaultId, policy: policy.name, transitionAt: policy.nextDst!.transition.at };
    const after = policy.nextDst!.keepLocal.runTimes;
    expect(after).not.toEqual(before);

    const ask = messageActivity('dst', { serviceUrl: world.connector.url, from: ALEX, conversationId: CHANNEL, conversationType: 'channel', mention: true });
    expect((await postActivity(bot.url, ask)).status).toBe(200);
    await waitUntil(() => world.connector.sent(CHANNEL).some((c) => c.body?.replyToId === ask.id), 30_000, 'the dst answer');
    const cardId = world.connector.sent(CHANNEL).find((c) => c.body?.replyToId === ask.id)!.resultId!;
    const filed = await postActivity(bot.url, invokeActivity('dstKeepLocalTime', keep, { serviceUrl: world.connector.url, from: ALEX, conversationId: CHANNEL, conversationType: 'channel', replyToId: cardId }));
    const requestId = requestIdOf(filed.body.value);

    // Azure accepts the policy PUT (202, the policy protects VMs) and holds its operation's status reads.
    world.sandbox.control.setFaults({ share: 0, latencyMs: 120_000, pathContains: '/pol-weu-nightly/operations/' });
    void postActivity(bot.url, invokeActivity('approvalApprove', { requestId }, { serviceUrl: world.connector.url, from: MEGAN, conversationId: CHANNEL, conversationType: 'channel', replyToId: cardId })).catch(() => undefined);
    await waitUntil(() => policyPuts().length === 1, 30_000, 'the policy write at Azure');
    expect(policyPuts()[0].status).toBe(202);
    await waitUntil(async () => (await storedRequest(requestId))?.operation !== undefined, 30_000, "Azure's operation stored on the request");
    expect((await bot.stop('SIGTERM')).code).toBe(0);
    world.sandbox.control.clearFaults();
    expect(await storedRequest(requestId)).toMatchObject({ state: 'approving', operation: { kind: 'policyOperation', policy: 'pol-weu-nightly' } });

    bot = await world.bot().start();
    const edits = () => world.connector.updates(CHANNEL).filter((c) => c.activityId === cardId);
    await waitUntil(() => edits().some((c) => textOf(cardOf(c)).includes(`Policy pol-weu-nightly now runs at ${after.join(', ')}`)), 30_000, 'the card saying the policy moved');
    expect((await bot.stop('SIGTERM')).code).toBe(0);
    expect(await storedRequest(requestId)).toMatchObject({ state: 'approved', outcome: { ok: true } });
    expect(await writeOutcomes(requestId)).toEqual(['started', expect.stringMatching(/^succeeded \(interrupted; its Azure operation followed to its end: applied\)/)]);
    expect(policyPuts()).toHaveLength(1);
  });

  /** The azureWrite audit entries of one request, oldest first: 'started', then one outcome. */
  async function writeOutcomes(requestId: string): Promise<string[]> {
    const newestFirst = await new AuditLog(new FileStorage(world.dataDir)).last(500);
    return [...newestFirst].reverse().filter((e) => e.requestId === requestId && e.event === 'azureWrite').map((e) => e.outcome ?? '');
  }
});
