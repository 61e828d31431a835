import { loadConfig } from '../../src/config';
import { configProblems } from '../helpers/configProblems';


describe('loadConfig', () => {
  it('has working defaults: sandbox mode, port 3978, anonymous', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('sandbox');
    expect(config.port).toBe(3978);
    expect(config.bot.appId).toBe('');
    expect(config.watchIntervalSeconds).toBe(60);
    expect(config.defaultTimeZone).toBe('UTC');
  });

  it('switches to azure mode when subscriptions are configured', () => {
    const config = loadConfig({ AZURE_SUBSCRIPTION_IDS: '00000000-0000-0000-0000-000000000001' });
    expect(config.mode).toBe('azure');
    expect(config.subscriptionIds).toEqual(['00000000-0000-0000-0000-000000000001']);
  });

  it('follows a job card every 3 s on the sandbox (its clock runs 60x: the in-progress phase shows) and every 15 s on Azure; a setting wins', () => {
    expect(loadConfig({}).jobFollowIntervalSeconds).toBe(3);
    expect(loadConfig({ JOB_FOLLOW_INTERVAL_SECONDS: ' ' }).jobFollowIntervalSeconds).toBe(3);
    expect(loadConfig({ AZURE_SUBSCRIPTION_IDS: '00000000-0000-0000-0000-000000000001' }).jobFollowIntervalSeconds).toBe(15);
    expect(loadConfig({ JOB_FOLLOW_INTERVAL_SECONDS: '20' }).jobFollowIntervalSeconds).toBe(20);
    expect(loadConfig({ AZURE_SUBSCRIPTION_IDS: '00000000-0000-0000-0000-000000000001', JOB_FOLLOW_INTERVAL_SECONDS: '7' }).jobFollowIntervalSeconds).toBe(7);
    expect(configProblems({ JOB_FOLLOW_INTERVAL_SECONDS: '0' }).find((p) => p.startsWith('JOB_FOLLOW_INTERVAL_SECONDS:'))).toMatch(/whole number from 1 to 3600/);
  });

  it('lower-cases and trims role lists', () => {
    const config = loadConfig({ APPROVERS: ' AAAAAAAA-0000-0000-0000-000000000001 , bbbbbbbb-0000-0000-0000-000000000002' });
    expect(config.roles.approvers).toEqual(['aaaaaaaa-0000-0000-0000-000000000001', 'bbbbbbbb-0000-0000-0000-000000000002']);
  });

  it('reports one line per bad setting, naming the variable', () => {
    const problems = configProblems({ PORT: 'abc', APPROVERS: 'not-a-guid', DEFAULT_TIMEZONE: 'Mars/Olympus', WATCH_INTERVAL_SECONDS: '0' });
    expect(problems).toHaveLength(4);
    expect(problems.find((p) => p.startsWith('PORT:'))).toMatch(/TCP port/);
    expect(problems.find((p) => p.startsWith('APPROVERS:'))).toMatch(/GUID/);
    expect(problems.find((p) => p.startsWith('DEFAULT_TIMEZONE:'))).toMatch(/IANA/);
    expect(problems.find((p) => p.startsWith('WATCH_INTERVAL_SECONDS:'))).toMatch(/whole number/);
  });

  it('requires the secret with an app id, and never echoes the secret', () => {
    expect(configProblems({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001' })).toEqual([
      'MicrosoftAppPassword: expected the client secret that goes with MicrosoftAppId',
    ]);
    const problems = configProblems({ MicrosoftAppType: 'Nope', MicrosoftAppPassword: 'hunter2' });
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('requires the tenant for single-tenant bots', () => {
    expect(
      configProblems({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'x', MicrosoftAppType: 'SingleTenant' }),
    ).toEqual(['MicrosoftAppTenantId: expected your tenant id when MicrosoftAppType is SingleTenant']);
  });
});
