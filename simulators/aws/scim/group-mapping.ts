import type { IdsGroup } from "../directory-store";
import { externalIdOf } from "./external-id";
import { iso } from "./user-mapping";
import type { Json } from "./validate";

export const GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group";

/** IAM Identity Center never lists members on a group; clients filter /Groups by member instead. */
export function groupToScim(g: IdsGroup): Json {
  const doc: Json = {
    id: g.GroupId,
    externalId: externalIdOf(g.ExternalIds),
    meta: { resourceType: "Group", created: iso(g.CreatedAt), lastModified: iso(g.UpdatedAt) },
    schemas: [GROUP_URN],
    displayName: g.DisplayName,
    members: [],
  };
  return JSON.parse(JSON.stringify(doc)) as Json;
}
