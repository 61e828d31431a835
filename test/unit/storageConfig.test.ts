import { loadConfig } from '../../src/config';
import { configProblems } from '../helpers/configProblems';


describe('storage settings', () => {
  it('defaults to the file store, a 30 s leader lease and a 30 s send timeout', () => {
    const config = loadConfig({});
    expect(config.storage).toEqual({ kind: 'file', accountUrl: undefined, connectionString: undefined, container: 'teams-backup-bot', azuritePort: 10000 });
    expect(config.leaderLeaseSeconds).toBe(30);
    expect(config.outboxSendTimeoutSeconds).toBe(30);
  });

  it('reads the blob settings', () => {
    const config = loadConfig({ STORAGE: 'Blob', AZURE_STORAGE_ACCOUNT_URL: 'https://acct.blob.core.windows.net', AZURE_STORAGE_CONTAINER: 'bot-state', LEADER_LEASE_SECONDS: '15' });
    expect(config.storage).toMatchObject({ kind: 'blob', accountUrl: 'https://acct.blob.core.windows.net', container: 'bot-state' });
    expect(config.leaderLeaseSeconds).toBe(15);
  });

  it.each([
    [{ STORAGE: 'cosmos' }, 'STORAGE: expected file'],
    [{ AZURE_STORAGE_ACCOUNT_URL: 'http://acct.blob.core.windows.net' }, 'AZURE_STORAGE_ACCOUNT_URL: expected the storage account'],
    [{ AZURE_STORAGE_CONTAINER: 'Bad_Name' }, 'AZURE_STORAGE_CONTAINER: expected a container name'],
    [{ LEADER_LEASE_SECONDS: '90' }, 'LEADER_LEASE_SECONDS: expected a whole number of seconds from 15 to 60'],
    [{ AZURE_STORAGE_CONNECTION_STRING: 'nonsense' }, 'AZURE_STORAGE_CONNECTION_STRING: expected a storage connection string'],
    [
      { AZURE_STORAGE_ACCOUNT_URL: 'https://acct.blob.core.windows.net', AZURE_STORAGE_CONNECTION_STRING: 'AccountName=a;AccountKey=b' },
      'AZURE_STORAGE_CONNECTION_STRING: set either it or AZURE_STORAGE_ACCOUNT_URL',
    ],
  ])('refuses %j with a line naming the setting', (env, expected) => {
    expect(configProblems(env).join('\n')).toContain(expected);
  });

  it('never echoes a connection string back', () => {
    const secret = 'AccountKey=supersecret';
    expect(configProblems({ AZURE_STORAGE_CONNECTION_STRING: secret }).join('\n')).not.toContain('supersecret');
  });
});
