/** An Azure resource as the request remembers it (ids resolved at request time, never from a card). */
export interface ResourceRef {
  id: string;
  name: string;
  resourceGroup: string;
  subscriptionId: string;
  location: string;
}
