import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

// Starts the Microsoft 365 Agents Playground (a dev dependency) as a child process pointed at
// the bot: a Teams-like web client with a mock Bot Connector at /_connector. Used by `npm start`
// in sandbox mode and by the end-to-end tests. Only Node built-ins here: a production install
// (--omit=dev) has no Playground, and then this returns undefined with a log line.

export interface PlaygroundOptions {
  /** The bot's base URL, e.g. http://127.0.0.1:3978 (the Playground posts to <botUrl>/api/messages). */
  botUrl: string;
  /** Port for the web client; 0 picks a free one. The Playground itself falls back to a random port when busy. */
  port: number;
  /** The mock Teams context (.m365agentsplayground.yml): users, team, channel, group chat. */
  configFile?: string;
  /** Where the Playground writes its own log (it defaults to ./devTools/ otherwise). */
  logFile?: string;
  /** Give up when the Playground does not answer within this time. */
  startTimeoutMs?: number;
  logger?: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
}

export interface RunningPlayground {
  /** Open this in a browser. */
  url: string;
  port: number;
  /** Process id (and process group id) of the Playground. */
  pid: number | undefined;
  /** Everything the Playground printed (stdout and stderr), for diagnostics. */
  output(): string;
  /** Stops the Playground and every process it started. */
  stop(): Promise<void>;
}

const PACKAGE_CLI = '@microsoft/m365agentsplayground/cli.js';
const LISTENING = /Listening on (\d+)/;
const MAX_OUTPUT = 200_000;

/** Path of the Playground's CLI, or undefined when the package is not installed. */
export function playgroundCli(): string | undefined {
  try {
    return require.resolve(PACKAGE_CLI);
  } catch {
    return undefined;
  }
}

export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground | undefined> {
  const cli = playgroundCli();
  if (cli === undefined) {
    options.logger?.warn({}, 'Agents Playground not installed (dev dependency @microsoft/m365agentsplayground); running the bot alone');
    return undefined;
  }
  const args = [cli, '-e', `${options.botUrl.replace(/\/+$/, '')}/api/messages`, '-c', 'msteams', '-p', String(options.port), '--dt'];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEAMSAPPTESTER_BROWSER: 'none',
    M365_AGENTS_PLAYGROUND_LOGFILE: options.logFile ?? path.join(os.tmpdir(), `m365agentsplayground-${process.pid}.log`),
  };
  if (options.configFile !== undefined) env.M365_AGENTS_PLAYGROUND_CONFIG_PATH = path.resolve(options.configFile);

  // Its own process group, so stop() also ends anything the Playground spawns.
  const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-MAX_OUTPUT);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const killOnExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    await stopChild(child);
  };

  try {
    const port = await waitForPort(child, () => output, options.startTimeoutMs ?? 30_000);
    // The web page is served at once, but the Playground answers its API (and so the page works)
    // only once it has reached the bot's endpoint.
    await waitForHttp(`http://127.0.0.1:${port}/_internal/v1/config`, options.startTimeoutMs ?? 30_000, `the Playground is up on port ${port} but could not reach the bot at ${args[2]}`);
    const url = `http://localhost:${port}`;
    options.logger?.info({ url }, 'Agents Playground ready');
    return { url, port, pid: child.pid, output: () => output, stop };
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\nPlayground output:\n${output.slice(-4000)}`, { cause: err });
  }
}

function waitForPort(child: ChildProcess, output: () => string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`Agents Playground did not start within ${timeoutMs} ms`)), timeoutMs);
    const onData = () => {
      const match = LISTENING.exec(output());
      if (match) done(undefined, Number(match[1]));
    };
    const onExit = (code: number | null, signal: string | null) => done(new Error(`Agents Playground exited before it was ready (code ${code}, signal ${signal})`));
    function done(err?: Error, port?: number) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(port as number);
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    onData();
  });
}

async function waitForHttp(url: string, timeoutMs: number, problem: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await answers(url)) return;
    if (Date.now() > deadline) throw new Error(`Agents Playground not ready after ${timeoutMs} ms: ${problem}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 500);
    });
    req.setTimeout(2000, () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}
