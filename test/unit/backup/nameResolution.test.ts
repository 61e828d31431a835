import { AmbiguousNameError, InvalidInputError, NotFoundError } from '../../../src/backup/backupError';
import { parseVmQuery, resolveVaultQuery, resolveVmQuery } from '../../../src/backup/nameResolution';
import { resolvePolicies } from '../../../src/backup/policyLookup';
import { resolvePolicyTimes } from '../../../src/backup/policyTimes';
import type { PolicyView } from '../../../src/backup/views';

const SUB = '00000000-0000-0000-0000-000000000001';
const SUB2 = '00000000-0000-0000-0000-000000000002';
const vm = (rg: string, name: string, sub = SUB) => ({ name, resourceGroup: rg, subscriptionId: sub, id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}` });
const vms = [vm('rg-web', 'vm-web-01'), vm('rg-files', 'vm-files-01'), vm('rg-files-dr', 'vm-files-01'), vm('rg-x', 'twin'), vm('rg-x', 'twin', SUB2)];

describe('VM queries', () => {
  it('parses the three forms without looking anything up', () => {
    expect(parseVmQuery(' vm-web-01 ')).toEqual({ form: 'name', name: 'vm-web-01' });
    expect(parseVmQuery('rg-web/vm-web-01')).toEqual({ form: 'rg-name', resourceGroup: 'rg-web', name: 'vm-web-01' });
    expect(parseVmQuery(vms[0].id)).toMatchObject({ form: 'id', resourceGroup: 'rg-web', name: 'vm-web-01' });
  });

  it.each(['', '   ', 'vm web', 'rg/', '/vm', 'rg/vm/extra', 'rg./vm', `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/disks/d`])('refuses %p', (query) => {
    expect(() => parseVmQuery(query)).toThrow(InvalidInputError);
  });

  it('resolves by name, resourceGroup/name and id, ignoring case', () => {
    expect(resolveVmQuery('VM-WEB-01', vms)).toBe(vms[0]);
    expect(resolveVmQuery('RG-FILES-DR/vm-files-01', vms)).toBe(vms[2]);
    expect(resolveVmQuery(vms[1].id.toLowerCase(), vms)).toBe(vms[1]);
  });

  it('lists candidates for an ambiguous name, with full ids when rg/name clash across subscriptions', () => {
    expect(() => resolveVmQuery('vm-files-01', vms)).toThrow(AmbiguousNameError);
    // Caught outside the expectation so a query that resolves (throws nothing) fails the test.
    let thrown: unknown;
    try {
      resolveVmQuery('twin', vms);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AmbiguousNameError);
    expect((thrown as AmbiguousNameError).candidates).toEqual([vms[3].id, vms[4].id]);
  });

  it('suggests close names when nothing matches', () => {
    try {
      resolveVmQuery('vm-web-1', vms);
      throw new Error('should not resolve');
    } catch (err) {
      expect(err).toBeInstanceOf(NotFoundError);
      expect((err as NotFoundError).suggestions).toEqual(['vm-web-01']);
      expect((err as Error).message).toBe('I cannot find a VM called vm-web-1. Did you mean vm-web-01?');
    }
  });

  it('says "no such VM" in the vaults\' one sentence shape, whatever form was typed', () => {
    const messageOf = (query: string, among: typeof vms) => {
      try {
        resolveVmQuery(query, among);
      } catch (err) {
        expect(err).toBeInstanceOf(NotFoundError);
        return (err as Error).message;
      }
      throw new Error(`${query} resolved`);
    };
    // An id or resourceGroup/name of a VM that is not there: the closest names, as for a plain name.
    expect(messageOf(`/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-web-1`, vms)).toBe('I cannot find a VM called rg-web/vm-web-1. Did you mean vm-web-01?');
    expect(messageOf('rg-web/vm-web-1', vms)).toBe('I cannot find a VM called rg-web/vm-web-1. Did you mean vm-web-01?');
    expect(messageOf('backups-nowhere', vms)).toBe('I cannot find a VM called backups-nowhere. Type **vms** to list the ones I can see.');
    expect(messageOf('vm-web-01', [])).toBe("I cannot find a VM called vm-web-01. I can see no VMs at all: check the bot's access.");
  });

  it('applies vault name rules to vault queries', () => {
    const vaults = [{ name: 'rsv-weu', resourceGroup: 'rg', subscriptionId: SUB, id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/rsv-weu` }];
    expect(resolveVaultQuery('rsv-weu', vaults)).toBe(vaults[0]);
    expect(() => resolveVaultQuery('rsv_weu', vaults)).toThrow(/not a valid vault name/);
    expect(() => resolveVaultQuery(vms[0].id, vaults)).toThrow(/not the Azure resource id of a vault/);
  });
});

