import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config';
import { ALEX, MEGAN } from './activities';

/** A config for tests: port 0, a fresh data dir, Alex as operator and Megan as approver, no Playground. */
export function testConfig(env: Record<string, string> = {}): Config {
  const dataDir = env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bot-data-'));
  return loadConfig({
    PORT: '0',
    SANDBOX_PORT: '0',
    SANDBOX_SPEED: '0',
    DATA_DIR: dataDir,
    OPERATORS: ALEX.aadObjectId,
    APPROVERS: MEGAN.aadObjectId,
    PLAYGROUND: 'off',
    LOG_LEVEL: 'silent',
    JOB_FOLLOW_INTERVAL_SECONDS: '1',
    ...env,
  });
}
