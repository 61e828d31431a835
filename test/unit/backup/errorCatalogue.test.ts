import { catalogueEntries, isKnownErrorCode, lookupError } from '../../../src/backup/errorCatalogue';

describe('error catalogue', () => {
  it('holds at least 25 distinct codes, each with meaning, action, steps and a docs link', () => {
    const entries = catalogueEntries();
    expect(entries.length).toBeGreaterThanOrEqual(25);
    expect(new Set(entries.map((e) => e.code.toLowerCase())).size).toBe(entries.length);
    for (const entry of entries) {
      expect(entry.known).toBe(true);
      expect(entry.meaning.length).toBeGreaterThan(20);
      expect(entry.action).toMatch(/[.]$/);
      expect(entry.steps.length).toBeGreaterThan(0);
      expect(entry.docsUrl).toMatch(/^https:\/\/learn\.microsoft\.com\/azure\/backup\//);
    }
  });

  it.each([
    'ExtensionSnapshotFailedNoNetwork',
    'UserErrorGuestAgentStatusUnavailable',
    'GuestAgentSnapshotTaskStatusError',
    'ExtensionFailedVssWriterInBadState',
    'ExtensionFailedVssServiceInBadState',
    'UserErrorVmProvisioningStateFailed',
    'UserErrorRpCollectionLimitReached',
    'UserErrorKeyvaultPermissionsNotConfigured',
    'UserErrorBCMPremiumStorageQuotaError',
    'ExtensionSnapshotFailedCOM',
    'COMException',
    'UserErrorRequestDisallowedByPolicy',
    'UserErrorCrpReportedUserError',
    'BackUpOperationFailed',
    'BackUpOperationFailedV2',
    'UserErrorUnsupportedDiskSize',
    'UserErrorSkuNotAvailable',
    'ExtensionStuckInDeletionState',
    'UserErrorInstantRpNotFound',
  ])('knows %s', (code) => {
    expect(isKnownErrorCode(code)).toBe(true);
    expect(lookupError(code).code).toBe(code);
  });

  it('gives the three network remedies of the seeds for ExtensionSnapshotFailedNoNetwork, naming the region tag', () => {
    const entry = lookupError('ExtensionSnapshotFailedNoNetwork', { region: 'West Europe' });
    const text = [entry.action, ...entry.steps].join('\n');
    expect(text).toContain('Storage.westeurope');
    expect(text).toMatch(/proxy/i);
    expect(text).toContain('AzureBackup');
    expect(text).toMatch(/Azure Firewall/);
    expect(text).not.toContain('{region}');
    expect(entry.category).toBe('network');
  });

  it('says <region> when no region is known', () => {
    expect(lookupError('ExtensionSnapshotFailedNoNetwork').action).toContain('Storage.<region>');
  });

  it('looks codes up case-insensitively and by number', () => {
    expect(lookupError('usererrorguestagentstatusunavailable').code).toBe('UserErrorGuestAgentStatusUnavailable');
    expect(lookupError(320001).code).toBe('ResourceNotFound');
    expect(lookupError('380008').code).toBe('AzureVmOffline');
    expect(lookupError(400094).code).toBe('BCMV2VMNotFound');
  });

  it('never returns undefined: unknown, empty and missing codes get a generic entry that still says what to do', () => {
    for (const code of ['SomethingNew', '', undefined, null, 999999]) {
      const entry = lookupError(code);
      expect(entry).toBeDefined();
      expect(entry.known).toBe(false);
      expect(entry.action.length).toBeGreaterThan(20);
    }
    expect(lookupError('SomethingNew').code).toBe('SomethingNew');
    expect(lookupError('SomethingNew').meaning).toContain('SomethingNew');
    expect(lookupError(undefined).code).toBe('Unknown');
  });

  it('returns copies, so a caller cannot corrupt the catalogue', () => {
    const entry = lookupError('UserErrorRpCollectionLimitReached');
    entry.steps.push('mutated');
    entry.action = 'mutated';
    expect(lookupError('UserErrorRpCollectionLimitReached').steps).not.toContain('mutated');
    expect(lookupError('UserErrorRpCollectionLimitReached').action).not.toBe('mutated');
  });
});
