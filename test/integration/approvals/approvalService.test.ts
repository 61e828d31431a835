import { MemoryStorage } from 'botbuilder';
import { assertValidCard } from '../../helpers/cardValidation';
import { ALEX, MEGAN, NESTOR, VALERIE, cardText, cardVerbs, harness, newRequest, tempStorage, type Harness } from './fixtures';

const HOUR = 3_600_000;

describe('ApprovalService', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });

  it('stores a pending request with its expiry and records it in the audit trail', async () => {
    const request = await newRequest(h);
    const stored = await h.service.get(request.id);
    expect(stored).toMatchObject({ state: 'pending', requester: { name: 'Alex Wilber' }, createdAt: '2026-03-01T09:00:00.000Z', expiresAt: '2026-03-02T09:00:00.000Z' });
    expect(await h.service.store.openRequests()).toEqual([{ id: request.id, expiresAt: request.expiresAt }]);
    const [entry] = await h.audit.last(1);
    expect(entry).toMatchObject({ event: 'requested', actor: { name: 'Alex Wilber' }, requestId: request.id });
  });

  it('an approver approves: the change runs once, the request is approved, the trail has the decision and the Azure write', async () => {
    const request = await newRequest(h);
    const result = await h.service.approve(request.id, MEGAN);
    expect(result.kind).toBe('changed');
    expect(h.executor.calls).toHaveLength(1);
    expect(h.executor.calls[0].approver.name).toBe('Megan Bowen');
    const stored = await h.service.get(request.id);
    expect(stored).toMatchObject({ state: 'approved', decision: { by: { name: 'Megan Bowen' } }, outcome: { ok: true, jobId: 'job-1' } });
    expect(await h.service.store.openRequests()).toEqual([]);
    const events = (await h.audit.last(10)).map((e) => `${e.event}${e.outcome ? `:${e.outcome.split(' ')[0]}` : ''}`);
    expect(events).toEqual(['azureWrite:succeeded', 'azureWrite:started', 'approved', 'requested']);
    const correlationIds = new Set((await h.audit.last(3)).map((e) => e.correlationId));
    expect(correlationIds).toEqual(new Set([stored!.decision!.correlationId]));
  });

  it.each([
    ['the requester (four-eyes)', () => ({ ...ALEX, role: 'approver' as const }), 'someone else must approve'],
    ['a viewer', () => VALERIE, 'Only approvers can approve or reject, and you are a viewer'],
    ['an operator', () => ({ ...NESTOR, role: 'operator' as const }), 'and you are an operator'],
  ])('refuses %s, changes nothing and records the refusal', async (_who, clicker, sentence) => {
    const request = await newRequest(h);
    const result = await h.service.approve(request.id, clicker());
    expect(result).toMatchObject({ kind: 'refused', reason: expect.stringContaining(sentence) });
    expect(h.executor.calls).toHaveLength(0);
    expect((await h.service.get(request.id))?.state).toBe('pending');
    const [entry] = await h.audit.last(1);
    expect(entry).toMatchObject({ event: 'refused', requestId: request.id, outcome: expect.stringContaining(sentence) });
  });

  it('refuses an unknown request id', async () => {
    const result = await h.service.approve('7d5b0a61-0000-4000-8000-000000000000', MEGAN);
    expect(result).toMatchObject({ kind: 'refused', reason: expect.stringContaining('does not refer to a request I know') });
    expect(h.executor.calls).toHaveLength(0);
  });

  it('refuses a second decision once approved, and a rejection after approval', async () => {
    const request = await newRequest(h);
    await h.service.approve(request.id, MEGAN);
    expect(await h.service.approve(request.id, NESTOR)).toMatchObject({ kind: 'refused', reason: 'Megan Bowen already approved this request. Nothing else was done.' });
    expect(await h.service.reject(request.id, NESTOR, 'too late')).toMatchObject({ kind: 'refused' });
    expect(h.executor.calls).toHaveLength(1);
    expect((await h.service.get(request.id))?.state).toBe('approved');
  });

  it('rejects with a reason, which is required and bounded', async () => {
    const request = await newRequest(h);
    expect(await h.service.reject(request.id, MEGAN, '   ')).toMatchObject({ kind: 'refused', reason: expect.stringContaining('Type a reason') });
    expect(await h.service.reject(request.id, MEGAN, 'x'.repeat(501))).toMatchObject({ kind: 'refused', reason: expect.stringContaining('under 500 characters') });
    expect((await h.service.get(request.id))?.state).toBe('pending');
    const result = await h.service.reject(request.id, MEGAN, '  Not in the change window  ');
    expect(result.kind).toBe('changed');
    const stored = await h.service.get(request.id);
    expect(stored).toMatchObject({ state: 'rejected', decision: { by: { name: 'Megan Bowen' }, reason: 'Not in the change window' } });
    expect(h.executor.calls).toHaveLength(0);
    expect(cardText(h.service.cardFor(stored!))).toContain('Rejected by Megan Bowen at Sun 1 Mar 2026 09:00 UTC: Not in the change window');
    expect(await h.audit.last(1)).toMatchObject([{ event: 'rejected', outcome: 'Not in the change window' }]);
    expect(await h.service.store.openRequests()).toEqual([]);
  });

  it('refuses a click after expiry even before the sweep ran, and changes nothing', async () => {
    const request = await newRequest(h);
    h.clock.now = new Date(h.clock.now.getTime() + 24 * HOUR);
    expect(await h.service.approve(request.id, MEGAN)).toMatchObject({ kind: 'refused', reason: expect.stringContaining('expired') });
    expect((await h.service.get(request.id))?.state).toBe('pending');
    expect(h.executor.calls).toHaveLength(0);
    expect(cardText(h.service.cardFor((await h.service.get(request.id))!, MEGAN))).toContain('Expired at Mon 2 Mar 2026 09:00 UTC');
  });

  it('the sweep expires overdue requests, updates their cards and leaves the others', async () => {
    const overdue = await newRequest(h);
    await h.service.attachCard(overdue.id, { activityId: 'act-1', conversation: { conversation: { id: 'conv-1', name: '', isGroup: true, conversationType: 'channel' } } });
    h.clock.now = new Date(h.clock.now.getTime() + 2 * HOUR);
    const fresh = await newRequest(h);
    h.clock.now = new Date(h.clock.now.getTime() + 23 * HOUR);

    expect(await h.service.sweepExpired()).toEqual({ expired: 1, interrupted: 0 });
    expect((await h.service.get(overdue.id))?.state).toBe('expired');
    expect((await h.service.get(fresh.id))?.state).toBe('pending');
    expect(h.sender.updates).toHaveLength(1);
    expect(h.sender.updates[0].card.activityId).toBe('act-1');
    expect(cardText(h.sender.updates[0].content)).toContain('Expired at');
    expect(cardVerbs(h.sender.updates[0].content)).toEqual([]);
    assertValidCard(h.sender.updates[0].content);
    expect(await h.audit.last(1)).toMatchObject([{ event: 'expired', actor: { aadObjectId: 'system' }, requestId: overdue.id }]);
    expect(await h.service.sweepExpired()).toEqual({ expired: 0, interrupted: 0 });
  });

  it('a failed change leaves the request failed with the sentence, and the trail says so', async () => {
    const { BackupError } = await import('../../../src/backup/backupError');
    h.executor.failWith = new BackupError('forbidden', 'The bot may not configure backup in vault v1: give its identity the Backup Contributor role.');
    const request = await newRequest(h);
    const result = await h.service.approve(request.id, MEGAN);
    expect(result.kind).toBe('changed');
    const stored = await h.service.get(request.id);
    expect(stored).toMatchObject({ state: 'failed', outcome: { ok: false, summary: expect.stringContaining('Backup Contributor') } });
    const events = (await h.audit.last(3)).map((e) => e.event);
    expect(events).toEqual(['failed', 'azureWrite', 'azureWrite']);
    expect(cardText(h.service.cardFor(stored!))).toContain('but the change failed');
  });

  it('a change slower than the click deadline answers "being made" and updates the card when it ends', async () => {
    h = harness(new MemoryStorage(), { invokeDeadlineMs: 20 });
    let open!: () => void;
    h.executor.gate = new Promise<void>((resolve) => (open = resolve));
    const request = await newRequest(h);
    await h.service.attachCard(request.id, { activityId: 'act-9', conversation: { conversation: { id: 'c', name: '', isGroup: true, conversationType: 'channel' } } });
    const result = await h.service.approve(request.id, MEGAN);
    expect(result).toMatchObject({ kind: 'changed', request: { state: 'approving' } });
    expect(cardText(h.service.cardFor((await h.service.get(request.id))!))).toContain('the change is being made');
    open();
    for (let i = 0; i < 100 && h.sender.updates.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await h.service.get(request.id))?.state).toBe('approved');
    expect(cardText(h.sender.updates[0].content)).toContain('Approved by Megan Bowen');
  });

  it('the sweep closes a request left "approving" by a stop, as failed with an unknown result', async () => {
    h = harness(new MemoryStorage(), { invokeDeadlineMs: 1 });
    h.executor.gate = new Promise<void>(() => undefined); // never finishes: the process "stopped"
    const request = await newRequest(h);
    await h.service.approve(request.id, MEGAN);
    h.clock.now = new Date(h.clock.now.getTime() + 20 * 60_000);
    expect(await h.service.sweepExpired()).toEqual({ expired: 0, interrupted: 1 });
    expect(await h.service.get(request.id)).toMatchObject({ state: 'failed', outcome: { summary: expect.stringContaining('result is unknown') } });
  });

  it('50 concurrent approvals from two approvers on real files run the change exactly once', async () => {
    const request = await newRequest(h);
    const clicks = Array.from({ length: 50 }, (_, i) => h.service.approve(request.id, i % 2 === 0 ? MEGAN : NESTOR));
    const results = await Promise.all(clicks);
    expect(h.executor.calls).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'changed')).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'refused')).toHaveLength(49);
    const trail = await h.audit.last(100);
    expect(trail.filter((e) => e.event === 'approved')).toHaveLength(1);
    expect(trail.filter((e) => e.event === 'refused')).toHaveLength(49);
    expect((await h.service.get(request.id))?.state).toBe('approved');
  });

  it('two service instances over one store decide once (no state kept in memory between clicks)', async () => {
    const { storage } = tempStorage();
    const first = harness(storage);
    const second = harness(storage);
    const request = await newRequest(first);
    const results = await Promise.all([
      ...Array.from({ length: 10 }, () => first.service.approve(request.id, MEGAN)),
      ...Array.from({ length: 10 }, () => second.service.approve(request.id, NESTOR)),
    ]);
    expect(first.executor.calls.length + second.executor.calls.length).toBe(1);
    expect(results.filter((r) => r.kind === 'changed')).toHaveLength(1);
  });
});

