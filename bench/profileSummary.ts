// Summarises a V8 .cpuprofile (node --cpu-prof) as text small enough to keep in the repo: self time
// per package (or per file of ours) and the top functions by self time. Used for the profiles under
// bench/profiles/ that show where a goal of issue 16 is lost.
// Run: npx tsx bench/profileSummary.ts <file.cpuprofile> [--top 25] [--from <function name>]
//   --from NAME   only samples whose stack passes through a function called NAME (e.g. one command's handler)
//   --skip-ms N   leave out the first N ms of the profile (start-up, warm-up rounds)
//   --until-ms N  leave out what comes N ms after the profile started
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const file = process.argv[2];
if (!file) {
  console.error('usage: npx tsx bench/profileSummary.ts <file.cpuprofile> [--top N] [--from NAME]');
  process.exit(2);
}
const option = (name: string) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : undefined);
const TOP = Number(option('top') ?? 25);
const FROM = option('from');
const SKIP_MS = Number(option('skip-ms') ?? 0);
const UNTIL_MS = Number(option('until-ms') ?? Infinity);

const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

/** Where a function lives: the npm package, our own file (src/...), or node's internals. */
function ownerOf(url: string): string {
  if (url === '') return '(native / V8)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.startsWith('node:')) return 'node internals';
  const ours = /\/(src|dist|bench|test)\/(.*)$/.exec(url);
  return ours ? `${ours[1]}/${ours[2]}` : url;
}

function passesThrough(id: number, name: string): boolean {
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) if (byId.get(at)?.callFrame.functionName === name) return true;
  return false;
}

const selfMs = new Map<number, number>();
let totalMs = 0;
let elapsedMs = 0;
profile.samples.forEach((id, i) => {
  const ms = (profile.timeDeltas[i] ?? 0) / 1000;
  elapsedMs += ms;
  if (elapsedMs < SKIP_MS || elapsedMs >= UNTIL_MS) return;
  if (FROM !== undefined && !passesThrough(id, FROM)) return;
  selfMs.set(id, (selfMs.get(id) ?? 0) + ms);
  totalMs += ms;
});

const byOwner = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, ms] of selfMs) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  if (functionName === '(idle)') continue;
  const owner = ownerOf(url);
  byOwner.set(owner, (byOwner.get(owner) ?? 0) + ms);
  const key = `${functionName || '(anonymous)'}  ${owner}${url ? `:${lineNumber + 1}` : ''}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
}
const idle = [...selfMs].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((sum, [, ms]) => sum + ms, 0);
const busy = totalMs - idle;
const rows = (map: Map<string, number>) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .map(([name, ms]) => `${ms.toFixed(1).padStart(9)} ms ${((100 * ms) / Math.max(busy, 1e-9)).toFixed(1).padStart(5)} %  ${name}`);

console.log(`profile ${file.split('/').pop()}${FROM ? `, samples under ${FROM}` : ''}${SKIP_MS ? `, from ${SKIP_MS} ms` : ''}${Number.isFinite(UNTIL_MS) ? ` to ${UNTIL_MS} ms` : ''}: ${busy.toFixed(0)} ms busy, ${idle.toFixed(0)} ms idle`);
console.log('\nself time by package / file:');
console.log(rows(byOwner).join('\n'));
console.log('\ntop functions by self time:');
console.log(rows(byFunction).join('\n'));
