import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { DEMO_APPROVER, DEMO_OPERATOR, withDemoRoles } from '../../src/demoRoles';

describe('demo roles for npm start', () => {
  it('name people of the Playground config with their AAD ids', () => {
    const yml = fs.readFileSync(path.resolve(__dirname, '..', '..', '.m365agentsplayground.yml'), 'utf8');
    for (const person of [DEMO_OPERATOR, DEMO_APPROVER]) {
      expect(yml).toMatch(new RegExp(`name: ${person.name}\\n(?:.*\\n){0,2}\\s*aadObjectId: ${person.aadObjectId}`));
    }
    expect(yml).toMatch(new RegExp(`id: ${DEMO_APPROVER.playgroundUserId}\\n\\s*name: ${DEMO_APPROVER.name}\\n`));
  });

  it('apply in sandbox mode when no role is configured', () => {
    const { config, applied } = withDemoRoles(loadConfig({}));
    expect(applied).toBe(true);
    expect(config.roles.operators).toEqual([DEMO_OPERATOR.aadObjectId]);
    expect(config.roles.approvers).toEqual([DEMO_APPROVER.aadObjectId]);
  });

  it('never apply in azure mode or over configured roles', () => {
    expect(withDemoRoles(loadConfig({ AZURE_SUBSCRIPTION_IDS: '00000000-0000-0000-0000-000000000001' })).applied).toBe(false);
    const configured = withDemoRoles(loadConfig({ APPROVERS: '00000000-0000-0000-0000-0000000000aa' }));
    expect(configured.applied).toBe(false);
    expect(configured.config.roles.operators).toEqual([]);
  });
});
