import { editDistance } from '../../../src/backup/closestNames';
import { closestName } from '../../../src/bot/closestCommand';

const names = ['help', 'whoami', 'vaults', 'vms', 'check', 'protect', 'backup', 'jobs', 'job', 'policies', 'policy'];

describe('closestName', () => {
  it('computes edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it.each([
    ['hlep', 'help'],
    ['bakup', 'backup'],
    ['polcies', 'policies'],
    ['WHOAMI', 'whoami'],
    ['prot', 'protect'],
  ])('suggests %s -> %s', (typed, expected) => {
    expect(closestName(typed, names)).toBe(expected);
  });

  it('suggests nothing for unrelated words', () => {
    expect(closestName('xyzzyplugh', names)).toBeUndefined();
  });
});
