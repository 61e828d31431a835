/**
 * Rewrites the command menu of manifest/manifest.json from the command registry. Run it
 * (`npx tsx scripts/sync-manifest.ts`) after adding or renaming a command; the manifest test
 * fails until the checked-in manifest matches the registry.
 */
import fs from 'node:fs';
import { COMMANDS } from '../src/registry/commandRegistry';
import { MANIFEST_FILE, readManifestTemplate } from './appManifest';
import { commandLists } from './manifestCommands';

const manifest = readManifestTemplate();
manifest.bots[0].commandLists = commandLists(COMMANDS);
fs.writeFileSync(MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`manifest/manifest.json: ${COMMANDS.length} registered commands, ${(manifest.bots[0].commandLists as Array<{ commands: unknown[] }>)[0].commands.length} in the menu`);
