import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { COMMANDS } from '../../../src/registry/commandRegistry';
import type { CommandDefinition } from '../../../src/bot/commandTypes';
import { MANIFEST_DIR, bundledSchemaFile, fillManifest, readManifestTemplate, validateManifest, type ManifestJson } from '../../../scripts/appManifest';
import { MAX_DESCRIPTION_LENGTH, MAX_MENU_COMMANDS, MAX_TITLE_LENGTH, MENU_PRIORITY, commandLists, menuCommands } from '../../../scripts/manifestCommands';
import { decodePng } from '../../helpers/png';
import { readZip } from '../../helpers/zip';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..', '..');
const BOT_ID = '6e1b3a2c-1d7e-4a56-9a3b-2f0c4d5e6f70';

interface ManifestCommandList {
  scopes: string[];
  commands: Array<{ title: string; description: string }>;
}

const template = readManifestTemplate();
const bot = template.bots[0] as { botId: string; scopes: string[]; supportsFiles: boolean; commandLists: ManifestCommandList[] };

describe('manifest/manifest.json', () => {
  it('uses a current schema version that @microsoft/app-manifest ships offline', () => {
    expect(['1.19', '1.20', '1.21', '1.22']).toContain(template.manifestVersion);
    expect(template.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${template.manifestVersion}/MicrosoftTeams.schema.json`);
    expect(fs.existsSync(bundledSchemaFile(template.manifestVersion))).toBe(true);
  });

  it('validates against the bundled Teams schema once the bot id is filled in', async () => {
    const problems = await validateManifest(fillManifest(template, { botId: BOT_ID }));
    expect(problems).toEqual([]);
  });

  it('the schema check can fail: a manifest without developer and with a bad accent colour is refused', async () => {
    const broken = { ...fillManifest(template, { botId: BOT_ID }), accentColor: 'blue' } as ManifestJson;
    delete broken.developer;
    const problems = await validateManifest(broken);
    expect(problems.join('\n')).toMatch(/developer/);
    expect(problems.join('\n')).toMatch(/accentColor/);
  });

  it('declares one conversational bot in personal, team and group chat scopes, without files, with a {{BOT_ID}} placeholder', () => {
    expect(template.bots).toHaveLength(1);
    expect(bot.botId).toBe('{{BOT_ID}}');
    expect([...bot.scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot.supportsFiles).toBe(false);
  });

  it('fills the placeholders and refuses a bot id that is not a GUID', () => {
    const filled = fillManifest(template, { botId: BOT_ID.toUpperCase(), botDomain: 'https://backup-bot.azurewebsites.net/api/messages' });
    expect(filled.bots[0].botId).toBe(BOT_ID);
    expect(filled.validDomains).toContain('backup-bot.azurewebsites.net');
    expect(JSON.stringify(filled)).not.toMatch(/\{\{/);
    expect(fillManifest(template, { botId: BOT_ID }).validDomains).not.toContain('{{BOT_DOMAIN}}');
    expect(() => fillManifest(template, { botId: 'my-bot' })).toThrow(/MicrosoftAppId must be the bot registration's app id/);
    expect(() => fillManifest(template, { botId: BOT_ID, botDomain: 'not a host' })).toThrow(/BOT_DOMAIN/);
  });

  it('has a developer, names and descriptions a person can read', () => {
    const developer = template.developer as Record<string, string>;
    expect(developer.name).toBeTruthy();
    for (const url of [developer.websiteUrl, developer.privacyUrl, developer.termsOfUseUrl]) expect(url).toMatch(/^https:\/\//);
    expect((template.name as Record<string, string>).short).toMatch(/Backup/);
    expect((template.description as Record<string, string>).full).toMatch(/Approve/);
  });
});

describe('icons', () => {
  const icons = template.icons as { color: string; outline: string };

  it('color.png is a 192x192 opaque PNG (full-bleed background)', () => {
    const png = decodePng(fs.readFileSync(path.join(MANIFEST_DIR, icons.color)));
    expect([png.width, png.height]).toEqual([192, 192]);
    expect(png.pixels).toBeDefined();
    const alphas = new Set<number>();
    for (let i = 3; i < png.pixels!.length; i += 4) alphas.add(png.pixels![i]);
    expect([...alphas]).toEqual([255]);
  });

  it('outline.png is a 32x32 PNG, white on transparent only', () => {
    const png = decodePng(fs.readFileSync(path.join(MANIFEST_DIR, icons.outline)));
    expect([png.width, png.height]).toEqual([32, 32]);
    const pixels = png.pixels!;
    let opaque = 0;
    let transparent = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      const [r, g, b, a] = [pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]];
      if (a > 0) expect([r, g, b]).toEqual([255, 255, 255]);
      if (a === 255) opaque++;
      if (a === 0) transparent++;
    }
    // A real symbol: some solid strokes and a transparent background.
    expect(opaque).toBeGreaterThan(50);
    expect(transparent).toBeGreaterThan(32 * 32 * 0.4);
  });
});

describe('command menu', () => {
  it('matches the command registry (run `npx tsx scripts/sync-manifest.ts` after changing commands)', () => {
    expect(bot.commandLists).toEqual(commandLists(COMMANDS));
  });

  it('only offers registered commands, with their registry summary as description, within Teams limits', () => {
    const lists = bot.commandLists;
    expect(lists.length).toBeGreaterThan(0);
    for (const list of lists) {
      expect(list.commands.length).toBeLessThanOrEqual(MAX_MENU_COMMANDS);
      expect(list.commands.length).toBe(Math.min(COMMANDS.length, MAX_MENU_COMMANDS));
      for (const command of list.commands) {
        const registered = COMMANDS.find((c) => c.name === command.title);
        expect(registered).toBeDefined();
        expect(command.description).toBe(registered!.summary);
        expect(command.title.length).toBeLessThanOrEqual(MAX_TITLE_LENGTH);
        expect(command.description.length).toBeLessThanOrEqual(MAX_DESCRIPTION_LENGTH);
      }
    }
    expect(lists.flatMap((l) => l.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
  });

  const fake = (name: string, summary = `Does ${name}.`): CommandDefinition => ({ name, summary, usage: name, examples: [name], minRole: 'viewer', run: async () => ({ text: name }) });

  it('with more than 10 commands, keeps the 10 most useful: MENU_PRIORITY order first, then the others in registry order', () => {
    const registry = ['zeta', ...MENU_PRIORITY.slice().reverse(), 'alpha'].map((n) => fake(n));
    const menu = menuCommands(registry).map((c) => c.title);
    expect(menu).toEqual(MENU_PRIORITY.slice(0, MAX_MENU_COMMANDS));
    expect(menuCommands([fake('zeta'), fake('alpha'), fake('help')]).map((c) => c.title)).toEqual(['help', 'zeta', 'alpha']);
  });

  it('offers the life-cycle commands an operator needs daily (coverage, points) in every scope; channels get subscribe, personal chats policies', () => {
    const personal = bot.commandLists.find((l) => l.scopes.includes('personal'))!.commands.map((c) => c.title);
    const channel = bot.commandLists.find((l) => l.scopes.includes('team'))!.commands.map((c) => c.title);
    expect(bot.commandLists.find((l) => l.scopes.includes('groupChat'))!.commands.map((c) => c.title)).toEqual(channel);
    for (const list of [personal, channel]) expect(list).toEqual(expect.arrayContaining(['help', 'coverage', 'vms', 'check', 'protect', 'backup', 'jobs', 'points', 'vaults']));
    expect(channel).toContain('subscribe');
    expect(personal).toContain('policies');
  });

  it('refuses a summary Teams would cut', () => {
    expect(() => menuCommands([fake('help', 'x'.repeat(MAX_DESCRIPTION_LENGTH + 1))])).toThrow(/allows 128/);
  });
});

describe('npm run package (scripts/package.ts)', () => {
  let dir: string;
  const tsxCli = require.resolve('tsx/cli');
  const packageScript = path.join(ROOT, 'scripts', 'package.ts');
  // A clean environment and an empty working directory, so a developer's .env does not leak in.
  const env = (extra: Record<string, string>) => ({ PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...extra });

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-package-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a zip with the filled-in manifest and both icons', async () => {
    const out = path.join(dir, 'appPackage.zip');
    const { stdout } = await run(process.execPath, [tsxCli, packageScript, '--out', out], { cwd: dir, env: env({ MicrosoftAppId: BOT_ID, BOT_DOMAIN: 'backup-bot.example.net' }) });
    expect(stdout).toMatch(/appPackage\.zip/);
    const entries = readZip(fs.readFileSync(out));
    expect([...entries.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as ManifestJson;
    expect(manifest.bots[0].botId).toBe(BOT_ID);
    expect(manifest.validDomains).toContain('backup-bot.example.net');
    expect(JSON.stringify(manifest)).not.toMatch(/\{\{/);
    expect(manifest.bots[0].commandLists).toEqual(commandLists(COMMANDS));
    expect(await validateManifest(manifest)).toEqual([]);
    expect(entries.get('color.png')!.equals(fs.readFileSync(path.join(MANIFEST_DIR, 'color.png')))).toBe(true);
    expect(entries.get('outline.png')!.equals(fs.readFileSync(path.join(MANIFEST_DIR, 'outline.png')))).toBe(true);
  });

  it('stops with a clear message and exit code 2 when MicrosoftAppId is missing', async () => {
    const out = path.join(dir, 'missing.zip');
    const failure = await run(process.execPath, [tsxCli, packageScript, '--out', out], { cwd: dir, env: env({}) }).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toMatch(/MicrosoftAppId is not set/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
