import { InvalidInputError } from '../../../src/backup/backupError';
import { normalRegion, parseRedundancy, vaultCreateNameProblem } from '../../../src/backup/lifecycle/vaultCreate';

// The vault rules of docs/design.md ("Vaults, policies"), checked before anything reaches Azure.

describe('vault names', () => {
  it.each(['ab', 'rsv-weu-prod', 'A1', `a${'b'.repeat(49)}`, 'Vault-2-'])('accepts %s', (name) => {
    expect(vaultCreateNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['a', 'has 1 characters: a vault name has 2 to 50'],
    [`a${'b'.repeat(50)}`, 'has 51 characters'],
    ['1abc', 'does not start with a letter'],
    ['-abc', 'does not start with a letter'],
    ['rsv.weu', 'contains "."'],
    ['rsv weu', 'contains a space'],
    ['rsvé', 'contains "é"'],
  ])('refuses %s with a sentence naming the rule', (name, sentence) => {
    expect(vaultCreateNameProblem(name)).toContain(sentence);
  });
});

describe('redundancy and region words', () => {
  it('GRS by default; GRS, LRS, ZRS and the Azure names in any case', () => {
    expect(parseRedundancy(undefined)).toBe('GeoRedundant');
    expect(parseRedundancy('lrs')).toBe('LocallyRedundant');
    expect(parseRedundancy('ZRS')).toBe('ZoneRedundant');
    expect(parseRedundancy('GeoRedundant')).toBe('GeoRedundant');
    expect(() => parseRedundancy('RA-GRS')).toThrow(InvalidInputError);
  });

  it('"West Europe" is westeurope', () => {
    expect(normalRegion('West Europe')).toBe('westeurope');
  });
});