describe('approval card views', () => {
  it('approvers get Approve/Reject, everyone else the status, and the posted copy lists approvers for refresh', async () => {
    const h = harness();
    const request = await newRequest(h);
    const everyone = h.service.cardFor(request);
    const approver = h.service.cardFor(request, MEGAN);
    const requester = h.service.cardFor(request, ALEX);
    const viewer = h.service.cardFor(request, VALERIE);
    for (const card of [everyone, approver, requester, viewer]) assertValidCard(card);
    expect(cardVerbs(everyone)).toEqual(['approvalRefresh']);
    expect(cardVerbs(approver)).toEqual(['approvalApprove', 'approvalReject', 'approvalRefresh']);
    expect(cardVerbs(requester)).toEqual(['approvalRefresh']);
    expect(cardVerbs(viewer)).toEqual(['approvalRefresh']);
    expect((everyone.content as { refresh?: unknown }).refresh).toEqual({
      action: { type: 'Action.Execute', title: 'Refresh', verb: 'approvalRefresh', data: { requestId: request.id } },
      userIds: ['29:megan'],
    });
    expect(cardText(everyone)).toContain('Waiting for an approver');
  });

  it('a decided request has no refresh and no decision buttons', async () => {
    const h = harness();
    const request = await newRequest(h);
    await h.service.approve(request.id, MEGAN);
    const card = h.service.cardFor((await h.service.get(request.id))!, MEGAN);
    assertValidCard(card);
    expect((card.content as { refresh?: unknown }).refresh).toBeUndefined();
    expect(cardVerbs(card)).toEqual([]);
    expect(cardText(card)).toContain('Approved by Megan Bowen at Sun 1 Mar 2026 09:00 UTC');
    expect(cardText(card)).toContain('Schedule moved.');
  });
});
