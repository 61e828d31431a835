import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Vault } from '@azure/arm-recoveryservices';
import { formatBytes } from '../../../src/backup/lifecycle/vaultOverview';
import { securityLine, securityOf } from '../../../src/backup/lifecycle/vaultSecurity';

// The vaults card's security line, read from vault bodies as Azure returned them (Redo:0 and Redo:3).

const redo = JSON.parse(readFileSync(path.resolve(__dirname, '../../fixtures/azure-recordings/TestAzureVMRedoProtection.json'), 'utf8')) as Array<{ seq: number; body: Vault }>;

describe('securityOf', () => {
  it('reads the recorded vaults: soft delete on 14 days, immutability and multi-user authorization off', () => {
    for (const seq of [0, 3]) {
      const security = securityOf(redo.find((e) => e.seq === seq)!.body);
      expect(security).toEqual({ softDelete: 'Enabled', softDeleteDays: 14, immutability: 'Disabled', multiUserAuthorization: 'Disabled' });
      expect(securityLine(security)).toBe('soft delete on (14 days), immutability disabled, multi-user authorization disabled');
    }
  });

  it('reads soft delete off or always on, immutability locked, multi-user authorization on', () => {
    const body = (softDeleteState: string, state: string, mua: string): Vault => ({ location: 'westeurope', properties: { securitySettings: { softDeleteSettings: { softDeleteState, softDeleteRetentionPeriodInDays: 30 }, immutabilitySettings: { state }, multiUserAuthorization: mua } } }) as Vault;
    expect(securityLine(securityOf(body('Disabled', 'Locked', 'Enabled')))).toBe('soft delete off, immutability locked, multi-user authorization enabled');
    expect(securityLine(securityOf(body('AlwaysON', 'Unlocked', 'Disabled')))).toBe('soft delete always on (30 days), immutability unlocked, multi-user authorization disabled');
  });

  it('an older vault body without securitySettings reads as Azure defaults (soft delete on, 14 days)', () => {
    expect(securityOf({ location: 'westus', properties: {} } as Vault)).toEqual({ softDelete: 'Enabled', softDeleteDays: 14, immutability: 'Disabled', multiUserAuthorization: 'Disabled' });
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [117007930, '112 MiB'],
    [1536, '1.5 KiB'],
    [350 * 1024 ** 3, '350 GiB'],
    [1.25 * 1024 ** 4, '1.3 TiB'],
  ])('%d bytes is %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});
