import { ALEX, MEGAN } from '../../helpers/activities';
import { deliveryCounts, reportMeasure, tally } from '../../helpers/measures';
import { requestIdOf } from '../approvals/approvalHarness';
import { LEASE_SECONDS, LEASE_TICK_SECONDS, NESTOR, ReplicaHarness, SEND_TIMEOUT_SECONDS, cardOf, pause, textOf } from './replicaHarness';

// Three bot processes on one Azurite account and one sandbox, behind one recording connector. The
// leader is SIGKILLed while it waits on the connector for an alert; during the failover a digest
// falls due and two approvers click the same approval on two other replicas. Asserted from what
// the connector recorded and the sandbox received: everything exactly once, takeover in time.
jest.setTimeout(240_000);

const OPS = '19:ops@thread.tacv2';
const DBA = '19:dba@thread.tacv2';
const VAULT = 'rsv-weu-prod';
const POLICY = 'pol-weu-nightly';
/** Friday 20 March 2026, 12:00 UTC on the sandbox clock (which only moves when the test says). */
const START = '2026-03-20T12:00:00.000Z';

describe('three replicas on Azure Blob Storage: the leader is killed mid-outbox', () => {
  const h = new ReplicaHarness(START);

  beforeAll(async () => {
    await h.start();
  });
  afterAll(() => h.stop());

  it('delivers every alert and the digest once, executes the approval once, and a new leader takes over within the lease period plus one tick', async () => {
    const [r1, r2, r3] = await h.startReplicas(3);
    const leader = await h.waitForLeader(10_000);
    const followers = [r1, r2, r3].filter((r) => r !== leader);

    // Subscriptions and a request made through different replicas: all of it is shared state.
    await h.say(followers[0], 'subscribe alerts', ALEX, OPS);
    await h.say(followers[1], 'subscribe alerts --status failed', ALEX, DBA);
    await h.say(leader, 'subscribe digest daily 18:00 UTC', ALEX, OPS);
    const request = await h.say(followers[0], 'protect vm-web-03 --vault rsv-weu-prod --policy pol-weu-nightly', ALEX, OPS);
    const requestId = requestIdOf(cardOf(request));
    // The leader's watcher has learnt the estate's history (it alerts only about what ends later).
    await h.waitForWatcherBaseline(VAULT);

    // Jobs end with a warning and a failure; the leader queues 3 alerts (OPS both, DBA the failure)
    // and is killed while its first send waits on the connector.
    h.sandbox.control.setOutcome({ vm: 'vm-web-01', status: 'CompletedWithWarnings', errorCode: 'CopyingVHDsFromBackUpVaultTakingLongTime' });
    h.sandbox.control.setOutcome({ vm: 'vm-sql-01', status: 'Failed', errorCode: 'UserErrorGuestAgentStatusUnavailable' });
    h.connector.hold();
    h.sandbox.control.runPolicy(VAULT, POLICY);
    await h.sandbox.control.advanceClock(4 * 60);
    await h.connector.waitFor(() => h.connector.heldCount > 0, 30_000, 'the leader sending its first alert');
    const killedAt = Date.now();
    await leader.stop('SIGKILL');
    // What the dead leader had on the wire never reached Teams (its connection closes: the
    // connector drops the call); the survivors' calls go through.
    await h.connector.waitFor(() => h.connector.heldGone >= 1, 10_000, "the dead leader's connection to close");
    expect(h.connector.release()).toBeGreaterThanOrEqual(1);

    // During the failover: the digest falls due (18:00) and both approvers click Approve, on two replicas at once.
    await h.sandbox.control.advanceClock(2 * 60 + 1);
    const clicks = await Promise.all([
      h.click(followers[0], 'approvalApprove', { requestId }, MEGAN, OPS, request.resultId),
      h.click(followers[1], 'approvalApprove', { requestId }, NESTOR, OPS, request.resultId),
    ]);

    const newLeader = await h.waitForLeader((LEASE_SECONDS + LEASE_TICK_SECONDS + 5) * 1_000, followers);
    const takeoverMs = Date.now() - killedAt;
    console.log(`failover: ${newLeader.name} took the lead ${takeoverMs} ms after the leader was killed (lease ${LEASE_SECONDS} s, tick ${LEASE_TICK_SECONDS} s)`);
    // Polled every 100 ms from outside; two extra seconds for that and the lease calls on a loaded machine.
    expect(takeoverMs).toBeLessThanOrEqual((LEASE_SECONDS + LEASE_TICK_SECONDS + 2) * 1_000);
    // Each replica says on /healthz whether it leads, in agreement with the lease blob.
    const health = await Promise.all(followers.map(async (r) => (await (await fetch(`${r.url}/healthz`)).json()) as { leader: boolean; storage: string }));
    expect(health.map((b) => b.leader)).toEqual(followers.map((r) => r === newLeader));
    expect(health.every((b) => b.storage === 'blob')).toBe(true);

    // Everything arrives...
    await h.connector.waitFor(
      () => h.postedTitles(OPS).filter((t) => t.startsWith('Backup digest') || t.startsWith('Backup failed') || t.startsWith('Backup completed with warnings')).length >= 3 && h.postedTitles(DBA).length >= 1,
      60_000,
      'the alerts and the digest after the failover',
    );
    // ...and nothing more: a message the dead leader was sending goes again only once its mark
    // expires (2x the send timeout), so wait past that before counting.
    await pause((2 * SEND_TIMEOUT_SECONDS + LEASE_TICK_SECONDS) * 1_000);

    const proactiveTitles = (conversationId: string) => h.postedTitles(conversationId).filter((t) => /^Backup (digest|failed|completed with warnings)/.test(t));
    const proactive = (conversationId: string) => tally(proactiveTitles(conversationId));
    const arrived = [OPS, DBA].flatMap((c) => proactiveTitles(c).map((t) => `${c} ${t}`));
    const texts = clicks.map((card) => textOf(card));
    const puts = h.sandbox.control.requests().filter((r) => r.method === 'PUT' && /\/protectedItems\/.*;vm-web-03$/i.test(r.path));
    // The figures of this run for the closing note (issue 15), printed before they are asserted below.
    reportMeasure('replicas failover', {
      kills: 1,
      takeoverMs,
      leaseSeconds: LEASE_SECONDS,
      alerts: deliveryCounts(
        [`${OPS} Backup completed with warnings: vm-web-01`, `${OPS} Backup failed: vm-sql-01`, `${DBA} Backup failed: vm-sql-01`],
        arrived.filter((id) => !id.endsWith('Backup digest')),
      ),
      digests: deliveryCounts([`${OPS} Backup digest`], arrived.filter((id) => id.endsWith('Backup digest'))),
      approvals: { expected: 1, azureWrites: puts.length, clicksApproved: texts.filter((t) => t.includes('Protection of vm-web-03 is enabled')).length, clicksToldAlreadyApproved: texts.filter((t) => /already approved/.test(t)).length },
    });
    expect(proactive(OPS)).toEqual({ 'Backup completed with warnings: vm-web-01': 1, 'Backup failed: vm-sql-01': 1, 'Backup digest': 1 });
    expect(proactive(DBA)).toEqual({ 'Backup failed: vm-sql-01': 1 });

    // The approval: one click won, the other was told; Azure received one protection request.
    expect(texts.filter((t) => t.includes('Protection of vm-web-03 is enabled'))).toHaveLength(1);
    expect(texts.filter((t) => /already approved/.test(t))).toHaveLength(1);
    expect(puts).toHaveLength(1);
  });
});
