import type { VmFilterInput } from '../backup/vmFilter';

/** --subscription, --rg, --tag, --name as typed (strings only; a bare flag without a value is left out and checked by the parser). */
export function filterInputOf(flags: Record<string, string | true>): VmFilterInput {
  const input: VmFilterInput = {};
  for (const name of ['subscription', 'rg', 'tag', 'name'] as const) {
    const value = flags[name];
    if (typeof value === 'string') input[name] = value.trim();
  }
  return input;
}

/** The filter on a "Show more" / "Show previous" button: only what was given (an unfiltered list's buttons carry none). */
export function filterData(input: VmFilterInput | undefined): VmFilterInput {
  return filterFromData(input ?? {});
}

/** Back from a button's data: '' is "not given". */
export function filterFromData(data: Partial<Record<keyof VmFilterInput, string | undefined>>): VmFilterInput {
  const input: VmFilterInput = {};
  for (const name of ['subscription', 'rg', 'tag', 'name'] as const) {
    const value = data[name];
    if (value !== undefined && value !== '') input[name] = value;
  }
  return input;
}
