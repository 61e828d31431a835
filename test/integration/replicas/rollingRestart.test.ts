import { ALEX } from '../../helpers/activities';
import { reportMeasure, tally } from '../../helpers/measures';
import { LEASE_TICK_SECONDS, ReplicaHarness, SEND_TIMEOUT_SECONDS, pause } from './replicaHarness';

// A rolling deploy: two replicas; three times, the oldest stops cleanly (SIGTERM, as App Service
// and Container Apps stop an instance) right as jobs end and a new one starts. Nothing the users
// subscribed to may be lost or duplicated across the restarts.
jest.setTimeout(240_000);

const OPS = '19:ops@thread.tacv2';
const VAULT = 'rsv-weu-prod';
const POLICY = 'pol-weu-nightly';
const START = '2026-03-20T12:00:00.000Z';
const ROUNDS = 3;

describe('rolling restart of two replicas on Azure Blob Storage', () => {
  const h = new ReplicaHarness(START);

  beforeAll(async () => {
    await h.start();
  });
  afterAll(() => h.stop());

  it('loses and duplicates no alert or digest while replicas are stopped and started one by one', async () => {
    let running = await h.startReplicas(2);
    await h.waitForLeader(10_000);
    await h.say(running[0], 'subscribe alerts --status failed', ALEX, OPS);
    // Due at 22:00: in the third round (the sandbox clock goes 12:00 -> 16:00 -> 20:00 -> 00:00).
    await h.say(running[1], 'subscribe digest daily 22:00 UTC', ALEX, OPS);
    await h.waitForWatcherBaseline(VAULT);

    for (let round = 1; round <= ROUNDS; round++) {
      h.sandbox.control.setOutcome({ vm: 'vm-sql-01', status: 'Failed', errorCode: 'UserErrorGuestAgentStatusUnavailable' });
      h.sandbox.control.runPolicy(VAULT, POLICY);
      await h.sandbox.control.advanceClock(4 * 60);
      // Stop the oldest as the jobs end (it may be watching or sending), start a new one.
      const [oldest, ...rest] = running;
      const replacement = h.spawnReplica();
      await oldest.stop('SIGTERM');
      running = [...rest, await replacement.ready()];
      await h.connector.waitFor(() => failures(h).length >= round, 60_000, `the failure alert of round ${round}`);
    }
    await h.connector.waitFor(() => h.postedTitles(OPS).includes('Backup digest'), 60_000, 'the digest');
    // Wait past any 'sending' mark (2x the send timeout) and a lease tick before counting.
    await pause((2 * SEND_TIMEOUT_SECONDS + LEASE_TICK_SECONDS) * 1_000);

    // The figures of this run for the closing note (issue 15): each alert identified by its card (the jobs differ).
    const alertIds = failures(h).map((c) => JSON.stringify(c.body.attachments?.[0]?.content?.body ?? c.body));
    const distinct = new Set(alertIds).size;
    reportMeasure('replicas rolling restart', {
      restarts: ROUNDS,
      alerts: { expected: ROUNDS, delivered: Math.min(distinct, ROUNDS), duplicates: alertIds.length - distinct, lost: Math.max(0, ROUNDS - distinct) },
      digests: { expected: 1, arrived: h.postedTitles(OPS).filter((t) => t === 'Backup digest').length },
    });
    expect(failures(h)).toHaveLength(ROUNDS);
    // One alert per job: the alerts name distinct jobs (no job alerted twice).
    expect(new Set(failures(h).map((c) => JSON.stringify(c.body.attachments?.[0]?.content?.body ?? c.body))).size).toBe(ROUNDS);
    expect(tally(h.postedTitles(OPS).filter((t) => t === 'Backup digest'))).toEqual({ 'Backup digest': 1 });
    expect(await h.leader()).toBeDefined();
  });
});

function failures(h: ReplicaHarness) {
  return h.connector.sent(OPS).filter((_, i) => h.postedTitles(OPS)[i] === 'Backup failed: vm-sql-01');
}
