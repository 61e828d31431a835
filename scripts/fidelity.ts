import path from 'node:path';
import { loadRecordings } from '../test/fidelity/recording';
import { replayRecording, summaryLine, type ExchangeResult } from '../test/fidelity/replay';

// npm run fidelity -- <folder>: replays every recording file (*.json in the format of
// test/fixtures/azure-recordings/SOURCES.md, such as the bot's ARM_RECORD_DIR output) against the
// sandbox and prints each difference, then, last, `fidelity: N exchanges, M match, K differ`.
// Exit code 1 when K > 0 (2 when the folder cannot be read).

async function main(): Promise<number> {
  const folder = process.argv[2];
  if (!folder) {
    console.error('usage: npm run fidelity -- <folder of recordings>');
    return 2;
  }
  const recordings = loadRecordings(path.resolve(folder));
  const results: ExchangeResult[] = [];
  for (const recording of recordings) results.push(...(await replayRecording(recording)));
  const skipped = new Map<string, number>();
  for (const result of results) {
    if (result.skipped) skipped.set(result.skipped, (skipped.get(result.skipped) ?? 0) + 1);
    for (const difference of result.differences) console.log(`DIFFER ${result.file}#${result.seq ?? result.index} ${result.kind} (api ${result.apiVersion}): ${difference.kind} ${difference.path}: ${difference.detail}`);
  }
  const allowed = results.reduce((sum, result) => sum + result.allowed.length, 0);
  for (const [reason, count] of skipped) console.log(`not replayed: ${count} (${reason})`);
  console.log(`accepted differences (test/fidelity/allowlist.ts): ${allowed}`);
  const line = summaryLine(results);
  console.log(line);
  return /, 0 differ$/.test(line) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`fidelity: ${(error as Error).message}`);
    process.exit(2);
  },
);
