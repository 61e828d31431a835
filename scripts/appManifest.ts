import fs from 'node:fs';
import path from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

export const MANIFEST_DIR = path.resolve(__dirname, '..', 'manifest');
export const MANIFEST_FILE = path.join(MANIFEST_DIR, 'manifest.json');
export const ICON_FILES = ['color.png', 'outline.png'] as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(?=.{1,253}$)([a-z0-9*]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/i;

export type ManifestJson = Record<string, unknown> & { manifestVersion: string; bots: Array<Record<string, unknown>>; validDomains?: string[] };

export function readManifestTemplate(file = MANIFEST_FILE): ManifestJson {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ManifestJson;
}

/** The JSON schema `@microsoft/app-manifest` ships for this manifest version (no network needed). */
export function bundledSchemaFile(manifestVersion: string): string {
  const pkgDir = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  return path.join(pkgDir, 'build', 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
}

/**
 * Schema errors of a filled-in manifest; empty when valid. Same validator settings as
 * `AppManifestUtils.validateAgainstSchema` (draft-04, all errors, uri/email/regex formats):
 * that helper itself cannot load under jest (it pulls an ES-module-only dependency).
 */
export async function validateManifest(manifest: ManifestJson): Promise<string[]> {
  const schemaFile = bundledSchemaFile(manifest.manifestVersion);
  if (!fs.existsSync(schemaFile)) return [`no bundled schema for manifestVersion ${manifest.manifestVersion} (looked for ${schemaFile})`];
  const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
  const ajv = new Ajv04({ allErrors: true, strictTypes: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(schema);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

export interface FillOptions {
  /** The bot registration's Microsoft App Id (MicrosoftAppId). */
  botId: string;
  /** Public host name of the bot's messaging endpoint, e.g. backup-bot.azurewebsites.net (optional). */
  botDomain?: string;
}

/** Replaces the `{{BOT_ID}}` / `{{BOT_DOMAIN}}` placeholders; refuses values Teams would reject. */
export function fillManifest(template: ManifestJson, options: FillOptions): ManifestJson {
  if (!GUID.test(options.botId)) {
    throw new Error(`MicrosoftAppId must be the bot registration's app id (a GUID like 00000000-0000-0000-0000-000000000000), got "${options.botId}"`);
  }
  const domain = options.botDomain?.trim().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  if (domain && !HOST.test(domain)) throw new Error(`BOT_DOMAIN must be a host name such as backup-bot.azurewebsites.net, got "${options.botDomain}"`);
  const text = JSON.stringify(template).split('{{BOT_ID}}').join(options.botId.toLowerCase());
  const filled = JSON.parse(text) as ManifestJson;
  filled.validDomains = (filled.validDomains ?? []).flatMap((d) => (d === '{{BOT_DOMAIN}}' ? (domain ? [domain] : []) : [d]));
  const leftover = JSON.stringify(filled).match(/\{\{[A-Z_]+\}\}/);
  if (leftover) throw new Error(`manifest still holds the placeholder ${leftover[0]}`);
  return filled;
}
