import { armErrors } from '../http/arm';

// The small OData subset ARM list calls accept in $filter: `field eq 'value'` clauses joined by
// `and`. Anything else is a 400 with a sentence naming what is wrong.

export type EqFilter = Map<string, string>;

const CLAUSE = /^\s*([A-Za-z]+)\s+eq\s+'([^']*)'\s*$/;

export function parseEqFilter(text: string | null, allowedFields: readonly string[], describe: (problem: string) => string): EqFilter {
  const filter: EqFilter = new Map();
  if (text === null || text.trim() === '') return filter;
  const allowed = new Map(allowedFields.map((field) => [field.toLowerCase(), field]));
  for (const clause of text.split(/\s+and\s+/i)) {
    const match = CLAUSE.exec(clause);
    if (!match) throw armErrors.invalidInput(describe(`'${clause.trim()}' is not of the form field eq 'value'.`));
    const field = allowed.get(match[1].toLowerCase());
    if (!field) throw armErrors.invalidInput(describe(`'${match[1]}' cannot be filtered on (allowed: ${allowedFields.join(', ')}).`));
    if (filter.has(field)) throw armErrors.invalidInput(describe(`'${field}' appears more than once.`));
    filter.set(field, match[2]);
  }
  return filter;
}

/** Filters on backupManagementType keep Azure IaaS VM items only when asked for them (or not asked). */
export function wantsAzureIaasVm(filter: EqFilter): boolean {
  const type = filter.get('backupManagementType');
  return type === undefined || type.toLowerCase() === 'azureiaasvm';
}
