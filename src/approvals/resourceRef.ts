/** An Azure resource as the request remembers it (ids resolved at request time, never from a card). */
export interface ResourceRef {
  id: string;
  name: string;
  resourceGroup: string;
  subscriptionId: string;
  location: string;
}

/** The same resource as the backup views and calls hold it: they say `region` where a request says `location`. */
export interface RegionalResource {
  id: string;
  name: string;
  resourceGroup: string;
  subscriptionId: string;
  region: string;
}

/**
 * The one home of region -> location: a view (VM, vault, vault-create plan) as a request stores it.
 * Only the five fields: a view's extras (counts, redundancy, OS) are not part of the stored ref.
 */
export function resourceRefOf(resource: RegionalResource): ResourceRef {
  return { id: resource.id, name: resource.name, resourceGroup: resource.resourceGroup, subscriptionId: resource.subscriptionId, location: resource.region };
}

/** And back: a stored resource as the backup service's calls take it. */
export function regionalOf(ref: ResourceRef): RegionalResource {
  return { id: ref.id, name: ref.name, resourceGroup: ref.resourceGroup, subscriptionId: ref.subscriptionId, region: ref.location };
}