describe('the one vault lookup (protect, subscribe and the vault-taking commands)', () => {
  const vault = (rg: string, name: string, sub = SUB) => ({ name, resourceGroup: rg, subscriptionId: sub, id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.RecoveryServices/vaults/${name}` });
  const vaults = [vault('rg-weu', 'rsv-weu-prod'), vault('rg-weu', 'rsv-weu-test'), vault('rg-eus', 'rsv-eus-prod'), vault('rg-a', 'twin'), vault('rg-a', 'twin', SUB2)];

  function errorOf(query: string, among: typeof vaults): unknown {
    try {
      resolveVaultQuery(query, among);
    } catch (err) {
      return err;
    }
    return undefined;
  }

  it('matches a name whatever its case', () => {
    expect(resolveVaultQuery('RSV-WEU-PROD', vaults)).toBe(vaults[0]);
    expect(resolveVaultQuery('RG-EUS/Rsv-Eus-Prod', vaults)).toBe(vaults[2]);
  });

  it('names the closest vaults when none is called that, and says so when nothing is close or visible', () => {
    const err = errorOf('rsv-weu-prd', vaults);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).message).toBe('I cannot find a vault called rsv-weu-prd. Did you mean rsv-weu-prod, rsv-eus-prod?');
    expect((err as NotFoundError).suggestions).toEqual(['rsv-weu-prod', 'rsv-eus-prod']);
    expect((errorOf(`/subscriptions/${SUB}/resourceGroups/rg-weu/providers/Microsoft.RecoveryServices/vaults/rsv-weu-prd`, vaults) as Error).message).toBe(
      'I cannot find a vault called rg-weu/rsv-weu-prd. Did you mean rsv-weu-prod, rsv-eus-prod?',
    );
    expect((errorOf('backups-nowhere', vaults) as Error).message).toBe('I cannot find a vault called backups-nowhere. Type **vaults** to list the ones I can see.');
    expect((errorOf('rsv-weu-prod', []) as Error).message).toBe("I cannot find a vault called rsv-weu-prod. I can see no vaults at all: check the bot's access.");
  });

  it('refuses a name shared across subscriptions with the full ids, never guessing', () => {
    const err = errorOf('twin', vaults);
    expect(err).toBeInstanceOf(AmbiguousNameError);
    expect((err as AmbiguousNameError).candidates).toEqual([vaults[3].id, vaults[4].id]);
  });
});

describe('policies by name', () => {
  const policy = (vault: string, name: string) => ({ vault, name }) as PolicyView;
  const all = [policy('a', 'DefaultPolicy'), policy('b', 'DefaultPolicy'), policy('a', 'nightly')];

  it('finds a unique name, refuses a shared one with the vaults, and suggests close names', () => {
    expect(resolvePolicies('NIGHTLY', all)).toBe(all[2]);
    expect(() => resolvePolicies('DefaultPolicy', all)).toThrow(/Several vaults have a policy called DefaultPolicy: a, b/);
    expect(() => resolvePolicies('nightlly', all)).toThrow(/Did you mean nightly\?/);
  });
});

describe('new run times', () => {
  it('normalises and validates HH:MM', () => {
    expect(resolvePolicyTimes(['7:30'])).toEqual(['07:30']);
    expect(() => resolvePolicyTimes([])).toThrow(/HH:MM/);
    expect(() => resolvePolicyTimes(['21:00', '21:00'])).toThrow(/repeat/);
    expect(() => resolvePolicyTimes(['9pm'])).toThrow(InvalidInputError);
  });
});
