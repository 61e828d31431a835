import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { estateJsonSchema } from './estateSchema';

// Regenerates estates/estate.schema.json from the zod schema: `tsx src/sandbox/estate/writeEstateSchema.ts`.
// A unit test fails when the committed file is out of date.

export const ESTATE_SCHEMA_FILE = path.join(__dirname, '..', 'estates', 'estate.schema.json');

export function estateSchemaText(): string {
  return `${JSON.stringify({ title: 'Azure Backup sandbox estate', ...estateJsonSchema() }, null, 2)}\n`;
}

if (require.main === module) {
  writeFileSync(ESTATE_SCHEMA_FILE, estateSchemaText());
  process.stdout.write(`wrote ${ESTATE_SCHEMA_FILE}\n`);
}
