/**
 * Makes one recording file shareable: subscription, tenant and other identity GUIDs and the names of
 * resource groups, vaults, VMs and custom policies become stable placeholders (the same original
 * always gives the same placeholder within one file, so ids in later requests still match earlier
 * answers), and secrets are dropped. The placeholders follow the Azure CLI recordings' convention
 * (00000000-0000-0000-0000-00000000000N, rg000001, vault000002, vm000003): valid names the sandbox
 * can seed an estate from when the file is replayed.
 */

type Kind = 'rg' | 'vault' | 'vm' | 'policy' | 'res' | 'subscription';

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** ARM ids anywhere in a string (paths, ids, URLs). */
const ARM_ID = /\/subscriptions\/([^/?#\s"']+)\/resourceGroups\/([^/?#\s"']+)(?:\/providers\/([^/?#\s"']+)\/([^/?#\s"']+)\/([^/?#\s"']+)((?:\/[^/?#\s"']+\/[^/?#\s"']+)*))?/gi;
/** Container, protectable and protected item names: [IaasVMContainer;|VM;]iaasvmcontainerv2;{rg};{vm}. */
const BACKUP_ITEM_NAME = /iaasvmcontainerv2;([^;/?#\s"']+);([^;/?#\s"'&]+)/gi;
/** Keys whose GUID values identify people, directories or a customer's resource (a VM's own vmId). */
const IDENTITY_KEYS = /^(tenantId|homeTenantId|principalId|clientId|objectId|subscriptionId|vmId)$/i;
/** Keys whose values are secrets whatever they look like. */
const SECRET_KEYS = /(secret|password|token|signature|credential|sasuri|connectionstring|key$)/i;
/** Built-in policy names: not customer data, and replays need them as they are. */
const BUILT_IN_POLICIES = new Set(['defaultpolicy', 'enhancedpolicy', 'hourlylogbackup']);
/** Words that also appear as fixed parts of Azure paths and bodies: never treated as customer names. */
const RESERVED = new Set(['azure', 'compute', 'vm', 'default', 'backupfabrics', 'subscriptions', 'resourcegroups', 'providers', 'iaasvmcontainer', 'iaasvmcontainerv2']);
// Only letters and digits continue a name: Azure derives names such as {vm}_OsDisk_1_{hash} or
// {vm}-data-00 from the VM's, and those must not leak it (longest names are replaced first, so a
// real name such as vm-web-01-dr is replaced whole before vm-web-01 is looked for).
const NAME_CHAR = /[A-Za-z0-9]/;
/** Storage accounts named in blob URLs (restore targets, unmanaged disks). */
const STORAGE_HOST = /\b([a-z0-9]{3,24})\.(?:blob|file|queue|table|dfs)\.core\.windows\.net/gi;
const PREFIX: Record<Kind, string> = { rg: 'rg', vault: 'vault', vm: 'vm', policy: 'policy', res: 'res', subscription: 'subscription' };
/** Keys whose values name people (tags such as Owner, CreatedBy): redacted. */
const PERSON_KEYS = /^(owner|createdby|created_by|contact|email|user|username|upn|requestedby)$/i;

export class RecordingSanitizer {
  private readonly guids = new Map<string, string>();
  private readonly names = new Map<string, string>();
  private counter = 0;

  /** Grows whenever an original is learned: a copy cleaned at an older version may still hold one. */
  get version(): number {
    return this.counter;
  }

  /** Learns the names and GUIDs in `values` (strings anywhere inside), so `clean` replaces them everywhere. */
  learn(...values: unknown[]): void {
    for (const value of values) {
      walkStrings(value, (text, key) => this.learnString(text, key));
      // A subscription's display name ("Contoso Production") names the customer too.
      walkObjects(value, (object) => {
        if (typeof object.subscriptionId === 'string' && typeof object.displayName === 'string') this.name('subscription', object.displayName);
      });
    }
  }

  /** A deep copy of `value` with every known original replaced and secrets dropped. */
  clean<T>(value: T, key?: string): T {
    if (typeof value === 'string') return (key !== undefined && SECRET_KEYS.test(key) ? '[redacted]' : this.cleanString(value)) as T;
    if (Array.isArray(value)) return value.map((item) => this.clean(item)) as T;
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        // Keys can be ARM ids too (userAssignedIdentities).
        const cleanKey = this.cleanString(k);
        // Only text is redacted: a flag such as disablePasswordAuthentication keeps its boolean.
        out[cleanKey] = (SECRET_KEYS.test(k) || PERSON_KEYS.test(k)) && typeof v === 'string' ? '[redacted]' : this.clean(v, k);
      }
      return out as T;
    }
    return value;
  }

  /** A URL from a response header: host made Azure's, signed parameters (t, c, s, h, sig...) dropped, only api-version kept. */
  cleanUrl(url: string): string {
    try {
      const parsed = new URL(url);
      const apiVersion = parsed.searchParams.get('api-version');
      const query = apiVersion ? `?api-version=${apiVersion}` : '';
      return `https://management.azure.com${this.cleanPath(parsed.pathname)}${query}`;
    } catch {
      return this.cleanString(url.replace(/\?.*$/, ''));
    }
  }

  /** A percent-encoded path, cleaned segment by segment and encoded again (`;` stays %3B as the SDK sends it). */
  cleanPath(path: string): string {
    return path
      .split('/')
      .map((segment) => {
        const decoded = safeDecode(segment);
        return decoded === segment ? this.cleanString(segment) : encodeURIComponent(this.cleanString(decoded));
      })
      .join('/');
  }

  cleanString(text: string): string {
    let out = text.replace(GUID, (guid) => this.guids.get(guid.toLowerCase()) ?? guid);
    // Longest names first, so "vm-web-01-dr" is not half-replaced as "vm-web-01".
    const names = [...this.names.keys()].sort((a, b) => b.length - a.length);
    for (const name of names) out = replaceName(out, name, this.names.get(name)!);
    // URLs inside bodies (restore blob URIs) may carry SAS signatures.
    return out.replace(/([?&])(sig|se|sv|sp|sr|st|skoid|sktid|sks|skv|skt|ske)=[^&"'\s]*/gi, '$1$2=[redacted]');
  }

  private learnString(text: string, key: string | undefined): void {
    if (key !== undefined && IDENTITY_KEYS.test(key)) for (const guid of text.match(GUID) ?? []) this.guid(guid);
    for (const match of text.matchAll(/\/subscriptions\/([0-9a-f-]{36})/gi)) this.guid(match[1]);
    for (const match of text.matchAll(ARM_ID)) {
      this.guid(match[1]);
      this.name('rg', match[2]);
      const [provider, type, name, children] = [match[3], match[4], match[5], match[6]];
      if (provider && type && name) {
        this.name(resourceKind(provider, type), name);
        this.learnChildren(children ?? '');
      }
    }
    for (const match of text.matchAll(STORAGE_HOST)) this.name('res', match[1]);
    for (const match of text.matchAll(BACKUP_ITEM_NAME)) {
      this.name('rg', match[1]);
      this.name('vm', match[2]);
    }
  }

  private learnChildren(children: string): void {
    const parts = children.split('/').filter((part) => part !== '');
    for (let i = 0; i + 1 < parts.length; i += 2) {
      if (parts[i].toLowerCase() === 'backuppolicies') this.name('policy', safeDecode(parts[i + 1]));
    }
  }

  private guid(value: string): void {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return;
    const key = value.toLowerCase();
    if (this.guids.has(key) || /^0{8}-0{4}-0{4}-0{4}-0{8}[0-9a-f]{4}$/.test(key)) return;
    this.counter += 1;
    this.guids.set(key, `00000000-0000-0000-0000-${String(this.counter).padStart(12, '0')}`);
  }

  private name(kind: Kind, raw: string): void {
    const name = safeDecode(raw);
    const key = name.toLowerCase();
    if (name === '' || RESERVED.has(key) || this.names.has(key)) return;
    if (kind === 'policy' && BUILT_IN_POLICIES.has(key)) return;
    if (/^(rg|vault|vm|policy|res|subscription)\d{6}$/.test(key)) return; // already a placeholder
    this.counter += 1;
    this.names.set(key, `${PREFIX[kind]}${String(this.counter).padStart(6, '0')}`);
  }
}

function resourceKind(provider: string, type: string): Kind {
  const p = provider.toLowerCase();
  const t = type.toLowerCase();
  if (p === 'microsoft.recoveryservices' && t === 'vaults') return 'vault';
  if (p === 'microsoft.compute' && t === 'virtualmachines') return 'vm';
  return 'res';
}

/** Replaces `name` (case-insensitive) where it stands as a whole name, not inside a longer one. */
function replaceName(text: string, name: string, placeholder: string): string {
  const lower = text.toLowerCase();
  let out = '';
  let from = 0;
  for (let at = lower.indexOf(name); at >= 0; at = lower.indexOf(name, at + name.length)) {
    const before = at === 0 ? '' : text[at - 1];
    const after = text[at + name.length] ?? '';
    if ((before !== '' && NAME_CHAR.test(before)) || (after !== '' && NAME_CHAR.test(after))) continue;
    out += text.slice(from, at) + placeholder;
    from = at + name.length;
  }
  return out + text.slice(from);
}

function walkObjects(value: unknown, visit: (object: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) for (const item of value) walkObjects(item, visit);
  else if (value !== null && typeof value === 'object') {
    visit(value as Record<string, unknown>);
    for (const child of Object.values(value as Record<string, unknown>)) walkObjects(child, visit);
  }
}

function walkStrings(value: unknown, visit: (text: string, key: string | undefined) => void, key?: string): void {
  if (typeof value === 'string') visit(value, key);
  else if (Array.isArray(value)) for (const item of value) walkStrings(item, visit, key);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      visit(k, undefined);
      walkStrings(v, visit, k);
    }
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
