import { ArmError, type ArmRequest } from '../../../src/sandbox/http/arm';
import { Router, splitPath } from '../../../src/sandbox/http/router';
import { FaultInjector } from '../../../src/sandbox/faults';
import { SeededRandom } from '../../../src/sandbox/model/random';
import { CliError, parseFlags } from '../../../src/sandbox/cliArgs';

function request(method: string, path: string): ArmRequest {
  return { method, path, segments: splitPath(path), query: new URLSearchParams(), headers: {}, body: undefined, baseUrl: 'https://x' };
}

describe('ARM router', () => {
  const router = new Router<void>()
    .add('GET', '/subscriptions/{subscriptionId}/providers/Microsoft.RecoveryServices/vaults', () => ({ status: 200, body: 'list' }))
    .add('GET', '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/{vaultName}', () => ({ status: 200 }));

  it('matches literal segments case-insensitively and keeps parameter spelling', () => {
    const { params } = router.resolve(request('GET', '/SUBSCRIPTIONS/abc/resourcegroups/RG-One/PROVIDERS/microsoft.recoveryservices/Vaults/My-Vault'));
    expect(params).toEqual({ subscriptionId: 'abc', resourceGroupName: 'RG-One', vaultName: 'My-Vault' });
  });

  it('tolerates a trailing slash', () => {
    expect(() => router.resolve(request('GET', '/subscriptions/abc/providers/Microsoft.RecoveryServices/vaults/'))).not.toThrow();
  });

  it('answers unknown paths with 404 and known paths with another method with 405', () => {
    const notFound = (() => {
      try {
        router.resolve(request('GET', '/subscriptions/abc/providers/Microsoft.Nothing/things'));
      } catch (error) {
        return error as ArmError;
      }
    })();
    expect(notFound).toMatchObject({ status: 404, code: 'InvalidResourceType' });
    expect(() => router.resolve(request('DELETE', '/subscriptions/abc/providers/Microsoft.RecoveryServices/vaults'))).toThrow(
      expect.objectContaining({ status: 405 }) as unknown as Error,
    );
  });
});

describe('fault injector', () => {
  it('injects the chosen share, deterministically, only on matching paths, at most `count` times', () => {
    const decide = (seed: number) => {
      const faults = new FaultInjector(new SeededRandom(seed));
      faults.set({ share: 0.3, status: 500, pathContains: 'backupJobs' });
      return Array.from({ length: 1000 }, () => faults.decide('/x/backupJobs').kind);
    };
    const run = decide(3);
    expect(run).toEqual(decide(3));
    const share = run.filter((kind) => kind === 'status').length / run.length;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.35);

    const faults = new FaultInjector(new SeededRandom(1));
    faults.set({ share: 1, status: 429, retryAfterSeconds: 2, pathContains: 'BACKUPPOLICIES', count: 2 });
    expect(faults.decide('/vaults/v/backupJobs')).toEqual({ kind: 'none' });
    expect(faults.decide('/vaults/v/backupPolicies')).toEqual({ kind: 'status', status: 429, retryAfterSeconds: 2 });
    expect(faults.decide('/vaults/v/backupPolicies/p')).toEqual({ kind: 'status', status: 429, retryAfterSeconds: 2 });
    expect(faults.decide('/vaults/v/backupPolicies')).toEqual({ kind: 'none' });
    expect(faults.current()?.injected).toBe(2);
  });

  it('applies latency alone when no status is given, and nothing after clear', () => {
    const faults = new FaultInjector(new SeededRandom(1));
    faults.set({ share: 1, latencyMs: 25 });
    expect(faults.latencyFor('/any')).toBe(25);
    expect(faults.decide('/any')).toEqual({ kind: 'none' });
    faults.clear();
    expect(faults.latencyFor('/any')).toBe(0);
  });
});

describe('sandbox CLI flags', () => {
  const spec = { port: 'int', 'ca-file': 'string', start: 'date', speed: 'number' } as const;

  it('reads --flag value and --flag=value', () => {
    expect(parseFlags(['--port', '8443', '--ca-file=ca.pem', '--speed', '1.5'], spec)).toEqual({ port: 8443, 'ca-file': 'ca.pem', speed: 1.5 });
  });

  it('explains unknown flags, missing values and bad numbers', () => {
    expect(() => parseFlags(['--prot', '1'], spec)).toThrow(new CliError("Unknown option '--prot'. Options: --port, --ca-file, --start, --speed."));
    expect(() => parseFlags(['--port'], spec)).toThrow('--port needs a value.');
    expect(() => parseFlags(['--port', '84.5'], spec)).toThrow("--port expects a whole number (got '84.5').");
    expect(() => parseFlags(['--start', 'tomorrow'], spec)).toThrow(/ISO date-time/);
  });
});
