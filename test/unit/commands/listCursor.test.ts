import { byKeys, byVaultAndName, byVmName, policySortKeys, vmSortKeys } from '../../../src/backup/listOrder';
import { edgeCursors, keyCursorIndex, keyCursorSchema } from '../../../src/commands/listCursor';

// Cursor paging of the name-sorted lists (issue 12): where a cursor falls when rows came or went
// since the page was shown. Pure: plain rows.

const vm = (name: string, resourceGroup: string, id = `/subscriptions/s/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/virtualMachines/${name}`) => ({ name, resourceGroup, id });
const vms = [vm('vm-a', 'rg-1'), vm('vm-b', 'rg-1'), vm('vm-b', 'rg-2'), vm('vm-c', 'rg-1'), vm('vm-d', 'rg-1'), vm('vm-e', 'rg-1')].sort(byVmName);
const names = (rows: typeof vms) => rows.map((row) => `${row.name}/${row.resourceGroup}`);

describe('list order', () => {
  it('the sorts and the cursor keys agree (the sorts spell the keys out for speed)', () => {
    const shuffled = [vm('b', 'y'), vm('a', 'z'), vm('b', 'x'), vm('a', 'z', 'id-0'), vm('A', 'z')];
    expect([...shuffled].sort(byVmName)).toEqual([...shuffled].sort((a, b) => byKeys(vmSortKeys(a), vmSortKeys(b))));
    const policy = (vault: string, name: string, id: string) => ({ vault, name, id });
    const policies = [policy('v2', 'p', '3'), policy('v1', 'q', '2'), policy('v1', 'p', '9'), policy('v1', 'p', '1')];
    expect([...policies].sort(byVaultAndName)).toEqual([...policies].sort((a, b) => byKeys(policySortKeys(a), policySortKeys(b))));
    expect([...policies].sort(byVaultAndName).map((p) => p.id)).toEqual(['1', '9', '2', '3']);
  });
});

describe('key cursors', () => {
  const after = (row: (typeof vms)[number]) => ({ direction: 'next' as const, keys: vmSortKeys(row) });
  const before = (row: (typeof vms)[number]) => ({ direction: 'previous' as const, keys: vmSortKeys(row) });

  it('next: the first row after the cursor row, also when rows before it came or went', () => {
    expect(keyCursorIndex(vms, vmSortKeys, after(vms[2]))).toBe(3);
    // vm-a left the list (protected, so no longer in `vms --unprotected`): the next page still starts at vm-c.
    const shrunk = vms.slice(1);
    expect(names([shrunk[keyCursorIndex(shrunk, vmSortKeys, after(vms[2]))]])).toEqual(['vm-c/rg-1']);
    // A new VM sorted before the cursor does not push vm-c onto the page shown already.
    const grown = [vm('vm-0', 'rg-1'), ...vms];
    expect(names([grown[keyCursorIndex(grown, vmSortKeys, after(vms[2]))]])).toEqual(['vm-c/rg-1']);
    // The cursor row itself left: the order still places it.
    const without = vms.filter((row) => row !== vms[2]);
    expect(names([without[keyCursorIndex(without, vmSortKeys, after(vms[2]))]])).toEqual(['vm-c/rg-1']);
    // Names repeat across groups: the group (then the id) tells them apart.
    expect(keyCursorIndex(vms, vmSortKeys, after(vms[1]))).toBe(2);
    expect(keyCursorIndex(vms, vmSortKeys, after(vms.at(-1)!))).toBe(vms.length);
  });

  it('previous: the index of the cursor row, so the page before ends right before it', () => {
    expect(keyCursorIndex(vms, vmSortKeys, before(vms[3]))).toBe(3);
    expect(keyCursorIndex(vms.slice(1), vmSortKeys, before(vms[3]))).toBe(2);
    expect(keyCursorIndex(vms, vmSortKeys, before(vms[0]))).toBe(0);
  });

  it('a page names its first and last rows for Show previous and Show more', () => {
    expect(edgeCursors({ rows: vms.slice(2, 4), offset: 2, total: vms.length }, vmSortKeys)).toEqual({ previous: before(vms[2]), next: after(vms[3]) });
    expect(edgeCursors({ rows: [], offset: 0, total: 0 }, vmSortKeys)).toEqual({});
  });

  it('a cursor in a click is untrusted: bounded keys, known directions', () => {
    expect(keyCursorSchema.safeParse({ direction: 'next', keys: ['a', 'b', 'c'] }).success).toBe(true);
    expect(keyCursorSchema.safeParse({ direction: 'sideways', keys: ['a'] }).success).toBe(false);
    expect(keyCursorSchema.safeParse({ direction: 'next', keys: [] }).success).toBe(false);
    expect(keyCursorSchema.safeParse({ direction: 'next', keys: ['x'.repeat(1001)] }).success).toBe(false);
    expect(keyCursorSchema.safeParse({ direction: 'next', keys: ['a', 'b', 'c', 'd', 'e'] }).success).toBe(false);
  });
});
