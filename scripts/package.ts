/**
 * `npm run package`: writes build/appPackage.zip (manifest.json + the two icons) for
 * uploading to Teams. The bot id comes from MicrosoftAppId (environment or .env), the
 * command menu from the command registry. Options: --out <file>.
 */
import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { COMMANDS } from '../src/registry/commandRegistry';
import { ICON_FILES, MANIFEST_DIR, fillManifest, readManifestTemplate, validateManifest } from './appManifest';
import { commandLists } from './manifestCommands';

export const DEFAULT_PACKAGE_FILE = path.resolve(__dirname, '..', 'build', 'appPackage.zip');

export interface PackageOptions {
  botId: string;
  botDomain?: string;
  outFile?: string;
}

export interface PackageResult {
  file: string;
  entries: string[];
  bytes: number;
}

export async function buildAppPackage(options: PackageOptions): Promise<PackageResult> {
  const manifest = fillManifest(readManifestTemplate(), { botId: options.botId, botDomain: options.botDomain });
  manifest.bots[0].commandLists = commandLists(COMMANDS);
  const problems = await validateManifest(manifest);
  if (problems.length > 0) throw new Error(`manifest/manifest.json does not match the Teams schema:\n  ${problems.join('\n  ')}`);

  const outFile = path.resolve(options.outFile ?? DEFAULT_PACKAGE_FILE);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  // archiver 8 is an ES module; a dynamic import loads it from this CommonJS script.
  const { ZipArchive } = await import('archiver');
  const zip = new ZipArchive({ zlib: { level: 9 } });
  const output = fs.createWriteStream(outFile);
  const written = new Promise<void>((resolve, reject) => {
    output.on('close', resolve);
    output.on('error', reject);
    zip.on('error', reject);
  });
  zip.pipe(output);
  zip.append(`${JSON.stringify(manifest, null, 2)}\n`, { name: 'manifest.json' });
  for (const icon of ICON_FILES) zip.file(path.join(MANIFEST_DIR, icon), { name: icon });
  await zip.finalize();
  await written;
  return { file: outFile, entries: ['manifest.json', ...ICON_FILES], bytes: fs.statSync(outFile).size };
}

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
}

async function main(): Promise<number> {
  dotenv.config({ quiet: true });
  const botId = process.env.MicrosoftAppId?.trim() ?? '';
  if (botId === '') {
    console.error('MicrosoftAppId is not set: put the bot registration\'s app id (a GUID) in the environment or .env, then run npm run package again.');
    return 2;
  }
  try {
    const result = await buildAppPackage({ botId, botDomain: process.env.BOT_DOMAIN, outFile: argValue(process.argv.slice(2), '--out') });
    console.log(`wrote ${path.relative(process.cwd(), result.file) || result.file} (${result.bytes} bytes: ${result.entries.join(', ')})`);
    return 0;
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
}

if (require.main === module) {
  main().then((code) => {
    process.exitCode = code;
  });
}
