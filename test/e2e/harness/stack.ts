import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator } from 'playwright-core';
import { startApp, type RunningApp } from '../../../src/app';
import { startPlayground, type RunningPlayground } from '../../../src/devPlayground';
import { createLogger } from '../../../src/logger';
import type { SandboxControl } from '../../../src/sandbox';
import { testConfig } from '../../helpers/testConfig';
import { PlaygroundPage, formatLogEntry } from './playgroundPage';
import { ALEX, MEGAN, PLAYGROUND_CONFIG_FILE, PLAYGROUND_USERS } from './users';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'];

/** How long one clock step waits for the bot to show its effect (its follow/watch intervals are 1 s in e2e). */
const STEP_WAIT_MS = 4000;

export interface StackOptions {
  /** Extra environment for the bot's configuration (e.g. { APPROVAL_TTL_HOURS: '1' }). */
  env?: Record<string, string>;
  /** Browser viewport; the default fits a card and the log panel. */
  viewport?: { width: number; height: number };
}

/** Everything one e2e file runs against: sandbox + bot (in this process), Playground (child), Chromium. */
export interface E2eStack {
  app: RunningApp;
  /** The sandbox's control surface: advance the clock, set job outcomes, inject faults. */
  sandbox: SandboxControl;
  playground: RunningPlayground;
  browser: Browser;
  pg: PlaygroundPage;
  dataDir: string;
  /** The bot's JSON log lines so far. */
  botLog(): string;
  /**
   * Runs one scenario: on success saves test-results/e2e/<name>.png; on failure saves
   * <name>-failure.png and prints the Playground's log panel, the bot's log and the Playground's output.
   */
  scenario(name: string, fn: (pg: PlaygroundPage) => Promise<void>): Promise<void>;
  /**
   * Moves the sandbox clock `stepMinutes` at a time until the card shows `text` (the bot's
   * follower/watcher picks each step up on its own interval); fails after `maxMinutes`.
   */
  advanceUntil(text: string | RegExp, options: { card?: Locator; stepMinutes?: number; maxMinutes?: number }): Promise<Locator>;
  close(): Promise<void>;
}

/** Starts the sandbox and the bot (startApp), the Playground pointed at the bot, and Chromium on the Playground. */
export async function startE2eStack(options: StackOptions = {}): Promise<E2eStack> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  const cleanups: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err) => console.error('e2e teardown:', err));
    cleanups.length = 0;
  };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-bot-'));
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const logLines: string[] = [];

  try {
    const config = testConfig({
      DATA_DIR: dataDir,
      OPERATORS: ALEX.aadObjectId,
      APPROVERS: MEGAN.aadObjectId,
      LOG_LEVEL: 'debug',
      // The bot polls jobs and the watcher lists them every second, so the cards follow the sandbox clock quickly.
      JOB_FOLLOW_INTERVAL_SECONDS: '1',
      WATCH_INTERVAL_SECONDS: '1',
      ...options.env,
    });
    const logger = createLogger(config.logLevel, { write: (line: string) => void logLines.push(line.trimEnd()) });
    const app = await startApp(config, { logger });
    cleanups.push(() => app.close());
    const sandbox = app.sandbox?.handle?.control;
    if (sandbox === undefined) throw new Error('e2e needs the in-process sandbox (sandbox mode without SANDBOX_URL)');

    const playground = await startPlayground({
      botUrl: app.url,
      port: 0,
      configFile: PLAYGROUND_CONFIG_FILE,
      logFile: path.join(dataDir, 'playground.log'),
    });
    if (playground === undefined) throw new Error('@microsoft/m365agentsplayground is not installed (npm install)');
    cleanups.push(() => playground.stop());
    await checkPlaygroundUsers(playground.url);

    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    cleanups.push(() => browser.close());
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 1000 } });
    const pg = new PlaygroundPage(await context.newPage(), playground.url);
    await pg.open();

    const botLog = () => logLines.join('\n');
    return {
      app,
      sandbox,
      playground,
      browser,
      pg,
      dataDir,
      botLog,
      close,
      async advanceUntil(text, { card, stepMinutes = 10, maxMinutes = 6 * 60 }) {
        for (let moved = 0; ; moved += stepMinutes) {
          try {
            return await pg.waitForCardText(text, card, STEP_WAIT_MS);
          } catch (err) {
            if (moved >= maxMinutes) throw new Error(`after ${moved} simulated minutes: ${(err as Error).message}`, { cause: err });
          }
          await sandbox.advanceClock(stepMinutes);
        }
      },
      async scenario(name, fn) {
        try {
          await fn(pg);
          await pg.screenshot(name);
        } catch (err) {
          await pg.screenshot(`${name}-failure`).catch(() => undefined);
          console.error(
            [
              `e2e scenario "${name}" failed: ${(err as Error).message}`,
              '--- Playground log panel ---',
              await pg.logPanelText(),
              '--- Playground log stream ---',
              pg.log.map(formatLogEntry).join('\n'),
              '--- bot log (last 150 lines) ---',
              logLines.slice(-150).join('\n'),
              '--- Playground output (tail) ---',
              playground.output().slice(-3000),
            ].join('\n'),
          );
          throw err;
        }
      },
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The bot's role settings assume the users of .m365agentsplayground.yml; fail early if the file drifted. */
async function checkPlaygroundUsers(playgroundUrl: string): Promise<void> {
  const res = await fetch(`${playgroundUrl}/_internal/v1/config`);
  const { config } = (await res.json()) as { config: { currentUser: { id: string; aadObjectId: string }; users: Array<{ id: string; aadObjectId: string }> } };
  const known = [config.currentUser, ...config.users];
  for (const user of PLAYGROUND_USERS) {
    const match = known.find((u) => u.id === user.id);
    if (match?.aadObjectId !== user.aadObjectId) {
      throw new Error(`.m365agentsplayground.yml does not define ${user.name} as ${user.id} / ${user.aadObjectId} (test/e2e/harness/users.ts)`);
    }
  }
  if (config.currentUser.id !== ALEX.id) throw new Error('.m365agentsplayground.yml: currentUser must be Alex Wilber (the operator)');
}
