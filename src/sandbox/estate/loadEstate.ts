import { readFileSync } from 'node:fs';
import path from 'node:path';
import { estateSchema, type Estate, type EstateInput } from './estateSchema';

export class EstateError extends Error {}

// Resolved from the project root so it works from src/ (tsx, tests) and from dist/ (npm start),
// which sit at the same depth; tsc does not copy JSON files into dist/.
export const DEFAULT_ESTATE_FILE = path.resolve(__dirname, '..', '..', '..', 'src', 'sandbox', 'estates', 'default.json');

/** Reads and validates an estate given as an object, a JSON file path, or nothing (the default estate). */
export function loadEstate(source?: EstateInput | Estate | string): Estate {
  const raw = typeof source === 'string' || source === undefined ? readEstateFile(source ?? DEFAULT_ESTATE_FILE) : source;
  const parsed = estateSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 10).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new EstateError(`Invalid sandbox estate:\n${problems.join('\n')}`);
  }
  return parsed.data;
}

function readEstateFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new EstateError(`Cannot read the sandbox estate file ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new EstateError(`The sandbox estate file ${file} is not valid JSON: ${(error as Error).message}`);
  }
}
