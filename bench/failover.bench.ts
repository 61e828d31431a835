// Failover of the leader replica, measured over repeated kills:
//   takeover time (SIGKILL of the leader -> another replica holds the blob lease), against the
//   lease period measured in the same run as the baseline (ratio);
//   exactly-once counts: alerts expected, delivered once, duplicated, lost.
// Three bot processes on one Azurite and one sandbox (all separate processes from this driver).
// Unlike the integration test, the kill lands at a random moment (no connector hold), so a kill
// between Teams accepting a message and the outbox recording it shows up here as a duplicate.
// Run: npx tsx bench/failover.bench.ts [--kills N]   (default 5; about 30 s per kill)
import { ALEX } from '../test/helpers/activities';
import { LEASE_SECONDS, ReplicaHarness, pause } from '../test/integration/replicas/replicaHarness';

const OPS = '19:ops@thread.tacv2';
const VAULT = 'rsv-weu-prod';
const POLICY = 'pol-weu-nightly';
const FAILING_VMS = ['vm-sql-01', 'vm-web-01', 'vm-web-02'];

function killsFromArgs(): number {
  const at = process.argv.indexOf('--kills');
  const n = at >= 0 ? Number(process.argv[at + 1]) : 5;
  if (!Number.isInteger(n) || n < 1 || n > 50) throw new Error('--kills takes a whole number from 1 to 50');
  return n;
}

/** The posted alert cards, identified by their content (each job's card differs: times, job). */
function alertCards(h: ReplicaHarness): string[] {
  const titles = h.postedTitles(OPS);
  return h.connector
    .sent(OPS)
    .filter((_, i) => titles[i].startsWith('Backup failed'))
    .map((c) => JSON.stringify(c.body.attachments?.[0]?.content ?? c.body));
}

async function main(): Promise<void> {
  const kills = killsFromArgs();
  const h = await new ReplicaHarness('2026-03-20T12:00:00.000Z').start();
  const takeovers: number[] = [];
  try {
    let running = await h.startReplicas(3);
    await h.waitForLeader(10_000);
    await h.say(running[0], 'subscribe alerts --status failed', ALEX, OPS);
    await h.waitForWatcherBaseline(VAULT);

    for (let k = 1; k <= kills; k++) {
      for (const vm of FAILING_VMS) h.sandbox.control.setOutcome({ vm, status: 'Failed', errorCode: 'UserErrorGuestAgentStatusUnavailable' });
      h.sandbox.control.runPolicy(VAULT, POLICY);
      await h.sandbox.control.advanceClock(4 * 60);
      // Somewhere in the next watcher tick (2 s) and the sends that follow.
      await pause(Math.random() * 2_500);
      const leader = await h.waitForLeader(60_000, running);
      const killedAt = Date.now();
      await leader.stop('SIGKILL');
      const survivors = running.filter((r) => r !== leader);
      const replacement = h.spawnReplica();
      // Whoever tries first after the lease runs out wins: a survivor or the replacement.
      await h.waitForLeader(60_000, [...survivors, replacement]);
      takeovers.push(Date.now() - killedAt);
      running = [...survivors, await replacement.ready()];
      await h.connector.waitFor(() => new Set(alertCards(h)).size >= k * FAILING_VMS.length, 90_000, `the alerts of round ${k}`);
      process.stdout.write(`kill ${k}: takeover ${takeovers[k - 1]} ms\n`);
    }
    await pause(15_000);
    const cards = alertCards(h);
    const distinct = new Set(cards).size;
    const expected = kills * FAILING_VMS.length;
    const sorted = [...takeovers].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    console.log(`Takeover after SIGKILL over ${kills} kills: min ${sorted[0]} ms, median ${median} ms, max ${sorted[sorted.length - 1]} ms; lease period ${LEASE_SECONDS * 1_000} ms; median/lease ${(median / (LEASE_SECONDS * 1_000)).toFixed(2)}`);
    console.log(`Alerts: expected ${expected}, delivered ${distinct} distinct, ${cards.length - distinct} duplicates, ${expected - distinct} lost`);
  } finally {
    await h.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
