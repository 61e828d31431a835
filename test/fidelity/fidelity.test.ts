import path from 'node:path';
import { ALLOWED, SKIPPED_KINDS } from './allowlist';
import { compareExchange } from './compare';
import { loadRecordings, type RecordingFile } from './recording';
import { replayRecording, summaryLine } from './replay';

// Every recorded live-Azure exchange of a kind the bot uses, replayed against a sandbox seeded with
// the recording's own entities (sequences in recorded order, the sandbox clock following the
// recorded dates). Differences must be none, or listed with a reason in allowlist.ts.

const DIR = path.resolve(__dirname, '../fixtures/azure-recordings');
const recordings = loadRecordings(DIR);

describe('fidelity with the recorded Azure traffic', () => {
  // SOURCES.md's table: 171 + 36 + 4 + 30 + 73 = 314 (its text says 334).
  it('reads every recording of the folder (314 exchanges)', () => {
    expect(recordings.reduce((sum, file) => sum + file.exchanges.length, 0)).toBe(314);
  });

  it.each(recordings.map((recording) => [recording.file, recording] as const))('%s replays without a difference', async (_file, recording) => {
    const results = await replayRecording(recording);
    const replayed = results.filter((result) => !result.skipped);
    expect(replayed.length).toBeGreaterThan(0);
    const differing = replayed
      .filter((result) => result.differences.length > 0)
      .map((result) => `${result.file}#${result.seq ?? result.index} ${result.kind}: ${result.differences.map((d) => `${d.kind} ${d.path} (${d.detail})`).join('; ')}`);
    expect(differing).toEqual([]);
  });

  it('gives every allowlist entry a reason', () => {
    for (const entry of [...SKIPPED_KINDS, ...ALLOWED]) expect(entry.reason.length).toBeGreaterThan(20);
  });

  it('the comparison catches a wrong sentinel, a missing key, an invented key, a wrong type and a wrong status', () => {
    const recorded = { status: 200, headers: {}, body: { properties: { lastBackupTime: '2001-01-01T00:00:00Z', lastBackupStatus: '', errorCode: 400249 } } };
    expect(compareExchange(recorded, { status: 200, headers: {}, body: { properties: { lastBackupTime: '2001-01-01T00:00:00Z', lastBackupStatus: '', errorCode: 1 } } })).toEqual([]);
    const kinds = compareExchange(recorded, { status: 400, headers: {}, body: { properties: { lastBackupTime: null, errorCode: '400249', isUserTriggered: true } } }).map((d) => `${d.kind} ${d.path}`);
    expect(kinds).toEqual(['status status', 'type properties.lastBackupTime', 'missing properties.lastBackupStatus', 'type properties.errorCode', 'extra properties.isUserTriggered']);
    expect(compareExchange({ status: 202, headers: { 'retry-after': '60', location: 'x' }, body: '' }, { status: 202, headers: {}, body: '' }).map((d) => d.path)).toEqual(['location', 'retry-after']);
  });

  it('reports a recording the sandbox does not match (a tampered sentinel) as a difference', async () => {
    const scenario = recordings.find((recording) => recording.file === 'test_backup_scenario.json')!;
    const tampered: RecordingFile = JSON.parse(JSON.stringify(scenario)) as RecordingFile;
    const list = tampered.exchanges.find((exchange) => exchange.seq === 31)!;
    ((list.body as { value: Array<{ properties: Record<string, unknown> }> }).value[0].properties).lastBackupTime = '2022-05-16T14:28:23Z';
    const results = await replayRecording({ file: 'tampered.json', exchanges: tampered.exchanges.slice(0, tampered.exchanges.indexOf(list) + 1) });
    expect(summaryLine(results)).toMatch(/, 1 differ$/);
  });
});
