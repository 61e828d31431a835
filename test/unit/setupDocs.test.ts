import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config';

// Issue 13 item 12: what a newcomer copies from the docs must agree with what the bot does.
const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

function envExample(): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of read('.env.example').split('\n')) {
    const match = /^([A-Za-z_]+)=(.*)$/.exec(line.trim());
    if (match && match[2] !== '') values[match[1]] = match[2];
  }
  return values;
}

describe('documented settings', () => {
  it('copying .env.example as it is gives the built-in defaults (nothing silently changes)', () => {
    const env = envExample();
    expect(env.DEFAULT_TIMEZONE).toBe('UTC');
    const fromExample = loadConfig({ ...env, DATA_DIR: 'x' });
    const defaults = loadConfig({ DATA_DIR: 'x' });
    expect(fromExample).toEqual(defaults);
  });

  it('the README table gives the same default as .env.example for every setting it lists alone', () => {
    const env = envExample();
    const rows = read('README.md')
      .split('\n')
      .map((line) => /^\| `([A-Z_]+)` \| `?([^`|\s]+)`? \|/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null && match[1] in env);
    expect(rows.map((m) => m[1])).toEqual(expect.arrayContaining(['DEFAULT_TIMEZONE', 'DATA_DIR', 'WATCH_INTERVAL_SECONDS']));
    for (const [, name, value] of rows) expect({ name, value: value.trim() }).toEqual({ name, value: env[name] });
  });

  it('the CA file of the README\'s sandbox example is git-ignored', () => {
    expect(read('README.md')).toContain('--ca-file ca.pem');
    // check-ignore exits 0 when the path is ignored (and throws otherwise).
    expect(() => execFileSync('git', ['check-ignore', '-q', 'ca.pem'], { cwd: ROOT })).not.toThrow();
  });
});
