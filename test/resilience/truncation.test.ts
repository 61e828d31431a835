import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { startApp, type RunningApp } from '../../src/app';
import { createLogger } from '../../src/logger';
import { FileStorage, QUARANTINE_DIR } from '../../src/store/fileStorage';
import { ALEX, messageActivity, postActivity } from '../helpers/activities';
import { reportMeasure } from '../helpers/measures';
import { testConfig } from '../helpers/testConfig';
import { waitUntil } from './botChild';
import { ResilienceWorld } from './resilienceHarness';

// Every file the bot needs to keep alerting, damaged one at a time (truncated to half, as a full
// disk or a bad copy leaves it): the bot must start, hold its lease, watch, and deliver everything
// else, moving the damaged file aside with a log line. A "stop" is a run where anything did not flow.
const CONVERSATIONS = ['19:trunc-a@thread.tacv2', '19:trunc-b@thread.tacv2', '19:trunc-c@thread.tacv2'];

/** The twelve files, by key: the ones red-teamed in issue 11 first (queued alerts, the lease, the vault list). */
const TARGETS: Array<(key: string) => boolean> = [
  (k) => k === 'outbox/index',
  (k) => k === `outbox/item/seed:${CONVERSATIONS[0]}:0`,
  (k) => k === `outbox/item/seed:${CONVERSATIONS[1]}:0`,
  (k) => k === `outbox/item/seed:${CONVERSATIONS[2]}:1`,
  (k) => k === 'lease/notify',
  (k) => k === 'notify/watched-vaults',
  (k) => k === 'notify/subscriptions',
  (k) => k === 'conversation-index',
  (k) => k === `conversation/${CONVERSATIONS[0]}`,
  (k) => k.startsWith('notify/watch/') && k.includes('rsv-weu-prod'),
  (k) => k === 'approvals/open',
  (k) => k.startsWith('approvals/request/'),
];

jest.setTimeout(240_000);

describe('single-file truncations in DATA_DIR (issue 11 item 3)', () => {
  const world = new ResilienceWorld();
  let golden = '';
  beforeAll(async () => {
    await world.start();
    golden = world.dataDir;
    // A lived-in store: subscriptions, a conversation per channel, a pending approval, watch marks,
    // the lease, and queued messages (seeded while no bot runs).
    const app = await startApp(testConfig({ DATA_DIR: golden, SANDBOX_URL: world.sandbox.url, SANDBOX_CA_FILE: world.caFile }), { schedulers: false });
    for (const conversationId of CONVERSATIONS) await say(app, 'subscribe alerts', conversationId);
    await say(app, 'protect vm-web-03 --vault rsv-weu-prod --policy pol-weu-nightly', CONVERSATIONS[0]);
    await app.services.notify!.watcher.tick();
    await app.close();
    await world.seedOutbox(CONVERSATIONS, 2);
  });
  afterAll(() => world.stop());

  it('12 of 12 truncations: the bot starts, watches and delivers every other message; 0 stops', async () => {
    const keys = await new FileStorage(golden).listKeys('');
    const chosen = TARGETS.map((matches) => keys.find(matches));
    expect(chosen.filter((key) => key === undefined)).toEqual([]);
    const seeded = keys.filter((key) => key.startsWith('outbox/item/seed:')).map((key) => key.slice('outbox/item/'.length));
    expect(seeded).toHaveLength(6);

    const stops: string[] = [];
    for (const key of chosen as string[]) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'truncated-'));
      fs.cpSync(golden, dir, { recursive: true });
      fs.rmSync(path.join(dir, 'bot.lock'), { force: true });
      const storage = new FileStorage(dir);
      const file = storage.fileFor(key);
      fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
      const lines: Array<Record<string, unknown>> = [];
      world.connector.clear();
      const app = await startApp(testConfig({ DATA_DIR: dir, SANDBOX_URL: world.sandbox.url, SANDBOX_CA_FILE: world.caFile }), { schedulers: false, logger: captureLogger(lines) });
      try {
        // Commands answer (a channel the bot has not seen before: its reference is added to the index).
        const answered = await say(app, 'whoami', '19:trunc-new@thread.tacv2').then(
          () => true,
          () => false,
        );
        const report = await app.services.notify!.watcher.tick();
        // The truncated message itself may be gone (quarantined); everything else must arrive.
        const expected = seeded.filter((k) => `outbox/item/${k}` !== key);
        const flowed = await waitUntil(() => expected.every((k) => world.deliveries().has(k)), 20_000, `deliveries with ${key} truncated`).then(
          () => true,
          () => false,
        );
        const quarantined = lines.filter((line) => line.msg === 'storage: a stored file could not be read and was quarantined' && line.key === key);
        const aside = fs.existsSync(path.join(dir, QUARANTINE_DIR)) ? fs.readdirSync(path.join(dir, QUARANTINE_DIR)).length : 0;
        if (!answered || !flowed || report.failedVaults.length > 0 || quarantined.length !== 1 || aside !== 1) {
          stops.push(`${key}: answered=${answered} flowed=${flowed} failedVaults=${report.failedVaults.join(',')} logged=${quarantined.length} aside=${aside}`);
        }
      } finally {
        await app.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    reportMeasure('resilience: single-file truncations', { files: chosen.length, stops: stops.length });
    expect(stops).toEqual([]);
  });

  async function say(app: RunningApp, text: string, conversationId: string): Promise<void> {
    const activity = messageActivity(text, { serviceUrl: world.connector.url, from: ALEX, conversationId, conversationType: 'channel', mention: true });
    const res = await postActivity(app.url, activity);
    if (res.status !== 200) throw new Error(`POST /api/messages answered ${res.status}`);
    await waitUntil(() => world.connector.sent(conversationId).some((c) => c.body?.replyToId === activity.id), 30_000, `the reply to ${text}`);
  }
});

function captureLogger(lines: Array<Record<string, unknown>>) {
  const sink = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return createLogger('info', sink);
}
