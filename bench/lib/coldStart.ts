import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { transformSync } from 'esbuild';
import { ROOT, rssMiBOf, spawnNode } from './processes';

// Cold start as production runs it: compiled JavaScript under plain node (no tsx), from spawn to
// the first 200 of GET /healthz. The bot runs `node dist/index.js` in azure mode (the sandbox is
// not needed there); the echo bot is compiled the same way (esbuild, the TypeScript compiler tsx uses).

const RUNS = 5;

export interface StartFigure {
  ms: number;
  rssMiB: number;
}

export async function coldStart(runs = RUNS): Promise<{ bot: StartFigure; echo: StartFigure }> {
  const build = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const echoJs = path.join(ROOT, 'bench', '.build', 'echoBot.js');
  fs.mkdirSync(path.dirname(echoJs), { recursive: true });
  const source = fs.readFileSync(path.join(ROOT, 'bench', 'processes', 'echoBot.ts'), 'utf8');
  fs.writeFileSync(echoJs, transformSync(source, { loader: 'ts', format: 'cjs', target: 'node20' }).code);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-start-'));
  const env = { AZURE_SUBSCRIPTION_IDS: '00000000-0000-4000-8000-000000000001', PORT: '0', DATA_DIR: dataDir, PLAYGROUND: 'off', LOG_LEVEL: 'info', AZURE_CLIENT_ID: '' };
  // Alternating starts (echo, bot, echo, bot, ...): on a shared machine the load of the moment weighs on both alike.
  const echoRuns: StartFigure[] = [];
  const botRuns: StartFigure[] = [];
  for (let i = 0; i < runs; i++) {
    echoRuns.push(await startOnce([echoJs], {}, /^LISTENING (\S+)/));
    botRuns.push(await startOnce([path.join(ROOT, 'dist', 'index.js')], env, /"url":"(http:[^"]+)".*"msg":"bot listening"/));
  }
  const bot = median(botRuns);
  const echo = median(echoRuns);
  return { bot, echo };
}

async function startOnce(args: string[], env: Record<string, string>, readyLine: RegExp): Promise<StartFigure> {
  const started = process.hrtime.bigint();
  const child = await spawnNode(args, { env, readyLine, timeoutMs: 60_000 });
  try {
    for (;;) {
      const ok = await fetch(`${child.ready}/healthz`).then((res) => res.ok, () => false);
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, rssMiB: rssMiBOf(child.pid) };
  } finally {
    await child.stop();
  }
}

function median(figures: StartFigure[]): StartFigure {
  const sorted = [...figures].sort((a, b) => a.ms - b.ms);
  return sorted[Math.floor(sorted.length / 2)];
}
