import { Writable } from 'node:stream';
import { createLogger } from '../../../src/logger';
import { watchKey, type VaultWatchState } from '../../../src/notify/jobWatcher';
import { readItem, writeItem } from '../../../src/store/storeHelpers';
import { ALEX } from '../../helpers/activities';
import { NotifyHarness, cardOf, textOf } from './notifyHarness';

const OPS = '19:ops@thread.tacv2';

describe('a watcher watermark ahead of the service clock (issue 13.2)', () => {
  const lines: Array<Record<string, unknown>> = [];
  let h: NotifyHarness;

  beforeAll(async () => {
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    h = await new NotifyHarness({ logger: createLogger('info', sink) }).start();
    await h.say('subscribe alerts', ALEX, OPS);
    await h.notify.watcher.tick();
  });
  afterAll(() => h.stop());

  it('never stops the watcher: it says so once, watches from the service now and still alerts', async () => {
    // As after a restart where data/ kept its marks but the sandbox went back to its seed (or a
    // store restored from a later backup, or clock skew): every vault's mark is two days ahead.
    const storage = h.app.services.storage;
    const vaults = await h.notify.backup.listVaults();
    const ahead = new Date(h.sandbox.now().getTime() + 2 * 24 * 3_600_000).toISOString();
    for (const vault of vaults) {
      const state = (await readItem<VaultWatchState>(storage, watchKey(vault.id)))!;
      await writeItem(storage, watchKey(vault.id), { ...state, watermark: ahead, seen: { ...state.seen, 'job-from-the-future': Date.parse(ahead) } });
    }

    const first = await h.notify.watcher.tick();
    expect(first.failedVaults).toEqual([]);
    const told = lines.filter((line) => String(line.msg).includes('watermark is ahead'));
    expect(told).toHaveLength(vaults.length);
    expect(told[0]).toMatchObject({ watermark: ahead, serviceNow: h.sandbox.now().toISOString(), aheadMinutes: 2 * 24 * 60 });
    for (const vault of vaults) {
      const state = (await readItem<VaultWatchState>(storage, watchKey(vault.id)))!;
      expect(Date.parse(state.watermark)).toBeLessThanOrEqual(h.sandbox.now().getTime());
      expect(state.seen['job-from-the-future']).toBeUndefined();
    }

    // Business as usual afterwards: a failure is alerted, and nothing more is said about the clock.
    h.sandbox.setOutcome({ vm: 'vm-app-01', status: 'Failed', errorCode: 'UserErrorGuestAgentStatusUnavailable' });
    h.sandbox.runPolicy('rsv-weu-dev', 'pol-dev-daily');
    await h.advance(4 * 60);
    const second = await h.notify.watcher.tick();
    expect(second.failedVaults).toEqual([]);
    expect(second.alertsQueued).toBe(1);
    await h.drain();
    expect(h.proactive(OPS).filter((c) => textOf(cardOf(c)).includes('Backup failed: vm-app-01'))).toHaveLength(1);
    expect(lines.filter((line) => String(line.msg).includes('watermark is ahead'))).toHaveLength(vaults.length);
    expect(lines.filter((line) => String(line.msg).includes('could not check this vault'))).toEqual([]);
  });

  it("logs a vault it could not check once, with Azure's message once (not doubled by the error's cause)", async () => {
    h.sandbox.setFaults({ share: 1, status: 403, pathContains: 'backupJobs', count: 1 });
    const report = await h.notify.watcher.tick();
    h.sandbox.clearFaults();
    expect(report.failedVaults).toHaveLength(1);
    const [line] = lines.filter((l) => String(l.msg).includes('could not check this vault'));
    expect(line).toMatchObject({ vault: report.failedVaults[0], code: 'AuthorizationFailed', status: 403 });
    const message = String(line.error);
    const sentence = message.slice(0, 40);
    expect(message.split(sentence)).toHaveLength(2);
    expect(JSON.stringify(line)).not.toMatch(/bearer|authorization:/i);
  });
});
