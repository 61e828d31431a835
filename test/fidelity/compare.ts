// Compares a sandbox answer with the recorded one: status, the headers that matter, and the body's
// shape: every key path of the recording present with the same JSON type, the same value where the
// value is an enum or a sentinel, and no key path the recording does not have.

export interface Difference {
  kind: 'status' | 'header' | 'missing' | 'extra' | 'type' | 'value';
  /** Key path (`value[].properties.lastBackupTime`) or header name. */
  path: string;
  detail: string;
}

/** Keys whose string values are enums (or fixed names) the bot can branch on. */
const ENUM_KEYS = new Set([
  'status', 'protectionState', 'protectionStatus', 'healthStatus', 'lastBackupStatus', 'operation', 'jobType', 'backupManagementType',
  'workloadType', 'protectedItemType', 'protectableItemType', 'objectType', 'type', 'virtualMachineVersion', 'registrationStatus',
  'containerType', 'taskId', 'taskType', 'schedulePolicyType', 'retentionPolicyType', 'scheduleRunFrequency', 'timeZone', 'policyType',
  'durationType', 'recoveryPointType', 'resourceHealthStatus',
]);
/** Values that mean "never", "not yet" or "none": they must be the same wherever the recording has them. */
const SENTINELS = new Set(['0001-01-01T00:00:00', '2001-01-01T00:00:00Z', '']);
const HEADERS = ['location', 'azure-asyncoperation', 'retry-after'];

type Json = Record<string, unknown>;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function compareExchange(
  recorded: { status: number; headers: Record<string, string>; body?: unknown },
  actual: { status: number; headers: Record<string, string>; body?: unknown },
): Difference[] {
  const differences: Difference[] = [];
  if (recorded.status !== actual.status) differences.push({ kind: 'status', path: 'status', detail: `recorded ${recorded.status}, sandbox ${actual.status}` });
  for (const name of HEADERS) {
    const want = recorded.headers[name];
    const got = actual.headers[name];
    if ((want === undefined) !== (got === undefined)) differences.push({ kind: 'header', path: name, detail: want === undefined ? `sandbox sends ${name}: ${got}` : `sandbox lacks ${name}` });
    else if (name === 'retry-after' && want !== undefined && want !== got) differences.push({ kind: 'header', path: name, detail: `recorded ${want}, sandbox ${got}` });
  }
  const recordedBody = recorded.body === '' ? undefined : recorded.body;
  const actualBody = actual.body === '' ? undefined : actual.body;
  if (recordedBody === undefined && actualBody !== undefined) differences.push({ kind: 'extra', path: '(body)', detail: 'the recording has no body' });
  else if (recordedBody !== undefined && actualBody === undefined) differences.push({ kind: 'missing', path: '(body)', detail: 'the sandbox sent no body' });
  else if (recordedBody !== undefined) compareValue(recordedBody, actualBody, '', '', differences);
  return differences;
}

function compareValue(want: unknown, got: unknown, path: string, key: string, out: Difference[]): void {
  if (want === null) return; // a null in a recording says nothing about the type
  if (typeOf(want) !== typeOf(got)) {
    out.push({ kind: 'type', path: path || '(body)', detail: `recorded ${typeOf(want)}, sandbox ${typeOf(got)}` });
    return;
  }
  if (typeof want === 'string') {
    if ((SENTINELS.has(want) || SENTINELS.has(got as string) || ENUM_KEYS.has(key)) && want.toLowerCase() !== String(got).toLowerCase()) {
      out.push({ kind: 'value', path, detail: `recorded '${want}', sandbox '${String(got)}'` });
    }
    return;
  }
  if (Array.isArray(want)) {
    compareArray(want, got as unknown[], path, key, out);
    return;
  }
  if (want && typeof want === 'object') {
    const w = want as Json;
    const g = got as Json;
    for (const [name, value] of Object.entries(w)) {
      const child = path ? `${path}.${name}` : name;
      if (!(name in g)) out.push({ kind: 'missing', path: child, detail: 'not in the sandbox answer' });
      else compareValue(value, g[name], child, name, out);
    }
    for (const name of Object.keys(g)) {
      if (!(name in w)) out.push({ kind: 'extra', path: path ? `${path}.${name}` : name, detail: 'not in the recording' });
    }
  }
}

/** List elements are paired by name (lists of resources) or by position; extra or missing elements count. */
function compareArray(want: unknown[], got: unknown[], path: string, key: string, out: Difference[]): void {
  const elementPath = `${path}[]`;
  // Pair by name when the names are the same resources (not ids the sandbox draws itself, such as job or recovery point ids).
  const gotNames = new Set(got.map((element) => String((element as Json)?.name ?? '').toLowerCase()));
  const named =
    want.length > 0 &&
    want.every((element) => element && typeof element === 'object' && typeof (element as Json).name === 'string') &&
    want.some((element) => gotNames.has(String((element as Json).name).toLowerCase()));
  const pairs: Array<[unknown, unknown]> = [];
  if (named) {
    const byName = new Map(got.map((element) => [String((element as Json)?.name ?? '').toLowerCase(), element]));
    for (const element of want) {
      const match = byName.get(String((element as Json).name).toLowerCase());
      if (match === undefined) out.push({ kind: 'missing', path: elementPath, detail: `no element named '${String((element as Json).name)}'` });
      else pairs.push([element, match]);
    }
    const wanted = new Set(want.map((element) => String((element as Json).name).toLowerCase()));
    for (const element of got) {
      const name = String((element as Json)?.name ?? '').toLowerCase();
      if (!wanted.has(name)) out.push({ kind: 'extra', path: elementPath, detail: `element '${name}' not in the recording` });
    }
  } else {
    if (want.length !== got.length) out.push({ kind: want.length > got.length ? 'missing' : 'extra', path: elementPath, detail: `recorded ${want.length} elements, sandbox ${got.length}` });
    for (let i = 0; i < Math.min(want.length, got.length); i++) pairs.push([want[i], got[i]]);
  }
  for (const [w, g] of pairs) compareValue(w, g, elementPath, key, out);
}
