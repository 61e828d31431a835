import { compareVersions, runPreflight, type PreflightVault, type PreflightVm } from '../../../src/backup/preflight';

const goodVm: PreflightVm = {
  name: 'vm-web-01',
  resourceGroup: 'rg-app',
  region: 'westeurope',
  osType: 'Windows',
  osName: 'Windows Server 2019 Datacenter',
  powerState: 'running',
  provisioningState: 'Succeeded',
  agent: { status: 'Ready', version: '2.7.41491.1102' },
  disks: { managed: true, dataDiskCount: 2 },
};
const vault: PreflightVault = { name: 'rsv-weu', region: 'West Europe', redundancy: 'GRS' };

/** `null` means no vault chosen (a default parameter would swallow `undefined`). */
function check(vm: Partial<PreflightVm>, target: PreflightVault | null = vault, vaultsInRegion: string[] = []) {
  const result = runPreflight({ vm: { ...goodVm, ...vm }, vault: target ?? undefined, vaultsInRegion });
  return { result, byId: Object.fromEntries(result.checks.map((c) => [c.id, c])) };
}

describe('preflight', () => {
  it('passes a healthy Windows VM with a vault in its region and shows the redundancy', () => {
    const { result, byId } = check({});
    expect(result.verdict).toBe('pass');
    expect(result.checks.every((c) => c.status === 'pass')).toBe(true);
    expect(byId.redundancy.detail).toMatch(/geo-redundant \(GRS\).*cannot be changed/);
    expect(result.notes.join(' ')).toMatch(/Network drives/);
  });

  it('fails a vault in another region and offers the vaults of the VM region', () => {
    const { result, byId } = check({}, { ...vault, region: 'northeurope', name: 'rsv-neu' }, ['rsv-weu']);
    expect(result.verdict).toBe('fail');
    expect(byId.region.status).toBe('fail');
    expect(byId.region.remedy).toMatch(/rsv-weu/);
  });

  it('fails when there is no vault at all in the region', () => {
    const { byId } = check({}, null);
    expect(byId.region.status).toBe('fail');
    expect(byId.region.remedy).toMatch(/Create a Recovery Services vault in westeurope/);
  });

  it('passes and lists the candidates when no vault was chosen and several are in the region: a healthy unprotected VM is "Ready", not "Ready, with warnings"', () => {
    const { byId, result } = check({}, null, ['rsv-a', 'rsv-b']);
    expect(byId.region.status).toBe('pass');
    expect(byId.protection.status).toBe('pass');
    expect(result.verdict).toBe('pass');
    expect(byId.region.detail).toMatch(/2 vaults are in westeurope: rsv-a, rsv-b/);
    expect(byId.redundancy).toBeUndefined();
  });

  it('fails a missing or not-ready agent on a running VM, but only warns when the VM is stopped', () => {
    expect(check({ agent: { status: 'NotInstalled' } }).byId.agent.status).toBe('fail');
    expect(check({ agent: { status: 'NotReady', version: '2.7.0.0' } }).byId.agent.status).toBe('fail');
    const stopped = check({ agent: { status: 'Unknown' }, powerState: 'deallocated' }).byId.agent;
    expect(stopped.status).toBe('warn');
  });

  it('enforces the Windows agent minimum version 2.6.1198.718', () => {
    expect(check({ agent: { status: 'Ready', version: '2.6.1198.718' } }).byId['agent-version'].status).toBe('pass');
    const old = check({ agent: { status: 'Ready', version: '2.6.1198.99' } }).byId['agent-version'];
    expect(old.status).toBe('fail');
    expect(old.remedy).toMatch(/2\.6\.1198\.718/);
    expect(check({ osType: 'Linux', osName: 'Ubuntu 22.04', agent: { status: 'Ready', version: '2.2.0' } }).byId['agent-version']).toBeUndefined();
  });

  it.each([
    ['Windows', 'Windows Server 2008 R2 Datacenter', 'pass'],
    ['Windows', 'Windows Server 2012 R2', 'pass'],
    ['Windows', 'Windows Server 2008 Enterprise', 'fail'],
    ['Windows', 'Windows Server 2003', 'fail'],
    ['Linux', 'Ubuntu 22.04 LTS', 'pass'],
    ['Linux', 'Red Hat Enterprise Linux 9', 'pass'],
    ['Linux', 'CoreOS 1855.4.0', 'fail'],
    ['Linux', 'Gentoo', 'warn'],
  ] as const)('%s %s => %s', (osType, osName, status) => {
    expect(check({ osType, osName, agent: { status: 'Ready', version: '9.9.9.9' } }).byId.os.status).toBe(status);
  });

  it('recognises the OS from the image when the agent does not report a name', () => {
    const old = check({ osName: undefined, image: { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2008-R2-SP1' } });
    expect(old.byId.os.status).toBe('pass');
    const core = check({ osType: 'Linux', osName: undefined, image: { publisher: 'CoreOS', offer: 'CoreOS', sku: 'Stable' } });
    expect(core.byId.os.status).toBe('fail');
    expect(check({ osType: undefined, osName: undefined }).byId.os.status).toBe('warn');
  });

  it('applies the data-disk limits: 32 managed, 16 unmanaged', () => {
    expect(check({ disks: { managed: true, dataDiskCount: 32 } }).byId.disks.status).toBe('pass');
    expect(check({ disks: { managed: true, dataDiskCount: 33 } }).byId.disks.status).toBe('fail');
    expect(check({ disks: { managed: false, dataDiskCount: 16 } }).byId.disks.status).toBe('pass');
    const unmanaged = check({ disks: { managed: false, dataDiskCount: 17 } }).byId.disks;
    expect(unmanaged.status).toBe('fail');
    expect(unmanaged.detail).toMatch(/16/);
  });

  it('warns that a stopped VM is backed up crash-consistent', () => {
    const { result, byId } = check({ powerState: 'stopped' });
    expect(byId['power-state'].status).toBe('warn');
    expect(byId['power-state'].detail).toMatch(/crash-consistent/);
    expect(result.verdict).toBe('warn');
  });

  it('fails a VM in a failed provisioning state', () => {
    expect(check({ provisioningState: 'Failed' }).byId.provisioning.status).toBe('fail');
    expect(check({ provisioningState: 'Updating' }).byId.provisioning.status).toBe('warn');
  });

  it('reports which vault already protects the VM', () => {
    const other = check({ protectedBy: { vaultName: 'rsv-other', policyName: 'DefaultPolicy' } }).byId.protection;
    expect(other.status).toBe('fail');
    expect(other.detail).toMatch(/rsv-other with policy DefaultPolicy.*one vault only/);
    expect(check({ protectedBy: { vaultName: 'RSV-WEU' } }).byId.protection.status).toBe('warn');
    expect(check({ protectedBy: { vaultName: 'rsv-weu' } }, null).byId.protection.status).toBe('pass');
    expect(check({}, null).byId.protection.status).toBe('pass'); // not protected yet is a fact, not a warning
  });

  it('gives every non-passing check a remedy sentence', () => {
    const { result } = check({ agent: { status: 'NotInstalled' }, powerState: 'stopped', disks: { managed: false, dataDiskCount: 20 }, osName: 'Windows Server 2003' }, { ...vault, region: 'eastus' });
    const notPassing = result.checks.filter((c) => c.status !== 'pass');
    expect(notPassing.length).toBeGreaterThanOrEqual(4);
    for (const c of notPassing) expect(c.remedy).toMatch(/\.$/);
  });
});

describe('compareVersions', () => {
  it.each([
    ['2.6.1198.718', '2.6.1198.718', 0],
    ['2.7.0.0', '2.6.1198.718', 1],
    ['2.6.1198.99', '2.6.1198.718', -1],
    ['2.6', '2.6.0.0', 0],
    ['10.0', '9.9', 1],
  ])('%s vs %s', (a, b, expected) => expect(compareVersions(a, b)).toBe(expected));
});
