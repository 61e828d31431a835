// `npm run bench`: runs every bench/*.bench.ts one after the other (each prints its own ratios
// against a baseline measured in the same run). Figures are recorded in bench/README.md.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = __dirname;
const tsx = path.join(dir, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
// `npm run bench -- --only floor` runs bench/floor.bench.ts alone; other flags go to every bench.
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt > 0 ? process.argv[onlyAt + 1] : undefined;
const passed = onlyAt > 0 ? [...process.argv.slice(2, onlyAt), ...process.argv.slice(onlyAt + 2)] : process.argv.slice(2);
const benches = fs
  .readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts') && (only === undefined || file === `${only}.bench.ts`))
  .sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n== ${file}`);
  const result = spawnSync(process.execPath, [tsx, path.join(dir, file), ...passed], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
