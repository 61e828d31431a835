// Command-line flags of `npm run sandbox` (and `tsx src/sandbox/generateEstate.ts`), parsed by hand:
// each flag takes one value; unknown flags and bad values give one clear sentence.

export class CliError extends Error {}

export type FlagKind = 'int' | 'number' | 'string' | 'date';

export function parseFlags(argv: string[], spec: Record<string, FlagKind>): Record<string, string | number> {
  const values: Record<string, string | number> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.startsWith('--') ? arg.slice(2).split(/=(.*)/s, 2) : [undefined, undefined];
    if (!name || !(name in spec)) throw new CliError(`Unknown option '${arg}'. Options: ${Object.keys(spec).map((flag) => `--${flag}`).join(', ')}.`);
    const raw = inline ?? argv[++i];
    if (raw === undefined || raw.startsWith('--')) throw new CliError(`--${name} needs a value.`);
    values[name] = convert(name, raw, spec[name]);
  }
  return values;
}

function convert(name: string, raw: string, kind: FlagKind): string | number {
  if (kind === 'string') return raw;
  if (kind === 'date') {
    if (Number.isNaN(Date.parse(raw))) throw new CliError(`--${name} expects an ISO date-time such as 2025-03-01T06:00:00Z (got '${raw}').`);
    return raw;
  }
  const value = Number(raw);
  if (!Number.isFinite(value) || (kind === 'int' && !Number.isInteger(value))) {
    throw new CliError(`--${name} expects ${kind === 'int' ? 'a whole number' : 'a number'} (got '${raw}').`);
  }
  return value;
}
